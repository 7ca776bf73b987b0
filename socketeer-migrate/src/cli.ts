#!/usr/bin/env node
import { runMigrateCli } from './command.js';

/** The `socketeer-migrate` command (also reached through `socketeer migrate`). */
process.exitCode = await runMigrateCli(process.argv.slice(2), 'socketeer-migrate');
