// Every public export of src/index.ts has an entry (a `### \`name` heading) in docs/api.md.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

/** The names src/index.ts exports, values and types, read from its `export { ... } from` lines. */
async function publicExports(): Promise<{ values: string[]; types: string[] }> {
  const source = await readFile('src/index.ts', 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  const statements = source.split('\n').filter((line) => line.startsWith('export'));
  for (const statement of statements) {
    const match = /^export (type )?\{([^}]*)\} from '[^']+';$/.exec(statement);
    assert.ok(match, `src/index.ts exports only with "export { ... } from": ${statement}`);
    for (const raw of match[2]!.split(',')) {
      const spec = raw.trim();
      if (!spec) continue;
      const isType = Boolean(match[1]) || spec.startsWith('type ');
      const name = spec.replace(/^type /, '').split(/\s+as\s+/).pop()!;
      (isType ? types : values).push(name);
    }
  }
  return { values, types };
}

test('the export list read from src/index.ts matches what the module exports at runtime', async () => {
  const { values } = await publicExports();
  const runtime = Object.keys(await import('socketeer'));
  assert.deepEqual([...values].sort(), runtime.sort());
});

test('docs/api.md has an entry for every public export', async () => {
  const { values, types } = await publicExports();
  const page = await readFile('docs/api.md', 'utf8');
  const documented = new Set([...page.matchAll(/^### `([A-Za-z_]+)/gm)].map((m) => m[1]!));
  const missing = [...values, ...types].filter((name) => !documented.has(name));
  assert.deepEqual(missing, [], `add these to docs/api.md: ${missing.join(', ')}`);
});

test('docs/api.md documents nothing that is not exported', async () => {
  const { values, types } = await publicExports();
  const exported = new Set([...values, ...types]);
  const page = await readFile('docs/api.md', 'utf8');
  const extra = [...page.matchAll(/^### `([A-Za-z_]+)/gm)].map((m) => m[1]!).filter((name) => !exported.has(name));
  assert.deepEqual(extra, []);
});
