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

/** What this module needs of an engine.io connection. */
interface EngineConnection {
  id: string;
  /** Packets waiting for the transport; engine.io starts a new, empty array each time it flushes. */
  writeBuffer: unknown[];
  transport: { writable: boolean };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  close(discard: boolean): void;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Counts the bytes queued since the transport last took the queue. engine.io announces a packet
 * before it pushes it, and starts a new, empty `writeBuffer` each time it flushes, so an empty
 * queue at an announcement starts the count again. Nothing of a sent batch is held here, so its
 * packets can be collected as soon as they are written. A packet created while the transport is
 * writable goes out at once and costs one property read. The batch being written is at most the
 * limit too, so a connection holds at most about twice it.
 */
export function limitSendBuffer(io: Server, max: number, logger: Logger | undefined): void {
  if (max === Infinity) return;
  io.engine.on('connection', (conn: EngineConnection) => {
    let queued = 0;
    let closed = false;
    conn.on('packetCreate', (packet) => {
      if (conn.transport.writable || closed) return;
      if (conn.writeBuffer.length === 0) queued = 0;
      queued += sizeOf(packet.data);
      if (queued <= max) return;
      closed = true;
      logger?.warn({ eio: conn.id, queued, limit: max }, 'send buffer limit exceeded: connection closed');
      conn.close(true); // discard: waiting for the queue to drain would wait forever
    });
  });
}
