// The bench app as a NestJS gateway (@nestjs/websockets on @nestjs/platform-socket.io).
// No constructor injection and explicit parameter decorators, so it needs no emitDecoratorMetadata;
// handlers that return nothing ack through @Ack(), as Nest only acks non-nil return values.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { EVENTS, type EchoPayload, type FanoutPayload } from '../protocol.js';
import { serve } from './harness.js';

@WebSocketGateway()
class BenchGateway {
  @WebSocketServer() server!: Server;

  @SubscribeMessage(EVENTS.echo)
  echo(@MessageBody() data: EchoPayload): EchoPayload {
    return data;
  }

  @SubscribeMessage(EVENTS.join)
  join(@MessageBody() room: string, @ConnectedSocket() socket: Socket, @Ack() ack: () => void): void {
    void socket.join(room);
    ack();
  }

  @SubscribeMessage(EVENTS.fanout)
  fanout(@MessageBody() data: FanoutPayload, @Ack() ack: () => void): void {
    this.server.to(data.room).emit(EVENTS.message, data);
    ack();
  }
}

@Module({ providers: [BenchGateway] })
class BenchModule {}

await serve(async () => {
  const app = await NestFactory.create(BenchModule, { logger: false });
  app.useWebSocketAdapter(new IoAdapter(app));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return { port: address.port, close: () => app.close() };
});
