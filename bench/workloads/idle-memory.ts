// Idle memory: connect N lean clients that each send one acked 'echo' (so any per-connection
// state a framework creates lazily on the first event exists) and then do nothing; read the
// server's memory after full GCs. The first quarter of the clients is a primer: a fresh server has
// pages that startup garbage left free, which new connections fill without growing the RSS.
// Per-connection figures are the growth from the primed reading to the full one, divided by the
// clients added in between.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectMany, type LeanSocket } from '../lean-client.js';
import { ECHO_PAYLOAD, EVENTS } from '../protocol.js';
import type { ServerProcess } from '../server-process.js';

export interface IdleMemoryOptions {
  clients: number;
  /** Time to let the connections settle before each reading. */
  settleMs: number;
}

export interface IdleMemoryResult {
  rssBytesPerConnection: number;
  heapBytesPerConnection: number;
  /** Server heap with no client connected, after GC. */
  baselineHeapBytes: number;
}

async function connectAndEchoOnce(count: number, port: number): Promise<LeanSocket[]> {
  const sockets = await connectMany(count, { port });
  const json = JSON.stringify(ECHO_PAYLOAD);
  await Promise.all(sockets.map((socket) => socket.emitWithAck(EVENTS.echo, json)));
  return sockets;
}

export async function runIdleMemory(server: ServerProcess, options: IdleMemoryOptions): Promise<IdleMemoryResult> {
  const baseline = await server.memory();
  const primer = Math.floor(options.clients / 4);
  const sockets: LeanSocket[] = [];
  try {
    sockets.push(...(await connectAndEchoOnce(primer, server.port)));
    await sleep(options.settleMs);
    const primed = await server.memory();
    sockets.push(...(await connectAndEchoOnce(options.clients - primer, server.port)));
    await sleep(options.settleMs);
    const full = await server.memory();
    const added = options.clients - primer;
    return {
      rssBytesPerConnection: (full.rss - primed.rss) / added,
      heapBytesPerConnection: (full.heapUsed - primed.heapUsed) / added,
      baselineHeapBytes: baseline.heapUsed,
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}
