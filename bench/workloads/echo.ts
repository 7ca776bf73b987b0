// Echo with ack, server-bound: N connections, each sending the next acked 'echo' as soon as the
// previous ack is back. Driven either by lean wire-format clients (so the server saturates) or by
// real socket.io-client sockets (what users see). The driver only runs while started; the
// interleaving (../interleave.ts) decides when, and which figures count.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Driver } from '../interleave.js';
import { Latencies } from '../latency.js';
import { LeanSocket } from '../lean-client.js';
import { ECHO_PAYLOAD, EVENTS } from '../protocol.js';
import { coreShares, type CoreShares, type WindowResult } from '../window.js';

export type EchoClient = 'lean' | 'socket.io-client';

export interface EchoOptions {
  client: EchoClient;
  connections: number;
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
  const socket: Socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { echo: () => socket.emitWithAck(EVENTS.echo, ECHO_PAYLOAD), close: () => socket.disconnect() };
}

export class EchoDriver implements Driver {
  counting = false;
  readonly #peers: Peer[];
  readonly #latencies = new Latencies();
  #loops: Promise<void>[] = [];
  #running = false;

  private constructor(peers: Peer[]) {
    this.#peers = peers;
  }

  static async connect(port: number, options: EchoOptions): Promise<EchoDriver> {
    return new EchoDriver(
      await Promise.all(Array.from({ length: options.connections }, () => dial(options.client, port))),
    );
  }

  start(): void {
    this.#running = true;
    this.#loops = this.#peers.map(async (peer) => {
      while (this.#running) {
        const start = performance.now();
        await peer.echo();
        if (this.counting) this.#latencies.add(performance.now() - start);
      }
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  close(): void {
    for (const peer of this.#peers) peer.close();
  }

  /** The figures over every counted window. */
  result(window: WindowResult): EchoResult {
    const acks = this.#latencies.count;
    const [p50 = Number.NaN, p99 = Number.NaN] = this.#latencies.percentiles(50, 99);
    return {
      acks,
      acksPerSec: acks / window.seconds,
      p50Ms: p50,
      p99Ms: p99,
      serverCpuUsPerAck: window.serverCpuUs / acks,
      loadgenCpuUsPerAck: window.loadgenCpuUs / acks,
      ...coreShares(window),
    };
  }
}
