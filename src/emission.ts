/**
 * Where an emit goes, shared by the context helpers (which default to the sender) and the
 * app's context-free methods (which default to everyone). Built on socket.io's broadcast
 * operator; nothing here re-implements routing.
 * Internal module: not exported from the package entry points.
 */
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import { runInContextWith, type RequestContext } from './context.js';
import { DEFAULT_CALL_TIMEOUT } from './defaults.js';
import { checkEmit, emitChecks } from './emit-validation.js';
import { SocketeerError } from './errors.js';
import { describeThrown, loggerOf } from './logger.js';
import { RESERVED_EVENTS } from './namespace-table.js';
import { checkOptions, keysOf } from './options.js';
import { hooksOf } from './operations/hooks.js';

export interface EmitOptions {
  /** A room, a sid (every connection has a room named by its sid), or a list of them. */
  to?: string | readonly string[];
  /** Alias of `to`, as in Flask-SocketIO. */
  room?: string | readonly string[];
  /** With `to`/`broadcast` from a handler: false leaves the sender out. Default true. */
  includeSelf?: boolean;
  /** Sids to leave out. */
  skipSid?: string | readonly string[];
  /** Reach the whole namespace (the default outside handlers). */
  broadcast?: boolean;
  /** Default: the handler's namespace, or '/' outside handlers. */
  namespace?: string;
  /** Called with the client's ack arguments; only for a single recipient, never for broadcasts. */
  // biome-ignore lint/suspicious/noExplicitAny: the callback names the type of what the client acknowledges with
  callback?: (...args: any[]) => void;
}

export interface SendOptions extends EmitOptions {
  /** Send as the unnamed `json` event instead of `message`. */
  json?: boolean;
}

const EMIT_KEYS = {
  to: true,
  room: true,
  includeSelf: true,
  skipSid: true,
  broadcast: true,
  namespace: true,
  callback: true,
} as const;
export const EMIT_OPTIONS = keysOf<EmitOptions>(EMIT_KEYS);
export const SEND_OPTIONS = keysOf<SendOptions>({ ...EMIT_KEYS, json: true });

/** socket.io keeps its namespaces private; this is the one typed way we look one up without creating it. */
export function existingNamespace(io: Server, name: string): IoNamespace | undefined {
  return (io as unknown as { _nsps: Map<string, IoNamespace> })._nsps.get(name);
}

/** The same client's connection in another namespace, if it has one. */
function sameClientIn(socket: Socket, name: string): Socket | undefined {
  if (socket.nsp.name === name) return socket;
  return (socket.client as unknown as { nsps: Map<string, Socket> }).nsps.get(name);
}

/**
 * Throws `reserved_event` for the names socket.io keeps for itself: sent, they would throw
 * inside socket.io (for a connect handler's held emits, after the handler has returned).
 */
function checkEvent(event: string, fn: string): void {
  if (RESERVED_EVENTS.has(event)) {
    throw new SocketeerError(
      'reserved_event',
      `${fn}('${event}'): '${event}' is reserved by socket.io and cannot be sent; pick another event name.`,
    );
  }
}

/** What socket.io's encoder threw, as the coded error the caller gets at its emit() call. */
function unsendable(err: unknown, fn: string, event: string): unknown {
  if (err instanceof SocketeerError) return err;
  return new SocketeerError(
    'unsendable_value',
    `${fn}('${event}'): socket.io cannot encode the data (${err instanceof Error ? err.message : describeThrown(err)}); ` +
      'a BigInt, a circular object or nesting deeper than about 10,000 levels cannot be sent.',
    { cause: err },
  );
}

/**
 * A user callback called by socket.io (an ack arriving, or a timer): what it throws or rejects
 * is logged, never left to end the process or the client's connection. From a handler it runs
 * in that handler's context, so it may call `disconnect()` or `emit()` as Flask-SocketIO's
 * `copy_current_request_context` callbacks do.
 */
function guardCallback(
  io: Server,
  ctx: RequestContext | undefined,
  fn: string,
  event: string,
  // biome-ignore lint/suspicious/noExplicitAny: socket.io types ack callbacks with any[]
  callback: (...args: any[]) => void,
  // biome-ignore lint/suspicious/noExplicitAny: the same callback type, returned wrapped
): (...args: any[]) => void {
  return (...args: unknown[]) => {
    const report = (err: unknown) =>
      loggerOf(io).error({ event, err: describeThrown(err) }, `${fn}('${event}'): the callback failed`);
    try {
      const result: unknown = ctx ? runInContextWith(ctx, callback, ...args) : callback(...args);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
        (result as PromiseLike<unknown>).then(undefined, report);
    } catch (err) {
      report(err);
    }
  };
}

