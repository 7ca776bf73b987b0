/**
 * Type tests for the contract (see on-schema.test-d.ts for how they are compiled: in both
 * decorator modes). A typed socket.io-client socket rejects a wrong event name, payload or ack
 * type, and a listener whose signature does not fit what the server declared it emits.
 */
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  contract,
  Emits,
  emits,
  Namespace,
  On,
  OnConnect,
  tuple,
  type ClientToServer,
  type ErrorReply,
  type ServerToClient,
} from 'socketeer';

const Join = z.object({ room: z.string() });
const Point = z.tuple([z.number(), z.number()]);

export const ShopEmits = emits({
  news: z.object({ text: z.string() }),
  moved: Point,
  count: z.number().optional(),
});

@Emits(ShopEmits)
@Namespace('/shop')
export class ShopController {
  @OnConnect() connect() {}
  @On('join', Join) join({ room }: z.infer<typeof Join>) {
    ShopEmits.emit('news', { text: `joined ${room}` });
  }
  @On('price', z.string()) price(item: string) {
    return item.length * 2;
  }
  @On('add', Point) add(x: number, y: number) {
    return tuple(x + y, 'sum');
  }
  @On('lookup') async lookup(id: number) {
    return { id, name: 'chair' };
  }
  /** Not an event handler: not in the contract. */
  helper() {}
}

export const shop = contract(ShopController, {
  events: { join: 'join', price: 'price', add: 'add', lookup: 'lookup' },
  emits: ShopEmits,
});

type ShopSocket = Socket<ServerToClient<typeof shop>, ClientToServer<typeof shop>>;
declare const socket: ShopSocket;

export async function client(): Promise<void> {
  // Payloads and fire-and-forget emits of handlers that return nothing.
  socket.emit('join', { room: 'lobby' });
  socket.emit('join', { room: 'lobby' }, (reply?: ErrorReply) => reply?.error.code);
  // Acks: the handler's return type, or { error } when the server refused.
  socket.emit('price', 'chair', (reply) => {
    const value: number | ErrorReply = reply;
    void value;
  });
  const price: number | ErrorReply = await socket.emitWithAck('price', 'chair');
  const looked: { id: number; name: string } | ErrorReply = await socket.timeout(1000).emitWithAck('lookup', 7);
  socket.emit('add', 1, 2, (...values) => {
    const ack: [number, string] | [ErrorReply] = values;
    void ack;
  });
  void [price, looked];

  // Listeners get what the server declared with emits().
  socket.on('news', ({ text }) => text.toUpperCase());
  socket.on('moved', (x, y) => x + y);
  socket.on('count', (n) => n?.toFixed());
  socket.on('socketeer:error', ({ event, error }) => `${event}: ${error.code}`);

  // @ts-expect-error an event the server does not handle
  socket.emit('jion', { room: 'lobby' });
  // @ts-expect-error the payload misses `room`
  socket.emit('join', { name: 'lobby' });
  // @ts-expect-error `room` is a string
  socket.emit('join', { room: 42 });
  // @ts-expect-error a tuple schema spreads into two numbers
  socket.emit('add', [1, 2], () => {});
  // @ts-expect-error the ack of 'price' is a number (or an error), not a string
  socket.emit('price', 'chair', (reply: string) => reply);
  // @ts-expect-error emitWithAck resolves with the handler's return type
  const wrong: string = await socket.emitWithAck('price', 'chair');
  // @ts-expect-error a handler that answers needs the ack callback (or emitWithAck)
  socket.emit('price', 'chair');
  // @ts-expect-error several ack values: a number and a string
  socket.emit('add', 1, 2, (sum: string) => sum);
  // @ts-expect-error the server emits `news` with { text: string }
  socket.on('news', (news: { text: number }) => news);
  // @ts-expect-error `moved` arrives as two numbers, not one array
  socket.on('moved', (xy: [number, number]) => xy);
  // @ts-expect-error the server never emits `gossip`
  socket.on('gossip', () => {});
  void wrong;
}

// The typed emit on the server.
export function serverSide(): void {
  ShopEmits.emit('news', { text: 'hi' }, { broadcast: true });
  ShopEmits.emit('moved', tuple(1, 2));
  ShopEmits.emit('count');
  // @ts-expect-error `news` carries { text: string }
  ShopEmits.emit('news', { text: 1 });
  // @ts-expect-error the declared events only
  ShopEmits.emit('newz', { text: 'hi' });
  // @ts-expect-error a tuple schema takes tuple(...)
  ShopEmits.emit('moved', [1, 2]);
  // @ts-expect-error `news` needs its payload
  ShopEmits.emit('news');
}

// @ts-expect-error `contract()` names methods of the class: `jion` is not one
contract(ShopController, { events: { join: 'jion' } });
// @ts-expect-error emits() takes schemas
emits({ news: 'text' });
