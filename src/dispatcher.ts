/**
 * The per-event path: from socket.io to a handler and back to the client's ack. Everything
 * here runs for every event, so it allocates one context and little else, and skips what a
 * handler does not use (middleware, validation, deadlines, logging).
 * @internal
 */
import type { ExtendedError, Namespace as IoNamespace, Socket } from 'socket.io';
import { connectionState, peekState, type ConnectionState } from './connection-state.js';
import { RequestContext, runInContext, runInContextWith, runSyncInContextWith } from './context.js';
import { CLIENT_ERRORS, ConnectionRefusedError, DEVELOPER_ERRORS, SocketeerError, toClientError, type ClientError } from './errors.js';
import { guardsOf, type ConnectGuard } from './guards.js';
import { fallbackLogger, type Logger } from './logger.js';
import { compose, type Middleware } from './middleware.js';
import type { BoundHandler, NamespaceTable } from './namespace-table.js';
import { consume, Verdict } from './rate-limit.js';
import type { RateLimitOptions } from './registry.js';
import { Tuple } from './tuple.js';
import type { ValidationIssue, ValidationOutcome } from './validation.js';
import type { Hooks } from './operations/hooks.js';

/** App-wide settings the dispatcher reads on each event. */
export interface Runtime {
  logger: Logger | undefined;
  errorDefault: BoundHandler | undefined;
  middleware: Middleware[];
  /** Default handler deadline in ms; 0 means none. */
  timeout: number;
  /** Per-connection limit on every event of a namespace (createApp `rateLimit`). */
  rateLimit: RateLimitOptions | undefined;
  /** Most unfinished async handlers one connection may have; beyond it events are refused. */
  maxInFlight: number;
  /** Set by app.close(): new connections and events are refused. */
  closing: boolean;
  /** createApp({ asyncContext: 'always' }): every handler runs under AsyncLocalStorage. */
  alwaysAsyncContext: boolean;
  /** Metrics and tracing (docs/operations.md); undefined when both are off. */
  hooks: Hooks | undefined;
}

/** The way into a handler's context: AsyncLocalStorage only for handlers that need it. */
function enter(h: BoundHandler, runtime: Runtime) {
  return h.asyncContext || runtime.alwaysAsyncContext || runtime.middleware.length > 0 ? runInContextWith : runSyncInContextWith;
}

/** The event clients receive for a rejected event they did not ask an ack for. */
export const ERROR_EVENT = 'socketeer:error';

type Ack = (...args: unknown[]) => void;

const pendingEmits = new WeakMap<Socket, (() => void)[]>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** Sends a handler's result as the acknowledgement. */
function settle(ack: Ack | undefined, value: unknown): void {
  if (ack === undefined) return;
  if (value === undefined) ack();
  else if (value instanceof Tuple) ack(...value.values);
  else ack(value);
}

/** Answers a client about a refused event: on its ack, or on the error event. */
function reply(ctx: RequestContext, ack: Ack | undefined, error: ClientError): void {
  if (ack) ack({ error });
  else ctx.socket.emit(ERROR_EVENT, { event: ctx.event, error });
}

/**
 * Answers an event that will not run (no context made: refusals must stay cheap under a
 * flood). `quiet`: a repeated refusal, sent only to a client waiting for an ack.
 */
function refuse(socket: Socket, event: string, ack: Ack | undefined, code: 'rate_limited' | 'too_many_pending' | 'shutting_down', runtime: Runtime, quiet = false): void {
  runtime.logger?.debug({ sid: socket.id, namespace: socket.nsp.name, event, code }, 'event refused');
  runtime.hooks?.refused(socket, event, code);
  const error = { code, message: CLIENT_ERRORS[code] };
  if (ack) ack({ error });
  else if (!quiet) socket.emit(ERROR_EVENT, { event, error });
}

/** Errors Socketeer raises on the client's behalf skip the app's error handlers. */
function isClientRefusal(err: unknown): err is SocketeerError {
  return err instanceof SocketeerError && (err.code === 'validation_error' || err.code === 'rate_limited' || err.code === 'timeout');
}

/** A developer error (a misused API) is a bug worth an error line; other coded errors are answers. */
function isDeveloperError(err: unknown): boolean {
  return err instanceof SocketeerError && Object.hasOwn(DEVELOPER_ERRORS, err.code);
}

