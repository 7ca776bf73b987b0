// Echo with ack, server-bound: N connections, each sending the next acked 'echo' as soon as the
// previous ack is back, for a fixed time. Driven either by lean wire-format clients (so the server
// saturates) or by real socket.io-client sockets (what users see).
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { Latencies } from '../latency.js';
import { LeanSocket } from '../lean-client.js';
import { ECHO_PAYLOAD, EVENTS } from '../protocol.js';
import type { ServerProcess } from '../server-process.js';
import { coreShares, measureWindow, type CoreShares } from '../window.js';

export type EchoClient = 'lean' | 'socket.io-client';

export interface EchoOptions {
  client: EchoClient;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface EchoResult extends CoreShares {
  acks: number;
  acksPerSec: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerAck: number;
  loadgenCpuUsPerAck: number;
}

interface Peer {
  echo(): Promise<unknown>;
  close(): void;
}

async function dial(client: EchoClient, port: number): Promise<Peer> {
  if (client === 'lean') {
    const socket = await LeanSocket.connect({ port });
    const json = JSON.stringify(ECHO_PAYLOAD);
    return { echo: () => socket.emitWithAck(EVENTS.echo, json), close: () => socket.close() };
  }
  const socket: Socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { echo: () => socket.emitWithAck(EVENTS.echo, ECHO_PAYLOAD), close: () => socket.disconnect() };
}

export async function runEcho(server: ServerProcess, options: EchoOptions): Promise<EchoResult> {
  const peers = await Promise.all(Array.from({ length: options.connections }, () => dial(options.client, server.port)));
  const latencies = new Latencies();
  let counting = false;
  let running = true;

  const loop = async (peer: Peer): Promise<void> => {
    while (running) {
      const start = performance.now();
      await peer.echo();
      if (counting) latencies.add(performance.now() - start);
    }
  };
  const loops = peers.map(loop);
  try {
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
    const window = await measureWindow(server, options.durationMs, (on) => (counting = on));
    const acks = latencies.count;
    const [p50 = Number.NaN, p99 = Number.NaN] = latencies.percentiles(50, 99);
    return {
      acks,
      acksPerSec: acks / window.seconds,
      p50Ms: p50,
      p99Ms: p99,
      serverCpuUsPerAck: window.serverCpuUs / acks,
      loadgenCpuUsPerAck: window.loadgenCpuUs / acks,
      ...coreShares(window),
    };
  } finally {
    running = false;
    await Promise.all(loops);
    for (const peer of peers) peer.close();
  }
}
