// The type tests in test/types are only worth something if tsc really compiles them: this keeps
// them from silently dropping out of `npm run typecheck` (socket.io's tsd suite once became "exit 0").
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { glob } from 'tinyglobby';

const run = promisify(execFile);
const tsc = resolve('node_modules/typescript/bin/tsc');

test('npm run typecheck compiles every type test in both decorator modes', async () => {
  const typeTests = (await glob('test/types/*.test-d.ts', { absolute: true })).sort();
  assert.ok(typeTests.length >= 2, `found ${typeTests.length} type test files`);
  const script = JSON.parse(await readFile('package.json', 'utf8')).scripts.typecheck as string;
  for (const project of ['.', 'test/decorators/tsconfig.standard.json']) {
    assert.ok(script.includes(`-p ${project}`), `typecheck runs tsc -p ${project}`);
    const { stdout } = await run(process.execPath, [tsc, '-p', project, '--listFilesOnly'], { timeout: 60_000 });
    const listed = new Set(stdout.split('\n').map((l) => l.trim()));
    for (const file of typeTests) assert.ok(listed.has(file), `${project} compiles ${file}`);
  }
  for (const file of typeTests) {
    const source = await readFile(file, 'utf8');
    assert.ok((source.match(/@ts-expect-error/g) ?? []).length >= 5, `${file} has expectations`);
  }
});
