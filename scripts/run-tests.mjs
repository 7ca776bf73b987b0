#!/usr/bin/env node
// Runs every test/**/*.test.ts (and examples' tests) with Node's test runner through tsx.
// Node 20's --test does not expand globs itself, so we list the files here.
import { spawn, spawnSync } from 'node:child_process';
import { glob } from 'tinyglobby';

const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only
    : (
        await glob(['test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'create-socketeer/test/**/*.test.ts'], {
          ignore: ['**/node_modules/**', '**/fixtures/**'],
        })
      ).sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// create-socketeer's templates copy the examples; they are generated, not committed.
const sync = spawnSync(process.execPath, ['--import', 'tsx', 'create-socketeer/scripts/sync-templates.ts', '--quiet'], {
  stdio: 'inherit',
});
if (sync.status !== 0) process.exit(sync.status ?? 1);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
