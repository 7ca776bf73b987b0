/**
 * Guards decide who may connect to a namespace; the join authoriser decides who may enter
 * which room. Both fail closed: only a literal `true` lets the client through.
 */
import type { Namespace as IoNamespace, Server } from 'socket.io';
import type { RequestContext } from './context.js';
import { SocketeerError } from './errors.js';
import { checkFunction } from './options.js';
import { classGuards, type ConnectGuard } from './registry.js';

export type { ConnectGuard } from './registry.js';

/**
 * Decides whether a handler's `joinRoom(room)` may proceed; `ctx` is the request asking.
 * Synchronous on purpose: `joinRoom()` is usually not awaited, and an asynchronous refusal
 * would arrive after the handler moved on (or as an unhandled rejection). Load what it needs
 * (the user, their memberships) in a guard or connect handler and keep it in `ctx.session`.
 * @example
 * ```ts
 * createApp({ authorizeJoin: (ctx, room) => !room.startsWith('admin:') || ctx.session.user?.admin === true });
 * ```
 */
export type JoinAuthorizer = (ctx: RequestContext, room: string) => boolean;

/** A class's guards (@Guard), its ancestors' first. @internal */
export function guardsOfClass(cls: Function): ConnectGuard[] {
  return classGuards(cls) as ConnectGuard[];
}

export function checkGuard(fn: unknown, where: string): asserts fn is ConnectGuard {
  checkFunction(fn, `${where}: a guard is a function (ctx) => boolean | Promise<boolean>.`);
}

const authorizers = new WeakMap<Server, JoinAuthorizer>();

/** @internal */
export function setJoinAuthorizer(io: Server, fn: JoinAuthorizer): void {
  authorizers.set(io, fn);
}

/**
 * Asks createApp's `authorizeJoin` about a `joinRoom()` made from a handler; throws `forbidden`
 * when refused. (Sid rooms and the room count are checked first, in room-limits.ts.) @internal
 */
export function checkJoin(ctx: RequestContext, room: string, nsp: IoNamespace): void {
  const authorize = authorizers.get(nsp.server);
  if (authorize === undefined) return;
  const verdict = authorize(ctx, room);
  if (verdict === true) return;
  if (typeof (verdict as unknown as PromiseLike<unknown> | undefined)?.then === 'function') {
    // A developer mistake, so a plain error: the client sees only internal_error.
    throw new TypeError(
      'authorizeJoin must answer synchronously (true or false); load what it needs in a guard and keep it in ctx.session.',
    );
  }
  throw new SocketeerError('forbidden', `Not allowed to join room '${room}'.`);
}
