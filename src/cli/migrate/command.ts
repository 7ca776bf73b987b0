import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { migrate } from './migrate.js';
import { MigrateError } from './migrate-error.js';
import { readInputs } from './read-inputs.js';

/** Registers `socketeer migrate <file.py|dir> --out <dir>`. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('translate a Flask-SocketIO app (a .py file or a directory) into Socketeer controllers')
    .argument('<input>', '(required) a Python file or a directory of Python files')
    .requiredOption('-o, --out <dir>', '(required) directory to write the TypeScript files to')
    .option('-f, --force', 'overwrite files in --out that socketeer migrate did not write')
    .addHelpText('after', '\nExample:\n  socketeer migrate app.py --out src/socketeer\n  socketeer migrate flask_app/ -o migrated --force\n')
    .action(async (input: string, options: { out: string; force?: boolean }) => {
      try {
        const { files, report } = await migrate(await readInputs(input));
        if (!options.force) await refuseToClobber(options.out, [...files.keys()]);
        await writeOutput(options.out, files);
        process.stdout.write(report.format(options.out, [...files.keys()]));
      } catch (err) {
        if (!(err instanceof MigrateError)) throw err;
        process.stderr.write(`socketeer migrate: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
}

async function writeOutput(outDir: string, files: Map<string, string>): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    for (const [name, text] of files) await writeFile(path.join(outDir, name), text);
  } catch (err) {
    throw new MigrateError(`cannot write to ${outDir}: ${(err as Error).message}`);
  }
}

/** Generated files start with this line; anything else in --out is the user's and stays untouched. */
const GENERATED = /^\/\/ Migrated (from .* )?by `socketeer migrate`/;

async function refuseToClobber(outDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const existing = await readFile(path.join(outDir, name), 'utf8').catch(() => undefined);
    if (existing !== undefined && !GENERATED.test(existing)) {
      throw new MigrateError(`${path.join(outDir, name)} exists and was not written by socketeer migrate; choose another --out or pass --force`);
    }
  }
}
