// Boot time of Socketeer with many generated controllers, each run in a fresh process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BootReport } from '../protocol.js';

export interface BootOptions {
  controllers: number;
  handlers: number;
  timeoutMs?: number;
  /** The Node binary to boot on (`--node`); default: the bench's own. */
  execPath?: string;
}

export type BootResult = Omit<BootReport, 'type'>;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs servers/socketeer-boot.ts and returns its report once the process has exited. */
export async function runBoot(options: BootOptions): Promise<BootResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = fork('bench/servers/socketeer-boot.ts', [String(options.controllers), String(options.handlers)], {
    cwd: ROOT,
    ...(options.execPath !== undefined && { execPath: options.execPath }),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let report: BootReport | undefined;
  child.on('message', (message: BootReport) => (report = message));
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (!report) throw new Error(`boot process exited (code ${code}) without a report within ${timeoutMs} ms`);
  const { type: _type, ...result } = report;
  return result;
}
