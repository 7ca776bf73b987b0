/**
 * The per-event path: from socket.io to a handler and back to the client's ack. Everything
 * here runs for every event, so it allocates one context and little else, and skips what a
 * handler does not use (middleware, validation, deadlines, logging).
 * @internal
 */
import type { ExtendedError, Namespace as IoNamespace, Socket } from 'socket.io';
import { RequestContext, runInContext } from './context.js';
import { ConnectionRefusedError, SocketeerError, toClientError, type ClientError } from './errors.js';
import { fallbackLogger, type Logger } from './logger.js';
import { compose, type Middleware } from './middleware.js';
import type { BoundHandler, NamespaceTable } from './namespace-table.js';
import { Tuple } from './tuple.js';
import { validate, type ValidationOutcome } from './validation.js';

/** App-wide settings the dispatcher reads on each event. */
export interface Runtime {
  logger: Logger | undefined;
  errorDefault: BoundHandler | undefined;
  middleware: Middleware[];
  /** Default handler deadline in ms; 0 means none. */
  timeout: number;
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

/** Errors Socketeer raises on the client's behalf skip the app's error handlers. */
function isClientRefusal(err: unknown): err is SocketeerError {
  return err instanceof SocketeerError && (err.code === 'validation_error' || err.code === 'rate_limited' || err.code === 'timeout');
}

/** The error pipeline: the namespace's handler, then the app default, then a log line. */
function fail(ctx: RequestContext, err: unknown, ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  if (isClientRefusal(err)) {
    runtime.logger?.debug({ sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code }, 'event refused');
    reply(ctx, ack, err.toClient());
    return;
  }
  const handler = table.error ?? runtime.errorDefault;
  if (handler === undefined) {
    (runtime.logger ?? fallbackLogger).error(
      { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, err: err instanceof Error ? err.stack : String(err) },
      'handler failed',
    );
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
    const result = runInContext(ctx, () => handler.fn(err));
    if (isThenable(result)) result.then((v) => settle(ack, v), onHandlerError);
    else settle(ack, result);
  } catch (err2) {
    onHandlerError(err2);
  }
}

function validationFailed(event: string, outcome: ValidationOutcome & { ok: false }): SocketeerError {
  return new SocketeerError('validation_error', `Invalid payload for '${event}'.`, { data: outcome.issues });
}

/** Validation, then the handler itself. Synchronous unless the schema or the handler is not. */
function runHandler(ctx: RequestContext, h: BoundHandler, args: unknown[]): unknown {
  if (h.schema === undefined) return h.fn(...args);
  const call = (outcome: ValidationOutcome) => {
    if (!outcome.ok) throw validationFailed(ctx.event, outcome);
    return h.spread ? h.fn(...(outcome.value as unknown[])) : h.fn(outcome.value, ...args.slice(1));
  };
  const outcome = validate(h.schema, h.spread ? args : args[0]);
  return outcome instanceof Promise ? outcome.then(call) : call(outcome);
}

/** Races a pending result against the handler's deadline; the handler sees `request.signal`. */
function withDeadline(ctx: RequestContext, result: PromiseLike<unknown>, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new SocketeerError('timeout', `The handler for '${ctx.event}' did not finish within ${ms} ms.`);
      ctx.abort(err);
      reject(err);
    }, ms);
    result.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

function invoke(ctx: RequestContext, h: BoundHandler, args: unknown[], ack: Ack | undefined, table: NamespaceTable, runtime: Runtime): void {
  try {
    const chain = runtime.middleware.length === 0 ? h.middleware : [...runtime.middleware, ...h.middleware];
    let result = chain.length === 0 ? runHandler(ctx, h, args) : compose(chain, ctx, () => runHandler(ctx, h, args));
    if (!isThenable(result)) return settle(ack, result);
    const deadline = h.options.timeout ?? runtime.timeout;
    if (deadline > 0) result = withDeadline(ctx, result, deadline);
    (result as PromiseLike<unknown>).then(
      (v) => settle(ack, v),
      (e) => fail(ctx, e, ack, table, runtime),
    );
  } catch (err) {
    fail(ctx, err, ack, table, runtime);
  }
}

