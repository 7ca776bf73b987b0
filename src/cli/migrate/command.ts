import type { Command } from 'commander';

/** What `socketeer migrate` needs from the socketeer-migrate package. */
interface MigratePackage {
  runMigrateCli(args: readonly string[], name: string): Promise<number>;
}

/**
 * Registers `socketeer migrate ...`. The migrator and its Python parser live in their own
 * package (socketeer-migrate), so an app's install pulls no parser: this command runs it when
 * it is installed, and otherwise says how to get it.
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('translate a Flask-SocketIO app into controllers (runs the socketeer-migrate package)')
    .argument('[args...]', 'what socketeer-migrate takes: <file.py|dir> --out <dir> [--force] [--json]')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (args: string[]) => {
      const found = await loadMigratePackage();
      if (!found) {
        const quoted = args.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
        process.stderr.write(
          'socketeer migrate: the migrator is a separate package (socketeer-migrate), so apps do not install a Python parser.\n' +
            `Run it with:  npx socketeer-migrate ${quoted}\n` +
            'or install it: npm install --save-dev socketeer-migrate\n',
        );
        process.exitCode = 1;
        return;
      }
      process.exitCode = await found.runMigrateCli(args, 'socketeer migrate');
    });
}

/** The package name sits in a variable so TypeScript does not make socketeer depend on it (SOCKETEER_MIGRATE_PACKAGE overrides it, which the tests use to play "not installed"). */
const PACKAGE = process.env.SOCKETEER_MIGRATE_PACKAGE ?? 'socketeer-migrate';

async function loadMigratePackage(): Promise<MigratePackage | undefined> {
  try {
    const loaded: unknown = await import(PACKAGE);
    return isMigratePackage(loaded) ? loaded : undefined;
  } catch (err) {
    // Not installed; a missing dependency *of* an installed migrator is a real error and is rethrown.
    const { code, message } = err as NodeJS.ErrnoException;
    if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(`'${PACKAGE}'`)) return undefined;
    throw err;
  }
}

function isMigratePackage(value: unknown): value is MigratePackage {
  return typeof (value as Partial<MigratePackage> | null)?.runMigrateCli === 'function';
}
