// Runs docs/contract.md as a reader would: writes each `// file:` block, type-checks them in
// both decorator modes (the page's @ts-expect-error lines must all be needed), starts the
// server, runs the client and `socketeer routes`, and compares their output with the page;
// then validates the `socketeer asyncapi` output and runs the page's test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startPageServer } from './support/page-server.js';
import { Parser } from '@asyncapi/parser';

const run = promisify(execFile);
const dir = resolve('.tmp/docs-contract');
const { NODE_TEST_CONTEXT: _, ...baseEnv } = process.env;
const env = { ...baseEnv, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') };
const tsc = resolve('node_modules/typescript/bin/tsc');
const cli = resolve('src/cli/main.ts');

async function writePage(): Promise<{ page: string; textBlocks: string[] }> {
  const page = await readFile('docs/contract.md', 'utf8');
  const files = new Map<string, string>();
  for (const [, code] of page.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ file: (\S+)\n/.exec(code!)?.[1];
    assert.ok(name, `every ts block names its file:\n${code}`);
    files.set(name, code!);
  }
  assert.deepEqual(
    [...files.keys()],
    [
      'src/news.controller.ts',
      'src/contract.ts',
      'src/server.ts',
      'client.ts',
      'mistakes.ts',
      'test/news.test.ts',
      'src/admin.controller.ts',
    ],
  );
  await rm(dir, { recursive: true, force: true });
  for (const [name, code] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), code);
  }
  for (const [name, experimentalDecorators] of [
    ['tsconfig.json', true],
    ['tsconfig.standard.json', false],
  ] as const) {
    const tsconfig = {
      extends: '../../tsconfig.json',
      compilerOptions: { experimentalDecorators, noEmit: true },
      include: ['**/*.ts'],
      exclude: [],
    };
    await writeFile(join(dir, name), JSON.stringify(tsconfig));
  }
  const textBlocks = [...page.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return { page, textBlocks };
}

const startServer = () => startPageServer(dir, env);

test('docs/contract.md works when pasted', async () => {
  const { textBlocks } = await writePage();
  const [clientOutput, routesOutput] = textBlocks;
  assert.ok(clientOutput && routesOutput, 'the page shows the client output and the routes table');

  for (const config of ['tsconfig.json', 'tsconfig.standard.json']) {
    await run(process.execPath, [tsc, '-p', join(dir, config)], { timeout: 90_000 }).catch((err: { stdout: string }) =>
      assert.fail(`the page's code does not type-check with ${config}:\n${err.stdout}`),
    );
  }

  const server = await startServer();
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(dir, 'client.ts')], {
      env: { ...env, URL: server.url },
      timeout: 20_000,
    });
    assert.equal(stdout, clientOutput);
  } finally {
    server.stop();
  }

  const routes = await run(process.execPath, ['--import', 'tsx', cli, 'routes', join(dir, 'src/server.ts')], {
    env,
    timeout: 30_000,
  });
  assert.equal(routes.stdout.replace(/\n$/, ''), routesOutput.replace(/\n$/, ''));

  const out = join(dir, 'asyncapi.json');
  await run(process.execPath, ['--import', 'tsx', cli, 'asyncapi', join(dir, 'src/server.ts'), '--out', out], {
    env,
    timeout: 30_000,
  });
  const { document, diagnostics } = await new Parser().parse(await readFile(out, 'utf8'));
  assert.ok(document, diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity <= 1),
    [],
  );
  assert.deepEqual(
    document
      .operations()
      .filterByReceive()
      .map((o) => o.id())
      .sort(),
    ['news.receive.count', 'news.receive.stats', 'news.receive.subscribe'],
  );

  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', join(dir, 'test/news.test.ts')],
    { env, timeout: 30_000 },
  );
  assert.match(stdout, /# pass 1\b/);
  assert.match(stdout, /# fail 0\b/);
});
