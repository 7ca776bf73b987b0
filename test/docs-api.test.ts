// Every public export of src/index.ts has an entry (a `### \`name` heading) in docs/api.md.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

/** The names src/index.ts exports, values and types, read from its `export { ... } from` lines. */
async function publicExports(): Promise<{ values: string[]; types: string[] }> {
  const source = await readFile('src/index.ts', 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  // One statement per `export`, whether the formatter kept it on one line or wrapped its names.
  const statements = source
    .split(/\n(?=export )/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('//'))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s.startsWith('export'));
  for (const statement of statements) {
    const match = /^export (type )?\{([^}]*)\} from '[^']+';/.exec(statement);
    assert.ok(match, `src/index.ts exports only with "export { ... } from": ${statement}`);
    for (const raw of match[2]!.split(',')) {
      const spec = raw.trim();
      if (!spec) continue;
      const isType = Boolean(match[1]) || spec.startsWith('type ');
      const name = spec
        .replace(/^type /, '')
        .split(/\s+as\s+/)
        .pop()!;
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

/** The names src/testing/index.ts exports: `export { ... } from` lines and exported functions. */
async function testingExports(): Promise<string[]> {
  const source = await readFile('src/testing/index.ts', 'utf8');
  const names: string[] = [];
  for (const match of source.matchAll(/^export (?:type )?\{([^}]*)\} from '[^']+';$/gm)) {
    for (const raw of match[1]!.split(',')) {
      const spec = raw.trim();
      if (spec)
        names.push(
          spec
            .replace(/^type /, '')
            .split(/\s+as\s+/)
            .pop()!,
        );
    }
  }
  for (const match of source.matchAll(/^export (?:async )?(?:function|const|class) ([A-Za-z_]+)/gm))
    names.push(match[1]!);
  return names;
}

test('the socketeer/testing export list covers what the module exports at runtime', async () => {
  const listed = await testingExports();
  const runtime = Object.keys(await import('socketeer/testing'));
  assert.deepEqual(
    runtime.filter((name) => !listed.includes(name)),
    [],
  );
});

test('docs/testing.md documents every socketeer/testing export, and nothing else, in its reference', async () => {
  const page = await readFile('docs/testing.md', 'utf8');
  const start = page.indexOf('## Reference: everything `socketeer/testing` exports');
  assert.ok(start >= 0, 'docs/testing.md has its reference section');
  const documented = new Set([...page.slice(start).matchAll(/^### `([A-Za-z_]+)/gm)].map((m) => m[1]!));
  const listed = await testingExports();
  assert.deepEqual(
    listed.filter((name) => !documented.has(name)),
    [],
  );
  assert.deepEqual(
    [...documented].filter((name) => !listed.includes(name)),
    [],
  );
});
