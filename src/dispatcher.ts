/**
 * The per-event path: from socket.io to a handler and back to the client's ack. Everything
 * here runs for every event, so it allocates one context and little else, and skips what a
 * handler does not use (middleware, validation, deadlines, logging).
 * Internal module: not exported from the package entry points.
 */
import type { ExtendedError, Namespace as IoNamespace, Socket } from 'socket.io';
import { admissionRefused } from './admission.js';
import { connectionState, peekState, type ConnectionState } from './connection-state.js';
import { RequestContext, runInContext, runInContextWith, runSyncInContextWith } from './context.js';
import { ConnectionRefusedError, DEVELOPER_ERRORS, errorReply, SocketeerError, type ClientError } from './errors.js';
import { guardsOf, type ConnectGuard } from './guards.js';
import { describeThrown, fallbackLogger, type Logger } from './logger.js';
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
  /** createApp({ asyncContext: 'sync-only' }): handlers without middleware get the context for their synchronous call only. */
  syncOnlyContext: boolean;
  /** Metrics and tracing (docs/operations.md); undefined when both are off. */
  hooks: Hooks | undefined;
}

/**
 * The way into a handler's context: AsyncLocalStorage, so everything the handler calls, awaits,
 * returns or schedules sees its request. Only the explicit `'sync-only'` opt-out skips it, and
 * not for handlers with middleware: an awaiting middleware runs the handler after its await.
 */
function enter(h: BoundHandler, runtime: Runtime) {
  return runtime.syncOnlyContext && h.middleware.length === 0 && runtime.middleware.length === 0
    ? runSyncInContextWith
    : runInContextWith;
}

/** The event clients receive for a rejected event they did not ask an ack for. */
export const ERROR_EVENT = 'socketeer:error';

type Ack = (...args: unknown[]) => void;

const pendingEmits = new WeakMap<Socket, (() => void)[]>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * Sends a handler's result as the acknowledgement. socket.io encodes it right here, so a value
 * it cannot encode (a BigInt, a circular object, nesting ~10k levels deep, which a client can
 * send and an echoing handler return) throws here: it is logged, and the client gets
 * `internal_error`. Called from promise reactions too, where a throw would end the process.
 */
function settle(ctx: RequestContext, h: BoundHandler, ack: Ack | undefined, value: unknown, runtime: Runtime): void {
  if (ack === undefined) return;
  try {
    if (value === undefined) ack();
    else if (value instanceof Tuple) ack(...value.values);
    else ack(value);
  } catch (err) {
    unsendableResult(ctx, h, ack, err, runtime);
  }
}

