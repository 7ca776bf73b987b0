/** Creates the project from settled answers: stage, write, install, git, move into place. */
import { dirname, resolve } from 'node:path';
import * as p from '@clack/prompts';
import { detectPackageManager, initGit, run } from './commands.js';
import { CreateError } from './errors.js';
import type { Answers } from './prompts.js';
import { stage, writeProject, type Staging } from './scaffold.js';
import { displayPath, packageNameFor } from './checks.js';

export interface Report {
  step(message: string): void;
  warn(message: string): void;
  /** Runs a long step: a spinner in a terminal, a plain line otherwise. */
  long<T>(message: string, work: () => Promise<T>): Promise<T>;
}

export const plainReport: Report = {
  step: (message) => console.log(message),
  warn: (message) => console.warn(`Warning: ${message}`),
  async long(message, work) {
    console.log(`${message}...`);
    return work();
  },
};

export const promptReport: Report = {
  step: (message) => p.log.step(message),
  warn: (message) => p.log.warn(message),
  async long(message, work) {
    const spin = p.spinner();
    spin.start(message);
    try {
      const result = await work();
      spin.stop(message);
      return result;
    } catch (err) {
      spin.error(message);
      throw err;
    }
  },
};

/** How long a failed install waits for the Ctrl-C that may have caused it to reach us too. */
const SIGNAL_GRACE_MS = 500;

export async function create(
  answers: Answers & { socketeer: string },
  report: Report,
  interactive: boolean,
): Promise<void> {
  const target = resolve(answers.directory);
  const name = packageNameFor(target);
  let staging: Staging;
  try {
    staging = stage(target);
  } catch (err) {
    // A parent that is a file, a read-only disk, no permission: nothing was written.
    throw new CreateError(`Cannot create ${displayPath(target)}: ${(err as Error).message}. Choose another directory.`);
  }
  const interrupted = (signal: NodeJS.Signals): never => {
    staging.discard();
    console.error('\nInterrupted; nothing was written.');
    return process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  // Ctrl-C (or a kill) while npm installs: stop npm, wait until it has stopped writing into
  // the staging directory, then remove it. A terminal's Ctrl-C reaches npm too, and npm may
  // exit (with code 1, say) before our own handler runs, hence the grace period below.
  const abort = new AbortController();
  let received: NodeJS.Signals | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const onSignal = (signal: NodeJS.Signals) => {
    received = signal;
    abort.abort();
    void running.finally(() => interrupted(signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    writeProject(staging.dir, { name, template: answers.template, socketeer: answers.socketeer });
    report.step(`Wrote the ${answers.template} template.`);
    if (answers.install) {
      const pm = detectPackageManager();
      // In a terminal the spinner stands in for npm's output; in CI logs npm's output is useful.
      const install = run(pm, ['install'], staging.dir, { inherit: !interactive, signal: abort.signal });
      running = install;
      const result = await report.long(`Installing dependencies with ${pm}`, () => install);
      if (result.code !== 0 && received === undefined)
        await new Promise((resolve) => setTimeout(resolve, SIGNAL_GRACE_MS));
      if (received) interrupted(received);
      if (result.code !== 0) {
        throw new CreateError(
          `${pm} install failed (exit code ${result.code}); nothing was written.\n${result.output.trim()}\n` +
            `Run again with --no-install to create the app, then run ${pm} install in it to see the full error.`,
        );
      }
    }
    if (answers.git) {
      const warning = await initGit(staging.dir, dirname(target));
      if (warning) report.warn(warning);
    }
    staging.publish();
  } catch (err) {
    staging.discard();
    if (err instanceof CreateError) throw err;
    throw new CreateError(`Could not create ${displayPath(target)}: ${(err as Error).message}. Nothing was written.`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
