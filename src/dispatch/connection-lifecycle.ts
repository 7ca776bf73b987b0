/**
 * A connection's way in and out of a namespace. In: guards, then connect handlers, run as
 * namespace middleware, so a refusal happens before the client counts as connected (and before
 * it can join a room or send an event); emits they make are held until the client is connected.
 * Out: running handlers that watch `request.signal` are aborted, then the disconnect handlers
 * run. Made once per namespace, so the table and the runtime are in scope rather than passed along.
 * Internal module: not exported from the package entry points.
 */
import type { ExtendedError, Socket } from 'socket.io';
import { admissionRefused } from '../admission.js';
import { peekState } from '../connection-state.js';
import { RequestContext, runInContext } from '../context.js';
import {
  answerHeldEmitFailure,
  connectRefusal,
  logAdmissionFailure,
  logSidRoomFailure,
  refuseConnection,
} from '../error-policy.js';
import { SocketeerError } from '../errors.js';
import type { BoundHandler, NamespaceTable } from '../namespace-table.js';
import type { ConnectGuard } from '../registry.js';
import { isThenable, type Answers } from './answer.js';
import { enter, type Runtime } from './runtime.js';

type Next = (err?: ExtendedError) => void;

export interface ConnectionLifecycle {
  /** The namespace middleware: guards, then connect handlers. */
  admit(socket: Socket, next: Next): void;
  /** The client is connected: delivers what its guards and connect handlers emitted. */
  connected(socket: Socket): void;
  /** socket.io's 'disconnect' listener: `this` is the socket, so one function serves them all. */
  onDisconnect(this: Socket, reason: string): void;
}

/** Emits made while connecting, waiting for the client to count as connected. */
const pendingEmits = new WeakMap<Socket, (() => void)[]>();

export function makeConnectionLifecycle(
  table: NamespaceTable,
  runtime: Runtime,
  fail: Answers['fail'],
): ConnectionLifecycle {
  function admit(socket: Socket, next: Next): void {
    // socket.io does not look at the promise: whatever escapes admission (a throw in a
    // 'connection' listener that next() runs, a refusal that cannot be sent) is caught here.
    let called = false;
    const once = (err?: ExtendedError) => {
      called = true;
      next(err);
    };
    runAdmission(socket, once).catch((err: unknown) => {
      logAdmissionFailure(socket, err, runtime.logger);
      if (called) return;
      try {
        next(refuseConnection('failed', socket, runtime.logger));
      } catch {
        // the client is gone
      }
    });
  }

  async function runAdmission(socket: Socket, next: Next): Promise<void> {
    if (runtime.closing) return next(refuseConnection('closing', socket, runtime.logger));
    const guards = table.guards;
    if (guards === undefined && table.connect.length === 0) return next();
    const auth = socket.handshake.auth;
    const ctx = new RequestContext(socket, 'connect', [auth]);
    ctx.pending = [];
    if (guards !== undefined) {
      const refused = (await runGuards(ctx, guards)) ?? refusedByDisconnect(socket);
      if (refused) return next(refused);
    }
    if (table.connect.length > 0) {
      // As socket.io will on connect, so rooms() includes it; left again on refusal.
      const joined = socket.join(socket.id);
      if (joined instanceof Promise) joined.catch((err: unknown) => logSidRoomFailure(socket, err, runtime.logger));
      let current: BoundHandler | undefined;
      try {
        for (const h of table.connect) {
          current = h;
          const verdict = await enter(h, runtime)(ctx, h.fn, auth);
          if (verdict === false) return next(refuseConnection('handler', socket, runtime.logger));
          const refused = refusedByDisconnect(socket);
          if (refused) return next(refused);
        }
      } catch (err) {
        return next(refusalOf(err, ctx, current));
      }
    }
    if (ctx.pending.length > 0) pendingEmits.set(socket, ctx.pending);
    ctx.pending = undefined; // from now on (timers started in the handler) emits go straight out
    ctx.finish();
    next();
  }

  /** Runs the guards; resolves with the refusal, or undefined when every guard said `true`. */
  async function runGuards(ctx: RequestContext, guards: readonly ConnectGuard[]): Promise<ExtendedError | undefined> {
    try {
      for (const guard of guards) {
        const verdict = await runInContext(ctx, () => guard(ctx));
        if (verdict !== true) return refuseConnection('guard', ctx.socket, runtime.logger);
      }
    } catch (err) {
      return refusalOf(err, ctx);
    }
    return undefined;
  }

  /** The client in the connect phase called `disconnect()`: refused, as with `return false`. */
  function refusedByDisconnect(socket: Socket): ExtendedError | undefined {
    return admissionRefused(socket) ? refuseConnection('disconnect', socket, runtime.logger) : undefined;
  }

  /** What a guard or connect handler threw, as a refusal; a failure goes through the error pipeline first. */
  function refusalOf(err: unknown, ctx: RequestContext, failed?: BoundHandler): ExtendedError {
    const refusal = connectRefusal(err, ctx.socket, runtime.logger);
    if (refusal !== undefined) return refusal;
    fail(ctx, err, undefined, failed);
    return refuseConnection('failed', ctx.socket, runtime.logger);
  }

  function connected(socket: Socket): void {
    runtime.logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connected');
    const pending = pendingEmits.get(socket);
    if (pending === undefined) return;
    pendingEmits.delete(socket);
    for (const deliver of pending) {
      try {
        deliver();
      } catch (err) {
        answerHeldEmitFailure(socket, err, runtime.logger);
      }
    }
  }

  function onDisconnect(this: Socket, reason: string): void {
    runtime.logger?.info({ sid: this.id, namespace: this.nsp.name, reason }, 'disconnected');
    const watched = peekState(this)?.watched;
    if (watched !== undefined && watched.size > 0) {
      const why = new SocketeerError('not_connected', 'The client disconnected before the handler finished.');
      for (const ctx of watched) ctx.abort(why);
    }
    if (table.disconnect.length === 0) return;
    const ctx = new RequestContext(this, 'disconnect', [reason]);
    for (const h of table.disconnect) enter(h, runtime)(ctx, runDisconnect, ctx, h, reason);
  }

  function runDisconnect(ctx: RequestContext, h: BoundHandler, reason: string): void {
    try {
      const result = h.fn(reason);
      if (isThenable(result)) result.then(undefined, (err) => fail(ctx, err, undefined, h));
    } catch (err) {
      fail(ctx, err, undefined, h);
    }
  }

  return { admit, connected, onDisconnect };
}
