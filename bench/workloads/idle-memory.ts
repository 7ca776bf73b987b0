// Idle memory: connect N lean clients that then do nothing, and read the server's memory after
// full GCs before and after. Per-connection figures are the difference divided by N.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectMany } from '../lean-client.js';
import type { ServerProcess } from '../server-process.js';

export interface IdleMemoryOptions {
  clients: number;
  /** Time to let the connections settle before the second reading. */
  settleMs: number;
}

export interface IdleMemoryResult {
  rssBytesPerConnection: number;
  heapBytesPerConnection: number;
  /** Server heap with no client connected, after GC. */
  baselineHeapBytes: number;
}

export async function runIdleMemory(server: ServerProcess, options: IdleMemoryOptions): Promise<IdleMemoryResult> {
  const before = await server.memory();
  const sockets = await connectMany(options.clients, { port: server.port });
  try {
    await sleep(options.settleMs);
    const after = await server.memory();
    return {
      rssBytesPerConnection: (after.rss - before.rss) / options.clients,
      heapBytesPerConnection: (after.heapUsed - before.heapUsed) / options.clients,
      baselineHeapBytes: before.heapUsed,
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}
