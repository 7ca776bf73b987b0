/**
 * Bounds what the server holds for one client that does not read. engine.io queues every
 * packet (broadcasts included) while its transport is busy writing, and never drops a client
 * that keeps answering pings, so a client that stops reading its socket makes the server buffer
 * everything sent to it. Past the limit the connection is closed (the server-side disconnect
 * reason is `forced close`) and its queue freed.
 * Internal module: not exported from the package entry points.
 */
import type { Server } from 'socket.io';
import type { Logger } from './logger.js';

/** Default most bytes queued for one connection: 10 MB (1e7). */
export const DEFAULT_MAX_SEND_BUFFER = 1e7;

/** How often the queues of connections whose transport is busy are measured. */
export const SEND_BUFFER_CHECK_MS = 200;

/** What this module needs of an engine.io connection. */
interface EngineConnection {
  id: string;
  readyState: string;
  /** Packets waiting for the transport; engine.io starts a new, empty array each time it flushes. */
  writeBuffer: { data?: unknown }[];
  transport: { writable: boolean };
  close(discard: boolean): void;
}

/** What this module needs of the engine.io server (its `clients` are not in its public types). */
interface Engine {
  clients: Record<string, EngineConnection>;
  clientsCount: number;
  on(event: 'connection', listener: () => void): void;
}

/** The bytes of a connection's queue measured so far: `buffer` up to `index`. */
interface Measured {
  buffer: unknown[];
  index: number;
  bytes: number;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Measures the queue of every connection whose transport is busy, a few times a second, and
 * closes those past the limit. Checked on a timer rather than per packet: a listener on each
 * packet measured 3–8 % of the server's CPU per delivery in a room fan-out (bench/profile-findings.md),
 * and a queue only grows while its transport is busy. A connection can so pass the limit by what
 * the app sends it within one check interval before it is closed. The timer runs only while
 * there are connections. A queue is measured where the last check left it, so each packet is
 * sized once.
 */
export function limitSendBuffer(io: Server, max: number, logger: Logger | undefined): void {
  if (max === Infinity) return;
  const engine = io.engine as unknown as Engine;
  let timer: NodeJS.Timeout | undefined;
  /** Busy connections at the last check; the others' queues were flushed or are empty. */
  let measured = new Map<EngineConnection, Measured>();

  function check(): void {
    if (engine.clientsCount === 0) {
      clearInterval(timer);
      timer = undefined;
      measured = new Map();
      return;
    }
    const busy = new Map<EngineConnection, Measured>();
    for (const id in engine.clients) {
      const conn = engine.clients[id]!;
      if (conn.readyState !== 'open' || conn.transport.writable) continue;
      const buffer = conn.writeBuffer;
      let m = measured.get(conn);
      if (m === undefined || m.buffer !== buffer) m = { buffer, index: 0, bytes: 0 };
      for (; m.index < buffer.length; m.index++) m.bytes += sizeOf(buffer[m.index]!.data);
      if (m.bytes <= max) {
        busy.set(conn, m);
        continue;
      }
      logger?.warn({ eio: conn.id, queued: m.bytes, limit: max }, 'send buffer limit exceeded: connection closed');
      conn.close(true); // discard: waiting for the queue to drain would wait forever
    }
    measured = busy;
  }

  engine.on('connection', () => {
    if (timer !== undefined) return;
    timer = setInterval(check, SEND_BUFFER_CHECK_MS);
    timer.unref(); // never what keeps a process alive
  });
}
