import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createApp, Namespace, On, type SocketeerError } from 'socketeer';
import { ask, serve } from './support/server.js';

const run = promisify(execFile);
const fixtures = resolve('test/discovery/fixtures');

describe('discovery by glob', () => {
  test('imports matching .ts modules (under tsx) and binds the controllers they export', async (t) => {
    const server = await serve(t, { controllers: ['**/*.controller.ts'], cwd: resolve(fixtures, 'good') });
    const chat = await server.connect('/chat');
    const notify = await server.connect('/notify');
    assert.equal(await ask(chat, 'ping'), 'pong from /chat');
    assert.equal(await ask(chat, 'extra'), 'extra', 'two files share /chat');
    assert.equal(await ask(notify, 'ping'), 'pong from /notify');
  });

  test('globs are relative to process.cwd() by default, and mix with classes', async (t) => {
    @Namespace('/inline')
    class Inline {
      @On('hi') hi() {
        return 'inline';
      }
    }
    const server = await serve(t, { controllers: [Inline, 'test/discovery/fixtures/good/nested/*.controller.ts'] });
    assert.equal(await ask(await server.connect('/inline'), 'hi'), 'inline');
    assert.equal(await ask(await server.connect('/notify'), 'ping'), 'pong from /notify');
  });

  test('createApp returns at once; ready() resolves when the globbed controllers are bound', async (t) => {
    const app = createApp({ controllers: ['good/**/*.controller.ts'], cwd: fixtures });
    t.after(() => app.close());
    await app.ready();
    assert.ok(app.io._nsps.has('/chat'));
    assert.ok(app.io._nsps.has('/notify'));
  });

  test('works for compiled .js run by plain node', async () => {
    const out = resolve('.tmp/discovery-compiled');
    await rm(out, { recursive: true, force: true });
    await run(
      process.execPath,
      [resolve('node_modules/typescript/bin/tsc'), '-p', 'test/discovery/tsconfig.compiled.json'],
      { timeout: 60_000 },
    );
    const { NODE_TEST_CONTEXT: _, NODE_OPTIONS: __, ...env } = process.env;
    const { stdout } = await run(process.execPath, [resolve(out, 'test/discovery/fixtures/good/boot-compiled.js')], {
      env,
      timeout: 30_000,
    });
    assert.deepEqual(JSON.parse(stdout), ['pong from /chat', 'extra', 'pong from /notify']);
  });
});

describe('discovery boot errors', () => {
  const bootError = async (controllers: string[]) => {
    const app = createApp({ controllers, cwd: fixtures });
    try {
      await app.listen(0, '127.0.0.1');
    } catch (err) {
      return err as SocketeerError;
    } finally {
      await app.close();
    }
    assert.fail('booted');
  };

  test('a glob that matches nothing', async () => {
    const err = await bootError(['nowhere/**/*.ts']);
    assert.equal(err.code, 'no_controllers_found');
    assert.equal(
      err.message,
      `createApp: the controller glob 'nowhere/**/*.ts' matched no files (looked in ${fixtures}).`,
    );
  });

  test('a module that fails to import names the file and the cause', async () => {
    const err = await bootError(['broken/*.ts']);
    assert.equal(err.code, 'controller_import_failed');
    assert.equal(
      err.message,
      `createApp: could not import ${resolve(fixtures, 'broken/throws.controller.ts')}: this module fails at import time`,
    );
  });

  test('duplicate handlers across discovered files', async () => {
    const err = await bootError(['dup/*.ts']);
    assert.equal(err.code, 'duplicate_handler');
    assert.match(err.message, /FirstController\.first and SecondController\.second/);
  });

  test('a discovered class with handlers but no @Namespace', async () => {
    const err = await bootError(['undecorated/*.ts']);
    assert.equal(err.code, 'missing_namespace');
    assert.match(err.message, /^LostController has handler decorators \(LostController\.lost\) but no @Namespace\(\)/);
  });

  test('ready() rejects with the same error', async () => {
    const app = createApp({ controllers: ['dup/*.ts'], cwd: fixtures });
    await assert.rejects(app.ready(), { code: 'duplicate_handler' });
    await app.close();
  });
});