/** Routes one incoming event; installed with `socket.onAny`, so `this` is the socket. */
function makeEventListener(table: NamespaceTable, runtime: Runtime) {
  return function onEvent(this: Socket, event: string, ...args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    let handler = table.events.get(event);
    let callArgs = args;
    if (handler === undefined) {
      handler = table.any;
      if (handler === undefined) {
        runtime.logger?.debug({ sid: this.id, namespace: this.nsp.name, event }, 'event has no handler');
        if (ack) ack({ error: { code: 'unknown_event', message: `No handler for event '${event}' in namespace '${this.nsp.name}'.` } });
        return;
      }
      callArgs = [event, ...args];
    }
    runtime.logger?.info({ sid: this.id, namespace: this.nsp.name, event }, 'event');
    const ctx = new RequestContext(this, event, args);
    runInContext(ctx, () => invoke(ctx, handler, callArgs, ack, table, runtime));
  };
}

function refusal(message: string, data?: unknown): ExtendedError {
  const err = new Error(message) as ExtendedError;
  if (data !== undefined) err.data = data;
  return err;
}

/** Connect handlers run as namespace middleware, so a refusal happens before the client counts as connected. */
function makeConnectGuard(table: NamespaceTable, runtime: Runtime) {
  return async (socket: Socket, next: (err?: ExtendedError) => void): Promise<void> => {
    if (table.connect.length === 0) return next();
    const auth = socket.handshake.auth;
    const ctx = new RequestContext(socket, 'connect', [auth]);
    ctx.pending = [];
    void socket.join(socket.id); // as socket.io will on connect, so rooms() includes it; left again on refusal
    try {
      for (const h of table.connect) {
        const verdict = await runInContext(ctx, () => h.fn(auth));
        if (verdict === false) {
          runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused');
          return next(refusal('Connection rejected by server'));
        }
      }
    } catch (err) {
      if (err instanceof ConnectionRefusedError) {
        runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name, reason: err.message }, 'connection refused');
        return next(refusal(err.message, err.data));
      }
      fail(ctx, err, undefined, table, runtime);
      // A client-facing SocketeerError refuses with its code and message; anything else says nothing internal.
      const client = toClientError(err);
      return next(client.code === 'internal_error' ? refusal('Connection rejected by server', { code: client.code }) : refusal(client.message, { code: client.code }));
    }
    if (ctx.pending.length > 0) pendingEmits.set(socket, ctx.pending);
    ctx.pending = undefined; // from now on (timers started in the handler) emits go straight out
    next();
  };
}

function makeDisconnectListener(table: NamespaceTable, runtime: Runtime) {
  return function onDisconnect(this: Socket, reason: string): void {
    runtime.logger?.info({ sid: this.id, namespace: this.nsp.name, reason }, 'disconnected');
    if (table.disconnect.length === 0) return;
    const ctx = new RequestContext(this, 'disconnect', [reason]);
    for (const h of table.disconnect) {
      runInContext(ctx, () => {
        try {
          const result = h.fn(reason);
          if (isThenable(result)) result.then(undefined, (err) => fail(ctx, err, undefined, table, runtime));
        } catch (err) {
          fail(ctx, err, undefined, table, runtime);
        }
      });
    }
  };
}

/** Wires a namespace (or a dynamic parent namespace) to its table. */
export function attachNamespace(nsp: IoNamespace, table: NamespaceTable, runtime: Runtime): void {
  const onEvent = makeEventListener(table, runtime);
  const onDisconnect = makeDisconnectListener(table, runtime);
  nsp.use(makeConnectGuard(table, runtime));
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
