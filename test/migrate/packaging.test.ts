// The migrator is a package of its own: installing socketeer pulls no Python parser (and so no
// install-script warning), and nothing in socketeer's runtime imports the migrator's code.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { glob } from 'tinyglobby';
import { repoRoot } from './fixture-cases.js';

interface PackageJson {
  name: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  files?: string[];
}

const readJson = async (file: string) => JSON.parse(await readFile(path.join(repoRoot, file), 'utf8')) as PackageJson;

test("socketeer's install has no parser; socketeer-migrate carries it and the bin", async () => {
  const socketeer = await readJson('package.json');
  const migrator = await readJson('socketeer-migrate/package.json');
  const installed = Object.keys({ ...socketeer.dependencies, ...socketeer.peerDependencies });
  assert.deepEqual(
    installed.filter((d) => /tree-sitter|socketeer-migrate/.test(d)),
    [],
  );
  assert.ok(migrator.dependencies?.['web-tree-sitter'] && migrator.dependencies['tree-sitter-python']);
  assert.equal(migrator.bin?.['socketeer-migrate'], './dist/cli.js');
});

test('socketeer reaches the migrator only through the package name, at run time', async () => {
  const files = await glob(['src/**/*.ts', 'decorators/**/*.ts'], { cwd: repoRoot });
  const offenders: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    if (/from ['"][^'"]*(tree-sitter|socketeer-migrate)/.test(text)) offenders.push(file);
  }
  assert.deepEqual(offenders, []);
});
