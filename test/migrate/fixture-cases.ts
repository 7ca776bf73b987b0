/**
 * The fixture pairs: test/migrate/fixtures/<case>/ holds a Flask-SocketIO program (app.py,
 * or an input/ directory) and expected/, the exact TypeScript and report the migrator writes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../socketeer-migrate/src/migrate.js';
import { readInputs } from '../../socketeer-migrate/src/read-inputs.js';

export const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const fixturesDir = path.join(repoRoot, 'test/migrate/fixtures');

export interface FixtureCase {
  name: string;
  input: string;
  expectedDir: string;
}

export const fixtureCases: FixtureCase[] = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const dir = path.join(fixturesDir, d.name);
    const input = existsSync(path.join(dir, 'input')) ? path.join(dir, 'input') : path.join(dir, 'app.py');
    return { name: d.name, input, expectedDir: path.join(dir, 'expected') };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

export function fixtureCase(name: string): FixtureCase {
  const found = fixtureCases.find((c) => c.name === name);
  if (!found) throw new Error(`no fixture case ${name}`);
  return found;
}

/** Migrates a case in memory: the generated files plus the report (as report.txt). */
export async function migrateCase(c: FixtureCase): Promise<Map<string, string>> {
  const { files, report } = await migrate(await readInputs(c.input));
  return new Map([...files, ['report.txt', report.format('out', [...files.keys()])]]);
}

/** Writes a case's migrated files to a fresh directory under the repo's .tmp/ (so 'socketeer' resolves). */
export async function migrateCaseToDisk(c: FixtureCase): Promise<string> {
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  const dir = await mkdtemp(path.join(repoRoot, '.tmp', `migrate-${c.name}-`));
  const { files } = await migrate(await readInputs(c.input));
  for (const [name, text] of files) await writeFile(path.join(dir, name), text);
  return dir;
}