/** Sends `event` with `args` as `options` say; `ctx` is the sender when called from a handler. */
export function deliver(
  io: Server,
  ctx: RequestContext | undefined,
  event: string,
  args: unknown[],
  options: EmitOptions | undefined,
  fn: string,
): void {
  checkEvent(event, fn);
  if (emitChecks.active) checkEmit(io, options?.namespace ?? ctx?.namespace ?? '/', event, args, fn);
  // Counted once: a connect handler's emit with options comes back here once the client is connected.
  if (options === undefined || !ctx?.pending) hooksOf(io)?.emitted(options?.namespace ?? ctx?.namespace ?? '/');
  try {
    route(io, ctx, event, args, options, fn);
  } catch (err) {
    throw unsendable(err, fn, event);
  }
}

function route(
  io: Server,
  ctx: RequestContext | undefined,
  event: string,
  args: unknown[],
  options: EmitOptions | undefined,
  fn: string,
): void {
  if (options === undefined) {
    if (ctx) toSender(ctx, ctx.socket, event, args);
    else io.of('/').emit(event, ...args);
    return;
  }
  checkOptions(options, fn.endsWith('send') ? SEND_OPTIONS : EMIT_OPTIONS, fn);
  const name = options.namespace ?? ctx?.namespace ?? '/';
  const to = options.to ?? options.room;
  if (options.callback !== undefined && typeof options.callback !== 'function') {
    throw new SocketeerError('invalid_option', `${fn}: callback must be a function.`);
  }
  // Options are checked above, so a mistake throws in the connect handler, not at delivery.
  if (ctx?.pending) {
    // From a connect handler: deliver once the client is connected, so `to: request.sid`, a room
    // it just joined and broadcasts include it, as in Flask-SocketIO.
    ctx.pending.push(() => deliver(io, ctx, event, args, options, fn));
    return;
  }
  const callback = options.callback && guardCallback(io, ctx, fn, event, options.callback);

  const skip: string[] =
    options.skipSid === undefined ? [] : typeof options.skipSid === 'string' ? [options.skipSid] : [...options.skipSid];
  if (to === undefined && !options.broadcast && ctx) {
    const socket = sameClientIn(ctx.socket, name);
    // As in Flask-SocketIO the default target is the sender's sid room, so excluding the sender leaves nobody.
    if (socket && options.includeSelf !== false && !skip.includes(socket.id))
      toSender(ctx, socket, event, callback ? [...args, callback] : args);
    return;
  }
  // socket.io reads an empty room list as "everyone"; an empty list of recipients means nobody.
  if (Array.isArray(to) && to.length === 0) return;

  const nsp = ctx?.socket.nsp.name === name ? ctx.socket.nsp : existingNamespace(io, name);
  if (!nsp) return; // nobody can be connected to a namespace that does not exist

  // A callback makes sense for exactly one recipient, as in Flask-SocketIO.
  if (callback && typeof to === 'string' && !options.broadcast) {
    const single = nsp.sockets.get(to);
    if (single) {
      single.emit(event, ...args, callback);
      return;
    }
    // The sid may be on another node (Redis adapter): a broadcast with ack reaches it there.
    // Only the first ack argument crosses nodes; no answer within a minute means no callback.
    nsp
      .to(to)
      .timeout(DEFAULT_CALL_TIMEOUT)
      .emit(event, ...args, (err: unknown, responses: unknown[]) => {
        if (!err && responses.length > 0) callback(responses[0]);
      });
    return;
  }

  let op = to !== undefined ? nsp.to(to as string | string[]) : nsp.except([]);
  if (options.includeSelf === false && ctx) skip.push(ctx.sid);
  if (skip.length > 0) op = op.except(skip);
  op.emit(event, ...args);
}

function toSender(ctx: RequestContext, socket: Socket, event: string, args: unknown[]): void {
  // A connect handler's emits wait until the client counts as connected.
  if (ctx.pending) ctx.pending.push(() => socket.emit(event, ...args));
  else socket.emit(event, ...args);
}

