import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { PythonSource } from './migrate.js';
import { MigrateError } from './migrate-error.js';

/** Folders that hold tooling or dependencies, never the app's own handlers. */
const IGNORED = [
  '**/node_modules/**',
  '**/.git/**',
  '**/__pycache__/**',
  '**/.venv/**',
  '**/venv/**',
  '**/site-packages/**',
];

/** Reads a .py file, or every .py file under a directory, with readable errors. */
export async function readInputs(inputPath: string): Promise<PythonSource[]> {
  const info = await stat(inputPath).catch((err: NodeJS.ErrnoException) => {
    throw new MigrateError(`cannot read ${inputPath}: ${describe(err)}`);
  });
  if (info.isDirectory()) {
    const files = (await glob('**/*.py', { cwd: inputPath, ignore: IGNORED })).sort();
    if (files.length === 0) throw new MigrateError(`no Python files (*.py) found under ${inputPath}`);
    return Promise.all(files.map(async (file) => ({ file, source: await readText(path.join(inputPath, file)) })));
  }
  if (path.extname(inputPath) !== '.py') {
    throw new MigrateError(`${inputPath} is not a Python file: give a .py file or a directory of them`);
  }
  return [{ file: path.basename(inputPath), source: await readText(inputPath) }];
}

async function readText(file: string): Promise<string> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new MigrateError(`cannot read ${file}: ${describe(err)}`);
  });
  if (bytes.includes(0)) throw new MigrateError(`${file} is not a text file, so it cannot be Python source`);
  return bytes.toString('utf8');
}

function describe(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EISDIR') return 'it is a directory';
  return err.message;
}
