#!/usr/bin/env node
import { Command } from 'commander';
import { registerMigrateCommand } from './migrate/command.js';

/** The `socketeer` command line; each subcommand lives in its own folder. */
const program = new Command('socketeer').description('Socketeer command line tools');
registerMigrateCommand(program);

try {
  await program.parseAsync();
} catch (err) {
  // An unexpected failure is our bug, but a user still gets one line, not a stack trace.
  process.stderr.write(`socketeer: internal error: ${(err as Error).message ?? String(err)}\nPlease report it with the input that caused it.\n`);
  process.exitCode = 2;
}