/** The error pipeline: the namespace's handler, then the app default, then a log line. */
function fail(ctx: RequestContext, err: unknown, ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  ctx.probe?.fail(err);
  if (isClientRefusal(err)) {
    runtime.logger?.debug({ sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code }, 'event refused');
    reply(ctx, ack, err.toClient());
    return;
  }
  const handler = table.error ?? runtime.errorDefault;
  if (handler === undefined) {
    if (err instanceof SocketeerError && !isDeveloperError(err)) {
      // A deliberate, coded answer (e.g. 'forbidden'): it reaches the client on its ack, or on
      // the error event when it asked for none, and is not a failure worth an error line.
      runtime.logger?.debug({ sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code }, 'event answered with an error');
      reply(ctx, ack, err.toClient());
      return;
    } else {
      (runtime.logger ?? fallbackLogger).error(
        { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, err: err instanceof Error ? err.stack : String(err) },
        'handler failed',
      );
    }
    if (ack) ack({ error: toClientError(err) });
    return;
  }
  const onHandlerError = (err2: unknown) => {
    (runtime.logger ?? fallbackLogger).error(
      { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, err: err2 instanceof Error ? err2.stack : String(err2) },
      `error handler ${handler.label} failed`,
    );
    if (ack) ack({ error: toClientError(err) });
  };
  try {
    const result = enter(handler, runtime)(ctx, handler.fn, err);
    if (isThenable(result)) result.then((v) => settle(ack, v), onHandlerError);
    else settle(ack, result);
  } catch (err2) {
    onHandlerError(err2);
  }
}

function validationFailed(event: string, issues: ValidationIssue[]): SocketeerError {
  return new SocketeerError('validation_error', `Invalid payload for '${event}'.`, { data: issues });
}

/** Calls the handler with the validated payload (module-level: no closure per event). */
function afterValidation(ctx: RequestContext, h: BoundHandler, args: unknown[], outcome: ValidationOutcome): unknown {
  if (!outcome.success) throw validationFailed(ctx.event, outcome.issues);
  if (h.spread) return h.fn(...(outcome.data as unknown[]));
  return args.length <= 1 ? h.fn(outcome.data) : h.fn(outcome.data, ...args.slice(1));
}

/** Validation, then the handler itself. Synchronous unless the schema or the handler is not. */
function runHandler(ctx: RequestContext, h: BoundHandler, args: unknown[]): unknown {
  if (h.validate === undefined) return args.length === 1 ? h.fn(args[0]) : h.fn(...args);
  const outcome = h.validate(h.spread ? args : args[0]);
  return outcome instanceof Promise ? outcome.then((o) => afterValidation(ctx, h, args, o)) : afterValidation(ctx, h, args, outcome);
}

/**
 * Follows a handler that returned a promise: counts it as running on its connection (the
 * in-flight limit, graceful shutdown) and enforces its deadline. When the deadline passes the
 * client gets `timeout` at once and `request.signal` aborts; whatever the handler does
 * afterwards is not sent. Without a deadline this is a counter and one reaction, nothing more:
 * it runs for every event of an async handler.
 */
function follow(ctx: RequestContext, h: BoundHandler, result: PromiseLike<unknown>, ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  const state = connectionState(ctx.socket);
  const ms = h.options.timeout ?? runtime.timeout;
  if (ms > 0) {
    followWithDeadline(ctx, result, ms, ack, table, runtime, state);
  } else {
    result.then(
      (value) => {
        state.inFlight--;
        ctx.finish();
        settle(ack, value);
      },
      (err) => {
        state.inFlight--;
        ctx.finish();
        fail(ctx, err, ack, table, runtime);
      },
    );
  }
  // After `then`, which may throw for a broken thenable (the event then fails without counting).
  state.inFlight++;
}

function followWithDeadline(ctx: RequestContext, result: PromiseLike<unknown>, ms: number, ack: Ack | undefined, table: NamespaceTable, runtime: Runtime, state: ConnectionState): void {
  let abandoned = false;
  const timer = setTimeout(() => {
    abandoned = true;
    const err = new SocketeerError('timeout', `The handler for '${ctx.event}' did not finish within ${ms} ms.`);
    ctx.abort(err);
    fail(ctx, err, ack, table, runtime);
  }, ms);
  try {
    result.then(
      (value) => {
        state.inFlight--;
        ctx.finish();
        clearTimeout(timer);
        if (!abandoned) settle(ack, value);
      },
      (err) => {
        state.inFlight--;
        ctx.finish();
        clearTimeout(timer);
        if (!abandoned) fail(ctx, err, ack, table, runtime);
        else runtime.logger?.debug({ sid: ctx.sid, namespace: ctx.namespace, event: ctx.event }, 'abandoned handler failed after its deadline');
      },
    );
  } catch (err) {
    clearTimeout(timer); // a broken thenable: the event fails now, not again at its deadline
    throw err;
  }
}

