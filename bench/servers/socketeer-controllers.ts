// The bench app as Socketeer controllers, in four styles: sync handlers; async handlers; async
// handlers that await before they answer, so the request context must survive the await; and sync
// handlers whose payloads zod validates. Each does what ../servers/raw.ts does by hand.
import { emit, joinRoom, Namespace, On } from 'socketeer';
import { z } from 'zod';
import { EVENTS, type EchoPayload, type FanoutPayload } from '../protocol.js';

@Namespace('/')
export class SyncController {
  @On(EVENTS.echo) echo(data: EchoPayload): EchoPayload {
    return data;
  }

  @On(EVENTS.join) join(room: string): void {
    joinRoom(room);
  }

  @On(EVENTS.fanout) fanout(data: FanoutPayload): void {
    emit(EVENTS.message, data, { to: data.room });
  }
}

@Namespace('/')
export class AsyncController {
  @On(EVENTS.echo) async echo(data: EchoPayload): Promise<EchoPayload> {
    return data;
  }

  @On(EVENTS.join) async join(room: string): Promise<void> {
    joinRoom(room);
  }

  @On(EVENTS.fanout) async fanout(data: FanoutPayload): Promise<void> {
    emit(EVENTS.message, data, { to: data.room });
  }
}

/** Stands for the database or cache an async handler waits on; already settled, so only the await costs. */
const lookup = Promise.resolve();

@Namespace('/')
export class AwaitingController {
  @On(EVENTS.echo) async echo(data: EchoPayload): Promise<EchoPayload> {
    await lookup;
    return data;
  }

  @On(EVENTS.join) async join(room: string): Promise<void> {
    await lookup;
    joinRoom(room);
  }

  @On(EVENTS.fanout) async fanout(data: FanoutPayload): Promise<void> {
    await lookup;
    emit(EVENTS.message, data, { to: data.room });
  }
}

const Echo = z.object({ text: z.string(), n: z.number() });
const Room = z.string().min(1);
const Fanout = z.object({ room: z.string().min(1), text: z.string() });

@Namespace('/')
export class ZodController {
  @On(EVENTS.echo, Echo) echo(data: z.infer<typeof Echo>): EchoPayload {
    return data;
  }

  @On(EVENTS.join, Room) join(room: z.infer<typeof Room>): void {
    joinRoom(room);
  }

  @On(EVENTS.fanout, Fanout) fanout(data: z.infer<typeof Fanout>): void {
    emit(EVENTS.message, data, { to: data.room });
  }
}
