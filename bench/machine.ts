// What the machine is and how busy it was: CPU model and count, memory, versions, load averages,
// and the whole machine's busy CPU time from /proc/stat (Linux; NaN elsewhere).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  os: string;
  /** The Node version the servers ran on. */
  node: string;
  /** The Node version of the bench process (the load generator); differs from `node` with `--node`. */
  loadgenNode: string;
  versions: Record<string, string>;
}

/** Read from node_modules directly: some packages (Nest's) do not export their package.json. */
function versionOf(pkg: string): string {
  try {
    const file = new URL(`../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** The machine, with the version of the Node binary at `execPath` (the servers'). */
export function describeMachine(execPath = process.execPath): MachineInfo {
  const node =
    execPath === process.execPath
      ? process.version
      : execFileSync(execPath, ['--version'], { encoding: 'utf8' }).trim();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpus: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node,
    loadgenNode: process.version,
    versions: Object.fromEntries(
      [
        'socket.io',
        'socket.io-client',
        'ws',
        'zod',
        '@nestjs/core',
        '@nestjs/websockets',
        '@nestjs/platform-socket.io',
      ].map((pkg) => [pkg, versionOf(pkg)]),
    ),
  };
}

export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return [one, five, fifteen];
}

/** Busy CPU time of the whole machine in µs (all cores, everything but idle and iowait). */
export function machineBusyUs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return ((total - idle) * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits, at most `maxMs`, until the machine has been nearly idle (below `maxCores` cores busy) for
 * one `sliceMs` slice. Called between samples, when nothing of the bench is running, so whatever
 * is busy then belongs to other processes. Returns the time waited.
 */
export async function waitForQuiet(maxMs: number, maxCores = 0.2, sliceMs = 100): Promise<number> {
  const start = Date.now();
  for (;;) {
    const before = machineBusyUs();
    await new Promise((resolve) => setTimeout(resolve, sliceMs));
    const busyCores = (machineBusyUs() - before) / (sliceMs * 1000);
    const waited = Date.now() - start;
    if (!(busyCores >= maxCores) || waited >= maxMs) return waited;
  }
}