function invoke(ctx: RequestContext, h: BoundHandler, args: unknown[], ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  try {
    const chain = runtime.middleware.length === 0 ? h.middleware : [...runtime.middleware, ...h.middleware];
    const result = chain.length === 0 ? runHandler(ctx, h, args) : compose(chain, ctx, () => runHandler(ctx, h, args));
    if (isThenable(result)) return follow(ctx, h, result, ack, table, runtime);
    ctx.finish();
    settle(ack, result);
  } catch (err) {
    ctx.finish();
    fail(ctx, err, ack, table, runtime);
  }
}

/**
 * The checks every event passes before its handler is even looked at: shutdown and the app's
 * rate limit. Refusals make no context: they must stay cheap under a flood.
 */
function admitted(socket: Socket, event: string, ack: Ack | undefined, runtime: Runtime): boolean {
  if (runtime.closing) {
    refuse(socket, event, ack, 'shutting_down', runtime);
    return false;
  }
  if (runtime.rateLimit !== undefined) {
    const verdict = consume(socket, runtime.rateLimit);
    if (verdict !== Verdict.Allowed) {
      refuse(socket, event, ack, 'rate_limited', runtime, verdict === Verdict.RefusedAgain);
      return false;
    }
  }
  return true;
}

/** The handler's own limits, then the handler in its context. */
function handle(socket: Socket, event: string, handler: BoundHandler, args: unknown[], callArgs: unknown[], ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  const limit = handler.options.rateLimit;
  if (limit !== undefined) {
    const verdict = consume(socket, limit);
    if (verdict !== Verdict.Allowed) return refuse(socket, event, ack, 'rate_limited', runtime, verdict === Verdict.RefusedAgain);
  }
  const state = peekState(socket);
  if (state !== undefined && state.inFlight >= runtime.maxInFlight) return refuse(socket, event, ack, 'too_many_pending', runtime);
  runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name, event }, 'event');
  const ctx = new RequestContext(socket, event, args);
  if (runtime.hooks) return runtime.hooks.event(ctx, table, enter(handler, runtime), ctx, invoke, ctx, handler, callArgs, ack, table, runtime);
  enter(handler, runtime)(ctx, invoke, ctx, handler, callArgs, ack, table, runtime);
}

/**
 * Routes one incoming event; installed with `socket.onAny`, so `this` is the socket and one
 * function serves every socket of the namespace (nothing per connection but the list entry).
 * Measured against per-event `socket.on` listeners it costs less per event (sync handlers
 * about 3 % less server CPU per ack, async the same) and less memory. The consequence is that
 * socket.io's own `socket.use()` middleware runs after Socketeer's handlers, so gate events
 * with `@Use`/`app.use` instead.
 */
function makeEventListener(table: NamespaceTable, runtime: Runtime) {
  return function onEvent(this: Socket, event: string, ...args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    if (!admitted(this, event, ack, runtime)) return;
    const handler = table.events.get(event);
    if (handler !== undefined) return handle(this, event, handler, args, args, ack, table, runtime);
    const catchAll = table.any;
    if (catchAll !== undefined) return handle(this, event, catchAll, args, [event, ...args], ack, table, runtime);
    runtime.logger?.debug({ sid: this.id, namespace: this.nsp.name, event }, 'event has no handler');
    runtime.hooks?.refused(this, event, 'unknown_event');
    if (ack) ack({ error: { code: 'unknown_event', message: `No handler for event '${event}' in namespace '${this.nsp.name}'.` } });
  };
}

function refusal(message: string, data?: unknown): ExtendedError {
  const err = new Error(message) as ExtendedError;
  if (data !== undefined) err.data = data;
  return err;
}

/** What a refused client's `connect_error` carries: `message`, and `data: { code, message }`. */
function coded(code: string, message: string): ExtendedError {
  return refusal(message, { code, message });
}

/**
 * Turns what a guard or connect handler threw into the client's `connect_error`: a
 * ConnectionRefusedError's own message and data, a coded error as `{ code, message }`, and
 * anything else as `internal_error` with nothing internal.
 */
