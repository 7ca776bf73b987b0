// One measurement window: the server's CPU time (sampled by the server itself) and the load
// generator's own CPU time over the same interval. Counting starts when the first sample's reply
// arrives and stops when the second one's does, so it is shifted against the server's window by
// the same one-way IPC delay at both ends and has the same length.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerProcess } from './server-process.js';

export interface WindowResult {
  seconds: number;
  serverCpuUs: number;
  loadgenCpuUs: number;
}

export async function measureWindow(
  server: ServerProcess,
  durationMs: number,
  counting: (on: boolean) => void,
): Promise<WindowResult> {
  const first = await server.cpu();
  const ownBefore = process.cpuUsage();
  counting(true);
  await sleep(durationMs);
  const last = await server.cpu();
  counting(false);
  const own = process.cpuUsage(ownBefore);
  return {
    seconds: (last.at - first.at) / 1e9,
    serverCpuUs: last.cpuUs - first.cpuUs,
    loadgenCpuUs: own.user + own.system,
  };
}
