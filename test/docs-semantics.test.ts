// docs/semantics.md names the test file that pins each behaviour down; those files must exist,
// and the pages it links to as well.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

test('every test file and page docs/semantics.md refers to exists', async () => {
  const page = await readFile('docs/semantics.md', 'utf8');
  const tests = [...page.matchAll(/`(test\/[\w./-]+)`/g)].map((m) => m[1]!);
  assert.ok(tests.length >= 10, `found ${tests.length} test references`);
  for (const path of tests) assert.ok(existsSync(path), `docs/semantics.md refers to ${path}, which does not exist`);
});

test('the docs link only to pages that exist', async () => {
  for (const name of ['getting-started.md', 'api.md', 'semantics.md', 'errors.md']) {
    const page = await readFile(`docs/${name}`, 'utf8');
    for (const [, target] of page.matchAll(/\]\(([\w-]+\.md)\)/g)) {
      assert.ok(existsSync(`docs/${target}`), `docs/${name} links to ${target}, which does not exist`);
    }
  }
});
