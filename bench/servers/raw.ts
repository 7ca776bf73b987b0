// The baseline: the bench app written by hand on socket.io 4, no framework.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { EVENTS, type EchoPayload, type FanoutPayload } from '../protocol.js';
import { serve } from './harness.js';

await serve(async () => {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on(EVENTS.echo, (data: EchoPayload, ack: (data: EchoPayload) => void) => ack(data));
    socket.on(EVENTS.join, (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
    socket.on(EVENTS.fanout, (data: FanoutPayload, ack: () => void) => {
      io.to(data.room).emit(EVENTS.message, data);
      ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: () => io.close().then(() => undefined),
  };
});
