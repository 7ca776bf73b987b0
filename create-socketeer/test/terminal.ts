/**
 * Drives a command through a real pseudo-terminal with util-linux `script`, so the prompt
 * library sees a TTY and reads raw keystrokes, as it does for a user.
 */
import { spawn } from 'node:child_process';
import { childEnv, killGroup } from './helpers.js';

/** Colours and cursor moves, removed so tests can match the text a user reads. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with the ESC control character
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]/g;

export interface TerminalSession {
  waitFor(text: string, timeout?: number): Promise<void>;
  type(keys: string): void;
  exit(timeout?: number): Promise<number | null>;
  /** Everything shown so far, without escape sequences. */
  screen(): string;
  kill(): void;
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function runInTerminal(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): TerminalSession {
  const { CI: _ci, ...env } = childEnv();
  // A fixed size, so the prompts lay out the same everywhere.
  const inner = `stty cols 100 rows 40; exec ${[command, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['--quiet', '--return', '--flush', '--command', inner, '/dev/null'], {
    cwd: options.cwd,
    env: { ...env, TERM: 'xterm-256color', ...options.env },
    stdio: 'pipe',
    detached: true,
  });
  let raw = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const screen = () => raw.replace(ANSI, '');
  return {
    screen,
    type: (keys) => child.stdin.write(keys),
    waitFor(text, timeout = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (screen().includes(text)) finish(resolve);
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`"${text}" never appeared:\n${screen()}`))),
          timeout,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async exit(timeout = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not exit in ${timeout} ms:\n${screen()}`)), timeout);
      });
      try {
        return await Promise.race([exited, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill: () => killGroup(child),
  };
}
