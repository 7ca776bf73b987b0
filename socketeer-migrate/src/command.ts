import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { migrate } from './migrate.js';
import { MigrateError } from './migrate-error.js';
import { readInputs } from './read-inputs.js';

interface Options {
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * Runs `<name> <file.py|dir> --out <dir> [--force] [--json]` with the given arguments and
 * returns the exit code: 0 done, 1 bad input, 2 our own bug. Never throws.
 */
export async function runMigrateCli(args: readonly string[], name: string): Promise<number> {
  let code = 0;
  const program = new Command(name)
    .description('translate a Flask-SocketIO app (a .py file or a directory, e.g. app/) into Socketeer controllers')
    .argument('<input>', '(required) a Python file, or a directory whose modules are migrated together')
    .requiredOption('-o, --out <dir>', '(required) directory to write the TypeScript files to')
    .option('-f, --force', 'overwrite files in --out that the migrator did not write')
    .option('--json', 'print the report as JSON (for tools) instead of text')
    .addHelpText(
      'after',
      `\nExample:\n  ${name} app.py --out src/socketeer\n  ${name} flask_app/ -o migrated --force --json\n`,
    )
    .exitOverride()
    .action(async (input: string, options: Options) => {
      code = await run(input, options, name);
    });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // An unexpected failure is our bug; the user still gets one line, and the stack on request.
    const detail = process.env.SOCKETEER_DEBUG
      ? `\n${(err as Error).stack ?? String(err)}`
      : '\nRun with SOCKETEER_DEBUG=1 for details, and please report it with the input that caused it.';
    process.stderr.write(`${name}: internal error: ${(err as Error).message ?? String(err)}${detail}\n`);
    return 2;
  }
  return code;
}

async function run(input: string, options: Options, name: string): Promise<number> {
  try {
    const { files, report } = await migrate(await readInputs(input));
    if (!options.force) await refuseToClobber(options.out, [...files.keys()]);
    await writeOutput(options.out, files);
    const written = [...files.keys()];
    process.stdout.write(
      options.json
        ? `${JSON.stringify(report.toJson(options.out, written), null, 2)}\n`
        : report.format(options.out, written),
    );
    return 0;
  } catch (err) {
    if (!(err instanceof MigrateError)) throw err;
    if (options.json)
      process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message } }, null, 2)}\n`);
    process.stderr.write(`${name}: ${err.message}\n`);
    return 1;
  }
}

async function writeOutput(outDir: string, files: Map<string, string>): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    for (const [name, text] of files) await writeFile(path.join(outDir, name), text);
  } catch (err) {
    throw new MigrateError(`cannot write to ${outDir}: ${(err as Error).message}`, 'write_failed');
  }
}

/** Generated files start with this line; anything else in --out is the user's and stays untouched. */
const GENERATED = /^\/\/ Migrated (from .* )?by `socketeer migrate`/;

async function refuseToClobber(outDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const existing = await readFile(path.join(outDir, name), 'utf8').catch(() => undefined);
    if (existing !== undefined && !GENERATED.test(existing)) {
      throw new MigrateError(
        `${path.join(outDir, name)} exists and was not written by socketeer migrate; choose another --out or pass --force`,
        'would_overwrite',
      );
    }
  }
}
