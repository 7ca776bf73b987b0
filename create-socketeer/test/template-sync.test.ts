/**
 * Each template is one of the repo's examples, copied by scripts/sync-templates.ts: this fails
 * when an example changed and its template was not synced (`npm run sync-templates -w
 * create-socketeer`), or when someone edited a template's copy instead of the example.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { copiedFilesNow, derive, SOURCES, templateDir } from '../scripts/sync-templates.js';
import { TEMPLATES } from '../src/templates.js';

test('every template the creator offers is derived from an example', () => {
  assert.deepEqual(Object.keys(SOURCES).sort(), TEMPLATES.map((t) => t.name).sort());
});

for (const template of Object.keys(SOURCES)) {
  test(`templates/${template} holds exactly what examples/${SOURCES[template]!.example} gives it`, () => {
    const wanted = derive(template);
    assert.ok([...wanted.keys()].some((path) => path.startsWith('src/controllers/')), 'the example has controllers');
    assert.ok(wanted.has('src/server.ts'), 'the example has a server');
    assert.deepEqual(copiedFilesNow(template).sort(), [...wanted.keys()].sort(), 'the same files (sync removes stale ones)');
    for (const [path, content] of wanted) {
      assert.equal(readFileSync(join(templateDir(template), path), 'utf8'), content, `${path} matches the example`);
    }
  });
}
