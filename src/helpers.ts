/**
 * The context-aware helpers, Flask-SocketIO's module functions. Each can only be called from an
 * event handler (or code it awaits or schedules); outside one they throw `no_context` and name
 * the app method to use instead.
 */
import { getContext } from './context.js';
import { SocketeerError } from './errors.js';
import { checkJoin } from './guards.js';
import {
  callClient,
  deliver,
  existingNamespace,
  roomTarget,
  type CallOptions,
  type EmitOptions,
  type RoomOptions,
  type SendOptions,
} from './emission.js';
import { toArgs } from './tuple.js';

/**
 * Emits an event. Goes to the sender unless `to`/`room`/`broadcast` say otherwise.
 * Pass `tuple(a, b)` as `data` to send several arguments.
 * @example
 * ```ts
 * emit('status', { msg: 'joined' }, { to: room, includeSelf: false });
 * ```
 */
export function emit(event: string, data?: unknown, options?: EmitOptions): void {
  const ctx = getContext('emit()', 'app.emit()');
  deliver(ctx.socket.nsp.server, ctx, event, toArgs(data), options, 'emit');
}

/**
 * Sends an unnamed message: the `message` event, or `json` with `{ json: true }`.
 * @example
 * ```ts
 * send(`${username} has entered the room.`, { to: room });
 * ```
 */
export function send(data: unknown, options?: SendOptions): void {
  const ctx = getContext('send()', 'app.send()');
  deliver(ctx.socket.nsp.server, ctx, options?.json ? 'json' : 'message', toArgs(data), options, 'send');
}

/**
 * Emits to one client (the sender by default) and resolves with its acknowledgement.
 * Rejects with `ack_timeout` when the client does not answer within `timeout` ms.
 * @example
 * ```ts
 * const answer = await call('are_you_there', undefined, { timeout: 5000 });
 * ```
 */
export function call(event: string, data?: unknown, options?: CallOptions): Promise<unknown> {
  const ctx = getContext('call()', 'app.call()');
  return callClient(ctx.socket.nsp.server, ctx, event, toArgs(data), options, 'call');
}

/**
 * Puts the sender (or `sid`) in a room. Throws `forbidden` when createApp's `authorizeJoin`
 * refuses, or when the room is another client's personal (sid) room. Can only be called from
 * an event handler; outside one, use `app.joinRoom(sid, room)`.
 * @example
 * ```ts
 * @On('join') join({ room }: { room: string }) {
 *   joinRoom(room);
 *   send(`${request.sid} has entered the room.`, { to: room });
 * }
 * ```
 */
export function joinRoom(room: string, options?: RoomOptions): void | Promise<void> {
  const ctx = getContext('joinRoom()', 'app.joinRoom()');
  if (typeof room !== 'string' || room.length === 0) throw new SocketeerError('invalid_room', 'joinRoom: the room name must be a non-empty string.');
  const { nsp, sid, socket } = roomTarget(ctx.socket.nsp.server, ctx, options, 'joinRoom');
  checkJoin(ctx, room, sid, nsp ?? ctx.socket.nsp);
  if (socket) return socket.join(room);
  nsp?.in(sid).socketsJoin(room);
}

/**
 * Takes the sender (or `sid`) out of a room. Can only be called from an event handler;
 * outside one, use `app.leaveRoom(sid, room)`.
 * @example
 * ```ts
 * @On('leave') leave({ room }: { room: string }) {
 *   leaveRoom(room);
 *   send(`${request.sid} has left the room.`, { to: room });
 * }
 * ```
 */
export function leaveRoom(room: string, options?: RoomOptions): void | Promise<void> {
  const ctx = getContext('leaveRoom()', 'app.leaveRoom()');
  const { nsp, sid, socket } = roomTarget(ctx.socket.nsp.server, ctx, options, 'leaveRoom');
  if (socket) return socket.leave(room);
  nsp?.in(sid).socketsLeave(room);
}

/**
 * Empties a room: every member leaves it. Can only be called from an event handler; outside
 * one, use `app.closeRoom(room)`.
 * @example
 * ```ts
 * @On('end_game') endGame({ room }: { room: string }) {
 *   emit('game_over', {}, { to: room });
 *   closeRoom(room);
 * }
 * ```
 */
export function closeRoom(room: string, options?: { namespace?: string }): void {
  const ctx = getContext('closeRoom()', 'app.closeRoom()');
  const name = options?.namespace ?? ctx.namespace;
  const nsp = name === ctx.namespace ? ctx.socket.nsp : existingNamespace(ctx.socket.nsp.server, name);
  nsp?.in(room).socketsLeave(room);
}

/**
 * The rooms the sender (or `sid`, on this node) is in, its own sid room included. Can only be
 * called from an event handler; outside one, use `app.rooms(sid)`.
 * @example
 * ```ts
 * @On('my_rooms') myRooms() {
 *   return rooms().filter((room) => room !== request.sid);
 * }
 * ```
 */
export function rooms(sid?: string, options?: { namespace?: string }): string[] {
  const ctx = getContext('rooms()', 'app.rooms()');
  const { socket } = roomTarget(ctx.socket.nsp.server, ctx, { ...options, ...(sid !== undefined && { sid }) }, 'rooms');
  return socket ? [...socket.rooms] : [];
}

/**
 * Disconnects the sender (or `sid`) from the namespace. Can only be called from an event
 * handler; outside one, use `app.disconnect(sid)`.
 * @example
 * ```ts
 * @On('logout') logout() {
 *   delete request.session.user;
 *   disconnect();
 * }
 * ```
 */
export function disconnect(sid?: string, options?: { namespace?: string }): void {
  const ctx = getContext('disconnect()', 'app.disconnect()');
  const { nsp, sid: target, socket } = roomTarget(ctx.socket.nsp.server, ctx, { ...options, ...(sid !== undefined && { sid }) }, 'disconnect');
  if (socket) socket.disconnect();
  else nsp?.in(target).disconnectSockets();
}
