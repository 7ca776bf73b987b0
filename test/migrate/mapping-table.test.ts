// The API mapping table in docs/migrating-from-flask-socketio.md and the public exports stay in
// sync: every runtime export of 'socketeer' appears in the table's Socketeer column, and every
// name that column starts a code span with is exported (by 'socketeer' or 'socketeer/testing'),
// apart from `app` and `client`, the objects createApp and createTestClient return.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import * as socketeer from 'socketeer';
import * as testing from 'socketeer/testing';
import { repoRoot } from './fixture-cases.js';

const INSTANCES = new Set(['app', 'client']);

/** The Socketeer cell of every row of the "API mapping" table. */
async function socketeerColumn(): Promise<string[]> {
  const doc = await readFile(path.join(repoRoot, 'docs/migrating-from-flask-socketio.md'), 'utf8');
  const section = /^## API mapping\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1];
  assert.ok(section, 'the guide has an "## API mapping" section');
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2); // header and separator
  assert.ok(rows.length > 40, `the table has ${rows.length} rows`);
  return rows.map((row) => {
    const cells = row.split(' | ');
    assert.equal(cells.length, 3, `three columns in: ${row}`);
    return cells[1] as string;
  });
}

function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}

/** The name a code span is about: `await call(...)` -> call, `@On('x')` -> On, `const app = createApp()` -> createApp. */
function rootName(span: string): string {
  const bare = span.replace(/^(const \w+ = |await |throw |return |new |@)+/, '');
  return /^[A-Za-z_$][\w$]*/.exec(bare)?.[0] ?? '';
}

test('every name the Socketeer column uses is a public export', async () => {
  const exported = new Set([...Object.keys(socketeer), ...Object.keys(testing), ...INSTANCES]);
  const unknown = (await socketeerColumn())
    .flatMap(codeSpans)
    .map(rootName)
    .filter((name) => !exported.has(name));
  assert.deepEqual([...new Set(unknown)], [], 'names in the table that src/index.ts does not export');
});

test('every runtime export of socketeer appears in the Socketeer column', async () => {
  const words = new Set(
    (await socketeerColumn()).flatMap(codeSpans).flatMap((span) => span.match(/[A-Za-z_$][\w$]*/g) ?? []),
  );
  const missing = Object.keys(socketeer).filter((name) => !words.has(name));
  assert.deepEqual(missing, [], 'exports of src/index.ts the migration table does not map');
});
