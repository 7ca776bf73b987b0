/** The outside programs we run: the package manager and git. */
import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit code; -1 when the program could not be started (not installed). */
  code: number;
  /** stdout and stderr, when not inherited. */
  output: string;
}

/** Runs a program to its end. Aborting `signal` stops it; the promise still settles only once it has exited. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  options: { inherit?: boolean; signal?: AbortSignal } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    // npm, pnpm and yarn are .cmd shims on Windows, which only a shell can start.
    const child = spawn(command, args, {
      cwd,
      stdio: options.inherit ? 'inherit' : 'pipe',
      shell: process.platform === 'win32',
      ...(options.signal && { signal: options.signal }),
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => {
      if (err.name !== 'AbortError') resolvePromise({ code: -1, output: err.message });
    });
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that ran us (`pnpm create socketeer` → pnpm); npm otherwise. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent ?? ''): PackageManager {
  const name = userAgent.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

/**
 * `git init` plus a first commit. Returns a warning when git is missing, when the target is
 * already inside a repository, or when the commit fails (no user.name / user.email);
 * none of those is worth failing the whole creation for.
 */
export async function initGit(dir: string, parent: string): Promise<string | undefined> {
  if ((await run('git', ['--version'], parent)).code !== 0) return 'git is not installed; skipped git init.';
  const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], parent);
  if (inside.code === 0 && inside.output.trim() === 'true')
    return 'The directory is inside a git repository already; skipped git init.';
  const init = await run('git', ['init', '--quiet'], dir);
  if (init.code !== 0) return `git init failed; skipped it:\n${init.output.trim()}`;
  await run('git', ['add', '--all'], dir);
  const commit = await run('git', ['commit', '--quiet', '--message', 'Initial commit from create-socketeer'], dir);
  if (commit.code !== 0)
    return `Initialised git, but the first commit failed (is git's user.name/user.email set?):\n${commit.output.trim()}`;
  return undefined;
}
