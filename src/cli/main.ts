#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerMigrateCommand } from './migrate/command.js';
import { registerAsyncApiCommand, registerRoutesCommand } from './contract/commands.js';

// The package's own package.json, by name: the same from src/ (tsx) and from dist/.
const { version } = createRequire(import.meta.url)('socketeer/package.json') as { version: string };

/** The `socketeer` command line; each subcommand lives in its own folder. */
const program = new Command('socketeer')
  .description('Socketeer command line tools')
  .version(version, '-V, --version', 'print the version');
registerMigrateCommand(program);
registerRoutesCommand(program);
registerAsyncApiCommand(program);

try {
  await program.parseAsync();
} catch (err) {
  // An unexpected failure is our bug; the user still gets one line, and the stack on request.
  const detail = process.env.SOCKETEER_DEBUG
    ? `\n${(err as Error).stack ?? String(err)}`
    : '\nRun with SOCKETEER_DEBUG=1 for details, and please report it with the input that caused it.';
  process.stderr.write(`socketeer: internal error: ${(err as Error).message ?? String(err)}${detail}\n`);
  process.exitCode = 2;
}