function unsendableResult(ctx: RequestContext, h: BoundHandler, ack: Ack, err: unknown, runtime: Runtime): void {
  (runtime.logger ?? fallbackLogger).error(
    {
      sid: ctx.sid,
      namespace: ctx.namespace,
      event: ctx.event,
      handler: h.label,
      code: 'unsendable_value',
      err: describeThrown(err),
    },
    `${h.label} returned a value socket.io cannot send (a BigInt, a circular object, or nesting too deep); the client got internal_error`,
  );
  try {
    ack(errorReply({ thrown: err }));
  } catch {
    // The error object itself is always encodable; a closed connection simply drops it.
  }
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
function refuse(
  socket: Socket,
  event: string,
  ack: Ack | undefined,
  code: 'rate_limited' | 'too_many_pending' | 'shutting_down',
  runtime: Runtime,
  quiet = false,
): void {
  runtime.logger?.debug({ sid: socket.id, namespace: socket.nsp.name, event, code }, 'event refused');
  runtime.hooks?.refused(socket, event, code);
  const { error } = errorReply(code);
  if (ack) ack({ error });
  else if (!quiet) socket.emit(ERROR_EVENT, { event, error });
}

/** Errors Socketeer raises on the client's behalf skip the app's error handlers. */
function isClientRefusal(err: unknown): err is SocketeerError {
  return (
    err instanceof SocketeerError &&
    (err.code === 'validation_error' || err.code === 'rate_limited' || err.code === 'timeout')
  );
}

/** A developer error (a misused API) is a bug worth an error line; other coded errors are answers. */
function isDeveloperError(err: unknown): boolean {
  return err instanceof SocketeerError && Object.hasOwn(DEVELOPER_ERRORS, err.code);
}

/**
 * The error pipeline: the namespace's handler, then the app default, then a log line. Called
 * from promise reactions and timers, so nothing may escape it: a failure of the pipeline
 * itself is logged and the client gets `internal_error`.
 */
function fail(
  ctx: RequestContext,
  err: unknown,
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
  failed?: BoundHandler,
): void {
  ctx.probe?.fail(err);
  try {
    runErrorPipeline(ctx, err, ack, table, runtime, failed);
  } catch (err2) {
    fallbackLogger.error(
      { namespace: ctx.namespace, event: ctx.event, err: describeThrown(err), err2: describeThrown(err2) },
      'socketeer: the error pipeline failed',
    );
    try {
      ack?.(errorReply('internal_error'));
    } catch {
      // nothing left to tell the client with
    }
  }
}

function runErrorPipeline(
  ctx: RequestContext,
  err: unknown,
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
  failed: BoundHandler | undefined,
): void {
  if (isClientRefusal(err)) {
    runtime.logger?.debug(
      { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code },
      'event refused',
    );
    reply(ctx, ack, err.toClient());
    return;
  }
  const handler = table.error ?? runtime.errorDefault;
  if (handler === undefined) {
    if (err instanceof SocketeerError && !isDeveloperError(err)) {
      // A deliberate, coded answer (e.g. 'forbidden'): it reaches the client on its ack, or on
      // the error event when it asked for none, and is not a failure worth an error line.
      runtime.logger?.debug(
        { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code },
        'event answered with an error',
      );
      reply(ctx, ack, err.toClient());
      return;
    } else {
      (runtime.logger ?? fallbackLogger).error(
        // One readable record: who failed (Class.method), on which event, with which code, then the stack.
        {
          sid: ctx.sid,
          namespace: ctx.namespace,
          event: ctx.event,
          handler: failed?.label,
          code: err instanceof SocketeerError ? err.code : 'internal_error',
          err: describeThrown(err),
        },
        'handler failed',
      );
    }
    if (ack) ack(errorReply({ thrown: err }));
    return;
  }
  const onHandlerError = (err2: unknown) => {
    (runtime.logger ?? fallbackLogger).error(
      {
        sid: ctx.sid,
        namespace: ctx.namespace,
        event: ctx.event,
        err: describeThrown(err2),
        cause: describeThrown(err),
      },
      `error handler ${handler.label} failed`,
    );
    if (ack) ack(errorReply({ thrown: err }));
  };
  try {
    const result = enter(handler, runtime)(ctx, handler.fn, err);
    if (isThenable(result)) result.then((v) => settle(ctx, handler, ack, v, runtime), onHandlerError);
    else settle(ctx, handler, ack, result, runtime);
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
  return outcome instanceof Promise
    ? outcome.then((o) => afterValidation(ctx, h, args, o))
    : afterValidation(ctx, h, args, outcome);
}

/**
 * Follows a handler that returned a promise: counts it as running on its connection (the
 * in-flight limit, graceful shutdown) and enforces its deadline. When the deadline passes the
 * client gets `timeout` at once and `request.signal` aborts; whatever the handler does
 * afterwards is not sent. Without a deadline this is a counter and one reaction, nothing more:
 * it runs for every event of an async handler.
 */
function follow(
  ctx: RequestContext,
  h: BoundHandler,
  result: PromiseLike<unknown>,
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
): void {
  const state = connectionState(ctx.socket);
  const ms = h.options.timeout ?? runtime.timeout;
  if (ms > 0) {
    followWithDeadline(ctx, h, result, ms, ack, table, runtime, state);
  } else {
    result.then(
      (value) => {
        release(ctx.socket, state, runtime);
        ctx.finish();
        settle(ctx, h, ack, value, runtime);
      },
      (err) => {
        release(ctx.socket, state, runtime);
        ctx.finish();
        fail(ctx, err, ack, table, runtime, h);
      },
    );
  }
  // After `then`, which may throw for a broken thenable (the event then fails without counting).
  state.inFlight++;
}

function followWithDeadline(
  ctx: RequestContext,
  h: BoundHandler,
  result: PromiseLike<unknown>,
  ms: number,
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
  state: ConnectionState,
): void {
  let abandoned = false;
  const timer = setTimeout(() => {
    abandoned = true;
    const err = new SocketeerError('timeout', `The handler for '${ctx.event}' did not finish within ${ms} ms.`);
    ctx.abort(err);
    fail(ctx, err, ack, table, runtime, h);
  }, ms);
  try {
    result.then(
      (value) => {
        release(ctx.socket, state, runtime);
        ctx.finish();
        clearTimeout(timer);
        if (!abandoned) settle(ctx, h, ack, value, runtime);
      },
      (err) => {
        release(ctx.socket, state, runtime);
        ctx.finish();
        clearTimeout(timer);
        if (!abandoned) fail(ctx, err, ack, table, runtime, h);
        else
          runtime.logger?.debug(
            { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event },
            'abandoned handler failed after its deadline',
          );
      },
    );
  } catch (err) {
    clearTimeout(timer); // a broken thenable: the event fails now, not again at its deadline
    throw err;
  }
}

function invoke(
  ctx: RequestContext,
  h: BoundHandler,
  args: unknown[],
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
): void {
  try {
    const chain = runtime.middleware.length === 0 ? h.middleware : [...runtime.middleware, ...h.middleware];
    const result = chain.length === 0 ? runHandler(ctx, h, args) : compose(chain, ctx, () => runHandler(ctx, h, args));
    if (isThenable(result)) return follow(ctx, h, result, ack, table, runtime);
    ctx.finish();
    settle(ctx, h, ack, result, runtime);
  } catch (err) {
    ctx.finish();
    fail(ctx, err, ack, table, runtime, h);
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

/** The handler's own limits, then the handler in its context (or a wait for a free slot). */
function handle(
  socket: Socket,
  event: string,
  handler: BoundHandler,
  args: unknown[],
  callArgs: unknown[],
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
): void {
  const limit = handler.options.rateLimit;
  if (limit !== undefined) {
    const verdict = consume(socket, limit);
    if (verdict !== Verdict.Allowed)
      return refuse(socket, event, ack, 'rate_limited', runtime, verdict === Verdict.RefusedAgain);
  }
  const state = peekState(socket);
  if (state !== undefined) {
    if (state.inFlight >= runtime.maxInFlight || state.backlogged)
      return wait(socket, state, { event, handler, args, callArgs, ack, table }, runtime);
    state.toldPending = false;
  }
  start(socket, event, handler, args, callArgs, ack, table, runtime);
}

function start(
  socket: Socket,
  event: string,
  handler: BoundHandler,
  args: unknown[],
  callArgs: unknown[],
  ack: Ack | undefined,
  table: NamespaceTable,
  runtime: Runtime,
): void {
  runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name, event }, 'event');
  const ctx = new RequestContext(socket, event, args);
  if (runtime.hooks)
    return runtime.hooks.event(
      ctx,
      table,
      enter(handler, runtime),
      ctx,
      invoke,
      ctx,
      handler,
      callArgs,
      ack,
      table,
      runtime,
    );
  enter(handler, runtime)(ctx, invoke, ctx, handler, callArgs, ack, table, runtime);
}

/** An event that found every in-flight slot of its connection taken. */
interface Waiting {
  event: string;
  handler: BoundHandler;
  args: unknown[];
  callArgs: unknown[];
  ack: Ack | undefined;
  table: NamespaceTable;
}

/** A connection's events waiting for a slot, in arrival order. */
interface Backlog {
  /** Started entries are cleared, so their payloads can be collected. */
  items: (Waiting | undefined)[];
  head: number;
  /** Handlers of the connection that settled since the last check a turn later. */
  settled: number;
  /** A microtask to start waiting events is queued. */
  draining: boolean;
}

/** How many events may wait for a slot, per slot of `maxInFlight` (1,024 by default). */
export const BACKLOG_PER_SLOT = 16;

const backlogs = new WeakMap<Socket, Backlog>();

/**
 * The in-flight limit bounds handlers that wait (for I/O, a timer, a client), not the length of
 * a burst. socket.io dispatches every event of one read before any promise can settle, so a
 * full count at arrival does not yet say the handlers wait: an event that finds every slot
 * taken waits, in order. Each handler that settles frees its slot for the next waiting event
 * (started from a microtask, so a burst of handlers that need no I/O runs within the same turn,
 * as in raw socket.io). A turn of the event loop later (setImmediate: the microtask queue has
 * drained) the backlog is checked: if not one handler settled in that turn, the running ones
 * really wait, and the waiting events are refused. The strict bound holds throughout: never
 * more than `maxInFlight` unsettled handlers per connection.
 */
function wait(socket: Socket, state: ConnectionState, waiting: Waiting, runtime: Runtime): void {
  let backlog = backlogs.get(socket);
  if (backlog === undefined) {
    backlog = { items: [], head: 0, settled: 0, draining: false };
    backlogs.set(socket, backlog);
    state.backlogged = true;
    setImmediate(checkBacklog, socket, state, backlog, runtime);
  }
  if (backlog.items.length - backlog.head >= runtime.maxInFlight * BACKLOG_PER_SLOT)
    return refusePending(socket, state, waiting.event, waiting.ack, runtime);
  backlog.items.push(waiting);
}

/** A handler settled: its slot is free (and, with a backlog, the next waiting event may start). */
function release(socket: Socket, state: ConnectionState, runtime: Runtime): void {
  state.inFlight--;
  if (!state.backlogged) return;
  const backlog = backlogs.get(socket);
  if (backlog === undefined) return;
  backlog.settled++;
  if (backlog.draining) return;
  backlog.draining = true;
  queueMicrotask(() => drain(socket, state, backlog, runtime));
}

/** Starts waiting events while slots are free; forgets the backlog once it is empty. */
function drain(socket: Socket, state: ConnectionState, backlog: Backlog, runtime: Runtime): void {
  backlog.draining = false;
  if (backlogs.get(socket) !== backlog || !socket.connected || runtime.closing) return;
  const { items } = backlog;
  const from = backlog.head;
  while (backlog.head < items.length && state.inFlight < runtime.maxInFlight) {
    const w = items[backlog.head]!;
    items[backlog.head++] = undefined;
    start(socket, w.event, w.handler, w.args, w.callArgs, w.ack, w.table, runtime);
  }
  if (backlog.head > from) state.toldPending = false;
  if (backlog.head === items.length) {
    backlogs.delete(socket);
    state.backlogged = false;
  } else if (backlog.head >= 1024 && backlog.head * 2 >= items.length) {
    // A backlog that lasts (a client that keeps sending) drops its started entries now and then.
    items.splice(0, backlog.head);
    backlog.head = 0;
  }
}

/**
 * A turn after the backlog formed (and each turn while it lasts): if the connection's handlers
 * made progress, the backlog keeps its place; if none settled in a whole turn, they are waiting
 * for real and every waiting event is refused (`too_many_pending`; `shutting_down` at close).
 */
function checkBacklog(socket: Socket, state: ConnectionState, backlog: Backlog, runtime: Runtime): void {
  if (backlogs.get(socket) !== backlog) return;
  if (!socket.connected) {
    backlogs.delete(socket);
    state.backlogged = false;
    return;
  }
  if (!runtime.closing && (backlog.settled > 0 || state.inFlight < runtime.maxInFlight)) {
    backlog.settled = 0;
    drain(socket, state, backlog, runtime);
    if (backlogs.get(socket) === backlog) setImmediate(checkBacklog, socket, state, backlog, runtime);
    return;
  }
  backlogs.delete(socket);
  state.backlogged = false;
  for (let i = backlog.head; i < backlog.items.length; i++) {
    const w = backlog.items[i]!;
    if (runtime.closing) refuse(socket, w.event, w.ack, 'shutting_down', runtime);
    else refusePending(socket, state, w.event, w.ack, runtime);
  }
}

/** `too_many_pending`: every ack is answered; a client that asked for none is told once per run of refusals. */
function refusePending(
  socket: Socket,
  state: ConnectionState,
  event: string,
  ack: Ack | undefined,
  runtime: Runtime,
): void {
  refuse(socket, event, ack, 'too_many_pending', runtime, state.toldPending);
  if (ack === undefined) state.toldPending = true;
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
    if (ack) ack(errorReply('unknown_event', `No handler for event '${event}' in namespace '${this.nsp.name}'.`));
  };
}

function refusal(message: string, data?: unknown): ExtendedError {
  const err = new Error(message) as ExtendedError;
  if (data !== undefined) err.data = data;
  return err;
}

/** What a refused client's `connect_error` carries: `message`, and `data: { code, message }`. */
function coded(from: Parameters<typeof errorReply>[0]): ExtendedError {
  const { error } = errorReply(from);
  return refusal(error.message, error);
}

/**
 * Turns what a guard or connect handler threw into the client's `connect_error`: a
 * ConnectionRefusedError's own message and data, a coded error as `{ code, message }`, and
 * anything else as `internal_error` with nothing internal.
 */
function connectRefusal(
  err: unknown,
  ctx: RequestContext,
  table: NamespaceTable,
  runtime: Runtime,
  failed?: BoundHandler,
): ExtendedError {
  if (err instanceof ConnectionRefusedError) {
    runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace, reason: err.message }, 'connection refused');
    return refusal(err.message, err.data);
  }
  if (err instanceof SocketeerError && !isDeveloperError(err)) {
    runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace, code: err.code }, 'connection refused');
    return coded({ thrown: err });
  }
  fail(ctx, err, undefined, table, runtime, failed);
  return coded('internal_error');
}