export interface CallOptions {
  /** The sid to call; default: the sender. */
  to?: string;
  namespace?: string;
  /** Milliseconds to wait for the client's ack. Default 60000. */
  timeout?: number;
}
export const CALL_OPTIONS = keysOf<CallOptions>({ to: true, namespace: true, timeout: true });

/**
 * Emits to one client and resolves with its ack: the value when it acked with one argument,
 * an array for several, undefined for none.
 */
export function callClient(
  io: Server,
  ctx: RequestContext | undefined,
  event: string,
  args: unknown[],
  options: CallOptions | undefined,
  fn: string,
): Promise<unknown> {
  checkOptions(options, CALL_OPTIONS, fn);
  checkEvent(event, fn);
  if (emitChecks.active) checkEmit(io, options?.namespace ?? ctx?.namespace ?? '/', event, args, fn);
  const answer = askClient(io, ctx, event, args, options, fn);
  // A call() nobody awaits must not end the process when the client never answers: the
  // rejection is marked handled here, and whoever awaits the promise still receives it.
  answer.catch(() => {});
  return answer;
}

function askClient(
  io: Server,
  ctx: RequestContext | undefined,
  event: string,
  args: unknown[],
  options: CallOptions | undefined,
  fn: string,
): Promise<unknown> {
  const timeout = options?.timeout ?? DEFAULT_CALL_TIMEOUT;
  const name = options?.namespace ?? ctx?.namespace ?? '/';
  const sid = options?.to ?? ctx?.sid;
  if (sid === undefined)
    return Promise.reject(
      new SocketeerError('missing_target', `${fn}: outside a handler, say which client with { to: sid }.`),
    );
  const nsp = ctx?.socket.nsp.name === name ? ctx.socket.nsp : existingNamespace(io, name);
  const local = ctx && sid === ctx.sid && name === ctx.namespace ? ctx.socket : nsp?.sockets.get(sid);
  const unpack = (values: unknown[]) => (values.length === 0 ? undefined : values.length === 1 ? values[0] : values);
  const timedOut = () =>
    new SocketeerError('ack_timeout', `${fn}: client ${sid} did not acknowledge '${event}' within ${timeout} ms.`);
  if (local) {
    return new Promise((resolve, reject) => {
      try {
        local
          .timeout(timeout)
          .emit(event, ...args, (err: unknown, ...values: unknown[]) =>
            err ? reject(timedOut()) : resolve(unpack(values)),
          );
      } catch (err) {
        reject(unsendable(err, fn, event));
      }
    });
  }
  if (!nsp)
    return Promise.reject(new SocketeerError('not_connected', `${fn}: no client ${sid} in namespace '${name}'.`));
  // The sid may live on another node (Redis adapter): ask through the broadcast operator.
  return new Promise((resolve, reject) => {
    try {
      nsp
        .to(sid)
        .timeout(timeout)
        .emit(event, ...args, (err: unknown, responses: unknown[]) => {
          if (err) reject(timedOut());
          else if (responses.length === 0)
            reject(new SocketeerError('not_connected', `${fn}: no client ${sid} in namespace '${name}'.`));
          else resolve(responses[0]);
        });
    } catch (err) {
      reject(unsendable(err, fn, event));
    }
  });
}

export interface RoomOptions {
  /** Whose membership to change; default: the sender. */
  sid?: string;
  namespace?: string;
}
export const ROOM_OPTIONS = keysOf<RoomOptions>({ sid: true, namespace: true });

/** Resolves the namespace and, when it is here, the socket a room helper acts on. */
export function roomTarget(io: Server, ctx: RequestContext | undefined, options: RoomOptions | undefined, fn: string) {
  checkOptions(options, ROOM_OPTIONS, fn);
  const name = options?.namespace ?? ctx?.namespace ?? '/';
  const sid = options?.sid ?? (ctx && name === ctx.namespace ? ctx.sid : undefined);
  if (sid === undefined) throw new SocketeerError('missing_target', `${fn}: say which client with { sid }.`);
  const nsp = ctx?.socket.nsp.name === name ? ctx.socket.nsp : existingNamespace(io, name);
  const socket = ctx && sid === ctx.sid && name === ctx.namespace ? ctx.socket : nsp?.sockets.get(sid);
  return { nsp, sid, socket };
}
