// Keeps docs/errors.md and src/errors.ts in sync, both ways (Fastify's errors test, for us).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { CLIENT_ERRORS, DEVELOPER_ERRORS, ERROR_EVENT } from 'socketeer';

/** The codes in the first column of the table under `heading`. */
function tableCodes(page: string, heading: string): string[] {
  const start = page.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `docs/errors.md has a "## ${heading}" section`);
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
}

test('every client error code is documented, and every documented one exists', async () => {
  const page = await readFile('docs/errors.md', 'utf8');
  assert.deepEqual(tableCodes(page, 'Client error codes').sort(), Object.keys(CLIENT_ERRORS).sort());
});

test('every developer error code is documented, and every documented one exists', async () => {
  const page = await readFile('docs/errors.md', 'utf8');
  assert.deepEqual(tableCodes(page, 'Developer error codes').sort(), Object.keys(DEVELOPER_ERRORS).sort());
});

test('the error event is documented under its real name', async () => {
  const page = await readFile('docs/errors.md', 'utf8');
  assert.equal(ERROR_EVENT, 'socketeer:error');
  assert.ok(page.includes(`**\`${ERROR_EVENT}\`**`));
});

test('no code is both a client and a developer code', () => {
  const both = Object.keys(CLIENT_ERRORS).filter((c) => Object.hasOwn(DEVELOPER_ERRORS, c));
  assert.deepEqual(both, []);
});