function connectRefusal(err: unknown, ctx: RequestContext, table: NamespaceTable, runtime: Runtime): ExtendedError {
  if (err instanceof ConnectionRefusedError) {
    runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace, reason: err.message }, 'connection refused');
    return refusal(err.message, err.data);
  }
  if (err instanceof SocketeerError && !isDeveloperError(err)) {
    runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace, code: err.code }, 'connection refused');
    return coded(err.code, err.message);
  }
  fail(ctx, err, undefined, table, runtime);
  return coded('internal_error', CLIENT_ERRORS.internal_error);
}

/** Runs a namespace's guards; resolves with the refusal, or undefined when every guard said `true`. */
async function runGuards(ctx: RequestContext, guards: readonly ConnectGuard[], table: NamespaceTable, runtime: Runtime): Promise<ExtendedError | undefined> {
  try {
    for (const guard of guards) {
      const verdict = await runInContext(ctx, () => guard(ctx));
      if (verdict !== true) {
        runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace }, 'connection refused by a guard');
        return coded('unauthorized', CLIENT_ERRORS.unauthorized);
      }
    }
  } catch (err) {
    return connectRefusal(err, ctx, table, runtime);
  }
  return undefined;
}

/**
 * Guards, then connect handlers, run as namespace middleware, so a refusal happens before the
 * client counts as connected (and before it can join a room or send an event).
 */
function makeConnectGuard(table: NamespaceTable, runtime: Runtime) {
  return async (socket: Socket, next: (err?: ExtendedError) => void): Promise<void> => {
    if (runtime.closing) return next(coded('shutting_down', CLIENT_ERRORS.shutting_down));
    const guards = guardsOf(table);
    if (guards === undefined && table.connect.length === 0) return next();
    const auth = socket.handshake.auth;
    const ctx = new RequestContext(socket, 'connect', [auth]);
    ctx.pending = [];
    if (guards !== undefined) {
      const refused = await runGuards(ctx, guards, table, runtime);
      if (refused) return next(refused);
    }
    if (table.connect.length > 0) {
      void socket.join(socket.id); // as socket.io will on connect, so rooms() includes it; left again on refusal
      try {
        for (const h of table.connect) {
          const verdict = await enter(h, runtime)(ctx, h.fn, auth);
          if (verdict === false) {
            runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused');
            return next(refusal('Connection rejected by server'));
          }
        }
      } catch (err) {
        return next(connectRefusal(err, ctx, table, runtime));
      }
    }
    if (ctx.pending.length > 0) pendingEmits.set(socket, ctx.pending);
    ctx.pending = undefined; // from now on (timers started in the handler) emits go straight out
    ctx.finish();
    next();
  };
}

function makeDisconnectListener(table: NamespaceTable, runtime: Runtime) {
  return function onDisconnect(this: Socket, reason: string): void {
    runtime.logger?.info({ sid: this.id, namespace: this.nsp.name, reason }, 'disconnected');
    const watched = peekState(this)?.watched;
    if (watched !== undefined && watched.size > 0) {
      const why = new SocketeerError('not_connected', 'The client disconnected before the handler finished.');
      for (const ctx of watched) ctx.abort(why);
    }
    if (table.disconnect.length === 0) return;
    const ctx = new RequestContext(this, 'disconnect', [reason]);
    for (const h of table.disconnect) enter(h, runtime)(ctx, runDisconnect, ctx, h, reason, table, runtime);
  };
}

function runDisconnect(ctx: RequestContext, h: BoundHandler, reason: string, table: NamespaceTable, runtime: Runtime): void {
  try {
    const result = h.fn(reason);
    if (isThenable(result)) result.then(undefined, (err) => fail(ctx, err, undefined, table, runtime));
  } catch (err) {
    fail(ctx, err, undefined, table, runtime);
  }
}

/** Wires a namespace (or a dynamic parent namespace) to its table. */
export function attachNamespace(nsp: IoNamespace, table: NamespaceTable, runtime: Runtime): void {
  const onEvent = makeEventListener(table, runtime);
  const onDisconnect = makeDisconnectListener(table, runtime);
  nsp.use(runtime.hooks ? runtime.hooks.connect(table, makeConnectGuard(table, runtime)) : makeConnectGuard(table, runtime));
  nsp.on('connection', (socket: Socket) => {
    socket.onAny(onEvent);
    socket.on('disconnect', onDisconnect);
    runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connected');
    const pending = pendingEmits.get(socket);
    if (pending) {
      pendingEmits.delete(socket);
      for (const deliver of pending) deliver();
    }
  });
}
