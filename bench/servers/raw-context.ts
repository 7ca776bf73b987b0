// Controls, not frameworks: raw socket.io whose handlers run inside AsyncLocalStorage.run(), as
// any framework with an ambient request context must. argv[2]: sync | async (an async handler
// whose promise is acked through .then) | async-plain (the same async handler, no
// AsyncLocalStorage). They show what the context, and acking from a promise, cost by themselves.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { EVENTS, type EchoPayload, type FanoutPayload } from '../protocol.js';
import { serve } from './harness.js';

const storage = new AsyncLocalStorage<{ event: string }>();
const style = process.argv[2] ?? 'sync';
if (style !== 'sync' && style !== 'async' && style !== 'async-plain')
  throw new Error(`unknown style '${style}': sync, async or async-plain`);

function handle<A>(event: string, fn: (data: A) => unknown) {
  if (style === 'async-plain') {
    return (data: A, ack: (...args: unknown[]) => void): void => {
      (async () => fn(data))().then((value) => (value === undefined ? ack() : ack(value)));
    };
  }
  return (data: A, ack: (...args: unknown[]) => void): void => {
    storage.run({ event }, () => {
      if (style === 'sync') {
        const value = fn(data);
        return value === undefined ? ack() : ack(value);
      }
      (async () => fn(data))().then((value) => (value === undefined ? ack() : ack(value)));
    });
  };
}

await serve(async () => {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on(
      EVENTS.echo,
      handle(EVENTS.echo, (data: EchoPayload) => data),
    );
    socket.on(
      EVENTS.join,
      handle(EVENTS.join, (room: string) => void socket.join(room)),
    );
    socket.on(
      EVENTS.fanout,
      handle(EVENTS.fanout, (data: FanoutPayload) => void io.to(data.room).emit(EVENTS.message, data)),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: () => io.close().then(() => undefined),
  };
});
