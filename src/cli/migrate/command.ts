import { mkdir, writeFile } from 'node:fs/promises';
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
    .argument('<input>', 'a Python file or a directory of Python files')
    .requiredOption('-o, --out <dir>', 'directory to write the TypeScript files to')
    .action(async (input: string, options: { out: string }) => {
      try {
        const { files, report } = await migrate(await readInputs(input));
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
