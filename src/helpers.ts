/**
 * The context-aware helpers, Flask-SocketIO's module functions. Each can only be called from an
 * event handler (or code it awaits or schedules); outside one they throw `no_context` and name
 * the app method to use instead.
 */
import { refuseAdmission } from './admission.js';
import { getContext, type RequestContext } from './context.js';
import { describeThrown, loggerOf } from './logger.js';
import { SocketeerError } from './errors.js';
import { checkJoin } from './guards.js';
import { checkRoomLimits } from './room-limits.js';
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
 * refuses, or when the room is another client's personal (sid) room (with recovery or a
 * multi-node adapter: any name shaped like a connection id but the caller's own), and
 * `too_many_rooms` past createApp's `maxRooms`.
 * Can only be called from an event handler; outside one, use `app.joinRoom(sid, room)`.
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
  if (typeof room !== 'string' || room.length === 0)
    throw new SocketeerError('invalid_room', 'joinRoom: the room name must be a non-empty string.');
  const { nsp, sid, socket } = roomTarget(ctx.socket.nsp.server, ctx, options, 'joinRoom');
  checkRoomLimits(ctx.socket.nsp.server, nsp ?? ctx.socket.nsp, sid, socket, room);
  checkJoin(ctx, room, nsp ?? ctx.socket.nsp);
  if (socket) return reported(socket.join(room), ctx, 'joinRoom');
  nsp?.in(sid).socketsJoin(room);
}

/**
 * An adapter may make room changes asynchronous; handlers rarely await joinRoom(), so a
 * failure is logged here (whoever awaits the promise still gets it) instead of going unhandled.
 */
function reported(result: void | Promise<void>, ctx: RequestContext, fn: string): void | Promise<void> {
  if (result instanceof Promise) {
    result.catch((err: unknown) =>
      loggerOf(ctx.socket.nsp.server).error(
        { sid: ctx.sid, namespace: ctx.namespace, err: describeThrown(err) },
        `${fn}: the adapter failed`,
      ),
    );
  }
  return result;
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
  if (socket) return reported(socket.leave(room), ctx, 'leaveRoom');
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
 * Disconnects the sender (or `sid`) from the namespace. From a connect handler or guard,
 * disconnecting the connecting client refuses its connection (as Flask-SocketIO apps do with
 * `if not current_user.is_authenticated: disconnect()`): its `connect_error` says
 * "Connection rejected by server", and the handler's emits are not delivered.
 * @example
 * ```ts
 * @OnConnect() connect() { if (!request.session.user) disconnect(); }
 * ```
 */
export function disconnect(sid?: string, options?: { namespace?: string }): void {
  const ctx = getContext('disconnect()', 'app.disconnect()');
  const {
    nsp,
    sid: target,
    socket,
  } = roomTarget(ctx.socket.nsp.server, ctx, { ...options, ...(sid !== undefined && { sid }) }, 'disconnect');
  if (socket === ctx.socket && ctx.pending !== undefined) refuseAdmission(socket);
  else if (socket) socket.disconnect();
  else nsp?.in(target).disconnectSockets();
}
