// The migrated TypeScript compiles with the repo's strict tsconfig, against the real 'socketeer'.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { fixtureCases, migrateCaseToDisk, repoRoot } from './fixture-cases.js';

const run = promisify(execFile);
const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

test('every fixture migrates to TypeScript that tsc accepts under the strict settings', async () => {
  const dirs = await Promise.all(fixtureCases.map((c) => migrateCaseToDisk(c)));
  made.push(...dirs);
  // One project over all outputs; it extends the repo tsconfig, so 'socketeer' maps to src/index.ts.
  const project = path.join(repoRoot, '.tmp', `tsconfig.migrate-${process.pid}.json`);
  made.push(project);
  const config = {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true },
    include: dirs.map((d) => `${path.relative(path.dirname(project), d)}/**/*.ts`),
    exclude: [],
  };
  await writeFile(project, JSON.stringify(config, null, 2));
  const tsc = path.join(repoRoot, 'node_modules/.bin/tsc');
  const result = await run(tsc, ['-p', project], { cwd: repoRoot }).then(
    () => ({ code: 0, output: '' }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    }),
  );
  assert.equal(result.code, 0, `tsc reported errors:\n${result.output}`);
});