/** Runs a namespace's guards; resolves with the refusal, or undefined when every guard said `true`. */
async function runGuards(
  ctx: RequestContext,
  guards: readonly ConnectGuard[],
  table: NamespaceTable,
  runtime: Runtime,
): Promise<ExtendedError | undefined> {
  try {
    for (const guard of guards) {
      const verdict = await runInContext(ctx, () => guard(ctx));
      if (verdict !== true) {
        runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace }, 'connection refused by a guard');
        return coded('unauthorized');
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
  return (socket: Socket, next: (err?: ExtendedError) => void): void => {
    // socket.io does not look at the promise: whatever escapes admission (a throw in a
    // 'connection' listener that next() runs, a refusal that cannot be sent) is caught here.
    let called = false;
    const once = (err?: ExtendedError) => {
      called = true;
      next(err);
    };
    admit(socket, once, table, runtime).catch((err: unknown) => {
      (runtime.logger ?? fallbackLogger).error(
        { sid: socket.id, namespace: socket.nsp.name, err: describeThrown(err) },
        'connection admission failed',
      );
      if (called) return;
      try {
        next(coded('internal_error'));
      } catch {
        // the client is gone
      }
    });
  };
}

/** The client in the connect phase called `disconnect()`: refused, as with `return false`. */
function refusedByDisconnect(socket: Socket, runtime: Runtime): ExtendedError | undefined {
  if (!admissionRefused(socket)) return undefined;
  runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused by disconnect()');
  return refusal('Connection rejected by server');
}

async function admit(
  socket: Socket,
  next: (err?: ExtendedError) => void,
  table: NamespaceTable,
  runtime: Runtime,
): Promise<void> {
  if (runtime.closing) return next(coded('shutting_down'));
  const guards = guardsOf(table);
  if (guards === undefined && table.connect.length === 0) return next();
  const auth = socket.handshake.auth;
  const ctx = new RequestContext(socket, 'connect', [auth]);
  ctx.pending = [];
  if (guards !== undefined) {
    const refused = (await runGuards(ctx, guards, table, runtime)) ?? refusedByDisconnect(socket, runtime);
    if (refused) return next(refused);
  }
  if (table.connect.length > 0) {
    // As socket.io will on connect, so rooms() includes it; left again on refusal.
    const joined = socket.join(socket.id);
    if (joined instanceof Promise)
      joined.catch((err: unknown) =>
        (runtime.logger ?? fallbackLogger).error(
          { sid: socket.id, err: describeThrown(err) },
          'joining the sid room failed',
        ),
      );
    let current: BoundHandler | undefined;
    try {
      for (const h of table.connect) {
        current = h;
        const verdict = await enter(h, runtime)(ctx, h.fn, auth);
        if (verdict === false) {
          runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused');
          return next(refusal('Connection rejected by server'));
        }
        const refused = refusedByDisconnect(socket, runtime);
        if (refused) return next(refused);
      }
    } catch (err) {
      return next(connectRefusal(err, ctx, table, runtime, current));
    }
  }
  if (ctx.pending.length > 0) pendingEmits.set(socket, ctx.pending);
  ctx.pending = undefined; // from now on (timers started in the handler) emits go straight out
  ctx.finish();
  next();
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

function runDisconnect(
  ctx: RequestContext,
  h: BoundHandler,
  reason: string,
  table: NamespaceTable,
  runtime: Runtime,
): void {
  try {
    const result = h.fn(reason);
    if (isThenable(result)) result.then(undefined, (err) => fail(ctx, err, undefined, table, runtime, h));
  } catch (err) {
    fail(ctx, err, undefined, table, runtime, h);
  }
}

/** Wires a namespace (or a dynamic parent namespace) to its table. */
export function attachNamespace(nsp: IoNamespace, table: NamespaceTable, runtime: Runtime): void {
  const onEvent = makeEventListener(table, runtime);
  const onDisconnect = makeDisconnectListener(table, runtime);
  nsp.use(
    runtime.hooks ? runtime.hooks.connect(table, makeConnectGuard(table, runtime)) : makeConnectGuard(table, runtime),
  );
  nsp.on('connection', (socket: Socket) => {
    socket.onAny(onEvent);
    socket.on('disconnect', onDisconnect);
    runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connected');
    const pending = pendingEmits.get(socket);
    if (pending) {
      pendingEmits.delete(socket);
      for (const deliver of pending) deliverHeld(socket, deliver, runtime);
    }
  });
}

/**
 * Delivers one emit a guard or connect handler made. The handler has returned by now, so a
 * value socket.io cannot encode is logged and the client is told on `socketeer:error`.
 */
function deliverHeld(socket: Socket, deliver: () => void, runtime: Runtime): void {
  try {
    deliver();
  } catch (err) {
    (runtime.logger ?? fallbackLogger).error(
      {
        sid: socket.id,
        namespace: socket.nsp.name,
        event: 'connect',
        code: err instanceof SocketeerError ? err.code : undefined,
        err: describeThrown(err),
      },
      'an emit made while connecting could not be delivered',
    );
    try {
      socket.emit(ERROR_EVENT, { event: 'connect', ...errorReply({ thrown: err }) });
    } catch {
      // the client is gone
    }
  }
}
