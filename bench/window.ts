// One measurement window: the server's CPU time (sampled by the server itself) and the load
// generator's own CPU time over the same interval. Counting starts when the first sample's reply
// arrives and stops when the second one's does, so it is shifted against the server's window by
// the same one-way IPC delay at both ends and has the same length. Whatever else the machine did
// in the window (other processes) is what /proc/stat counts beyond those two.
import { setTimeout as sleep } from 'node:timers/promises';
import { machineBusyUs } from './machine.js';
import type { ServerProcess } from './server-process.js';

export interface WindowResult {
  seconds: number;
  serverCpuUs: number;
  loadgenCpuUs: number;
  /** CPU time of everything else on the machine in the window, in µs (NaN off Linux). */
  otherCpuUs: number;
}

export async function measureWindow(
  server: ServerProcess,
  durationMs: number,
  counting: (on: boolean) => void,
): Promise<WindowResult> {
  const first = await server.cpu();
  const ownBefore = process.cpuUsage();
  const busyBefore = machineBusyUs();
  counting(true);
  await sleep(durationMs);
  const last = await server.cpu();
  counting(false);
  const own = process.cpuUsage(ownBefore);
  const busy = machineBusyUs() - busyBefore;
  const serverCpuUs = last.cpuUs - first.cpuUs;
  const loadgenCpuUs = own.user + own.system;
  return {
    seconds: (last.at - first.at) / 1e9,
    serverCpuUs,
    loadgenCpuUs,
    otherCpuUs: Math.max(0, busy - serverCpuUs - loadgenCpuUs),
  };
}

export interface CoreShares {
  /** Share of one core each used during the window (1 = one core saturated). */
  serverCoreShare: number;
  loadgenCoreShare: number;
  otherCoreShare: number;
}

export function coreShares(window: WindowResult): CoreShares {
  const share = (us: number): number => us / 1e6 / window.seconds;
  return {
    serverCoreShare: share(window.serverCpuUs),
    loadgenCoreShare: share(window.loadgenCpuUs),
    otherCoreShare: share(window.otherCpuUs),
  };
}
