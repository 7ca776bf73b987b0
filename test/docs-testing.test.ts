// Runs the code blocks of docs/testing.md exactly as shown, so the page cannot go stale.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('every test in docs/testing.md passes as written', async () => {
  const page = await readFile('docs/testing.md', 'utf8');
  const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((code) => code.includes("from 'node:test'"));
  assert.ok(blocks.length >= 4, `expected the four documented examples, found ${blocks.length}`);
  const dir = join('.tmp', 'docs-testing');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = await Promise.all(
    blocks.map(async (code, i) => {
      const file = join(dir, `snippet-${i}.test.ts`);
      await writeFile(file, code);
      return file;
    }),
  );
  // A fresh test run, not a child of ours: drop the runner's own marker from the environment.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
    timeout: 60_000,
    env,
  });
  assert.match(stdout, new RegExp(`# pass ${blocks.length}\\b`));
  assert.match(stdout, /# fail 0\b/);
});
