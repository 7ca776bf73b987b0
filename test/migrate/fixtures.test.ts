// Fixture pairs: each Flask-SocketIO program migrates to exactly the expected TypeScript and report.
// UPDATE_FIXTURES=1 rewrites expected/ from the current output (review the diff before committing).
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureCases, migrateCase } from './fixture-cases.js';

const update = process.env.UPDATE_FIXTURES === '1';

for (const c of fixtureCases) {
  test(`migrates fixture ${c.name} exactly as expected`, async () => {
    const actual = await migrateCase(c);
    if (update) {
      await rm(c.expectedDir, { recursive: true, force: true });
      await mkdir(c.expectedDir, { recursive: true });
      for (const [name, text] of actual) await writeFile(path.join(c.expectedDir, name), text);
    }
    const expectedNames = (
      await readdir(c.expectedDir).catch(() =>
        assert.fail(`${c.name} has no expected/ yet: run with UPDATE_FIXTURES=1 and review it`),
      )
    ).sort();
    assert.deepEqual([...actual.keys()].sort(), expectedNames, 'the set of generated files');
    for (const name of expectedNames) {
      assert.equal(
        actual.get(name),
        await readFile(path.join(c.expectedDir, name), 'utf8'),
        `${c.name}/expected/${name}`,
      );
    }
  });
}

test('there are fixture cases to compare', () => {
  assert.ok(fixtureCases.length >= 3, `found ${fixtureCases.length}`);
});
