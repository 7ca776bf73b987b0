/** Running the creator and what it creates, as a user would, with bounded waits. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The creator from source, through the repo's tsx (so it runs from any cwd). */
export const SOURCE_CLI = [
  process.execPath,
  '--import',
  import.meta.resolve('tsx/esm'),
  join(PACKAGE_DIR, 'src/index.ts'),
] as const;

/** npm never asks the network for what its cache has, and stays quiet about audits and funding. */
export const QUIET_NPM_ENV = {
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** Git needs an identity for the first commit; tests must not depend on the machine's. */
export const GIT_IDENTITY_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/**
 * Our environment for a child, minus what `node --test` set for us: with NODE_TEST_CONTEXT a
 * child `node --test` (the app's own npm test) would report to us in its binary protocol.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  return { ...env, ...extra };
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; kills it (and fails) after `timeout` ms. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; timeout?: number; input?: string },
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: 'pipe', detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {}); // a child that never reads its stdin
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${command} ${args.join(' ')} took over ${options.timeout ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeout ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Kills a child we started detached, with everything it started (npm -> sh -> node). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export interface Server {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the URL of the `count`-th "listening on <url>" line the server printed. */
  listening(count?: number, timeout?: number): Promise<string>;
  /** Resolves once `text` has been printed. */
  printed(text: string, timeout?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a long-running command (a server) in its own process group. */
export function startServer(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Server {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.once('exit', () => {
    for (const wake of waiters) wake();
  });
  /** Waits until `found` returns a value, the child exits, or time runs out. */
  const until = <T>(found: () => T | undefined, what: string, timeout: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value !== undefined) return done(() => resolve(value));
        if (child.exitCode !== null || child.signalCode !== null)
          done(() => reject(new Error(`exited before ${what}:\n${output}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no ${what} in ${timeout} ms:\n${output}`))), timeout);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    output: () => output,
    listening(count = 1, timeout = 30_000) {
      return until(
        () => [...output.matchAll(/listening on (http:\/\/\S+)/gi)].map((m) => m[1]!)[count - 1],
        `"listening on" line #${count}`,
        timeout,
      );
    },
    printed(text, timeout = 30_000) {
      return until(() => (output.includes(text) ? true : undefined), `"${text}"`, timeout).then(() => undefined);
    },
    exited: () => exited,
    async stop() {
      killGroup(child);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
