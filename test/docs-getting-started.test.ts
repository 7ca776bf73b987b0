// Runs docs/getting-started.md as a reader would: writes each `// file:` block where it says,
// type-checks them (standard decorators, tsx's default), starts the server, runs the client and
// compares its output with the page, then runs the page's test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startPageServer } from './support/page-server.js';

const run = promisify(execFile);
const dir = resolve('.tmp/getting-started');
const { NODE_TEST_CONTEXT: _, ...baseEnv } = process.env;
const env = { ...baseEnv, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') };

async function writePage(): Promise<{ files: Map<string, string>; expectedOutput: string }> {
  const page = await readFile('docs/getting-started.md', 'utf8');
  const files = new Map<string, string>();
  for (const [, code] of page.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ file: (\S+)\n/.exec(code!)?.[1];
    assert.ok(name, `every ts block names its file:\n${code}`);
    files.set(name, code!);
  }
  assert.deepEqual([...files.keys()], ['src/chat.controller.ts', 'src/server.ts', 'client.ts', 'test/chat.test.ts']);
  const expectedOutput = /It prints:\n\n```text\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(expectedOutput, 'the page shows the client output');
  await rm(dir, { recursive: true, force: true });
  for (const [name, code] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), code);
  }
  const tsconfig = {
    extends: '../../tsconfig.json',
    compilerOptions: { experimentalDecorators: false, noEmit: true },
    include: ['**/*.ts'],
    exclude: [],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return { files, expectedOutput };
}

const startServer = () => startPageServer(dir, env);

test('docs/getting-started.md works when pasted', async () => {
  const { expectedOutput } = await writePage();
  await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
    timeout: 60_000,
  }).catch((err: { stdout: string }) => assert.fail(`the page's code does not type-check:\n${err.stdout}`));

  const server = await startServer();
  try {
    assert.equal(await (await fetch(`${server.url}/health`)).text(), 'ok');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(dir, 'client.ts')], {
      env: { ...env, URL: server.url },
      timeout: 20_000,
    });
    assert.equal(stdout, expectedOutput);
  } finally {
    server.stop();
  }

  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', join(dir, 'test/chat.test.ts')],
    { env, timeout: 30_000 },
  );
  assert.match(stdout, /# pass 1\b/);
  assert.match(stdout, /# fail 0\b/);
});
