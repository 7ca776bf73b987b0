/**
 * The per-event path: from socket.io to a handler and back to the client's ack. Everything
 * here runs for every event, so it allocates one context and little else, and skips what a
 * handler does not use (middleware, validation, deadlines, logging). Made once per namespace,
 * so the table and the runtime are in scope rather than passed along.
 * Internal module: not exported from the package entry points.
 */
import type { Socket } from 'socket.io';
import { connectionState, peekState } from '../connection-state.js';
import { RequestContext } from '../context.js';
import { answerUnknownEvent, logAbandonedFailure, refuseEvent, type EventRefusal } from '../error-policy.js';
import { SocketeerError } from '../errors.js';
import { compose } from '../middleware.js';
import type { BoundHandler, NamespaceTable } from '../namespace-table.js';
import { consume, Verdict } from '../rate-limit.js';
import type { ValidationIssue, ValidationOutcome } from '../validation.js';
import { isThenable, type Ack, type Answers } from './answer.js';
import { makeBacklogs, type Waiting } from './backlog.js';
import { enterEvent, type Runtime } from './runtime.js';

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
 * Takes one event of a socket of the namespace: `args` as received, without the ack. The handler
 * of the event, else the catch-all, runs in its context; an event that has neither is answered
 * `unknown_event`.
 */
export type HandleEvent = (socket: Socket, event: string, args: unknown[], ack: Ack | undefined) => void;

export function makeEventPath(table: NamespaceTable, runtime: Runtime, { settle, fail }: Answers): HandleEvent {
  const { wait, release } = makeBacklogs(runtime, startWaiting, refuse);

  function refuse(socket: Socket, event: string, ack: Ack | undefined, code: EventRefusal, quiet = false): void {
    runtime.hooks?.refused(socket, event, code);
    refuseEvent(socket, event, ack, code, runtime.logger, quiet);
  }

  /**
   * The checks every event passes before its handler is even looked at: shutdown and the app's
   * rate limit. Refusals make no context: they must stay cheap under a flood.
   */
  function admitted(socket: Socket, event: string, ack: Ack | undefined): boolean {
    if (runtime.closing) {
      refuse(socket, event, ack, 'shutting_down');
      return false;
    }
    if (runtime.rateLimit !== undefined) {
      const verdict = consume(socket, runtime.rateLimit);
      if (verdict !== Verdict.Allowed) {
        refuse(socket, event, ack, 'rate_limited', verdict === Verdict.RefusedAgain);
        return false;
      }
    }
    return true;
  }

  /** The app's limits, the handler's own, then the handler in its context (or a wait for a free slot). */
  function handle(socket: Socket, event: string, args: unknown[], ack: Ack | undefined): void {
    if (!admitted(socket, event, ack)) return;
    const handler = table.events.get(event) ?? table.any;
    if (handler === undefined) {
      runtime.hooks?.refused(socket, event, 'unknown_event');
      return answerUnknownEvent(socket, event, ack, runtime.logger);
    }
    const limit = handler.options.rateLimit;
    if (limit !== undefined) {
      const verdict = consume(socket, limit);
      if (verdict !== Verdict.Allowed)
        return refuse(socket, event, ack, 'rate_limited', verdict === Verdict.RefusedAgain);
    }
    const state = peekState(socket);
    if (state !== undefined) {
      if (state.inFlight >= runtime.maxInFlight || state.backlogged)
        return wait(socket, state, { event, handler, args, ack });
      state.toldPending = false;
    }
    start(new RequestContext(socket, event, args), handler, ack);
  }

  function startWaiting(socket: Socket, w: Waiting): void {
    start(new RequestContext(socket, w.event, w.args), w.handler, w.ack);
  }

  function start(ctx: RequestContext, handler: BoundHandler, ack: Ack | undefined): void {
    runtime.logger?.info({ sid: ctx.sid, namespace: ctx.namespace, event: ctx.event }, 'event');
    enterEvent(handler, runtime)(ctx, runtime.hooks ? watched : invoke, handler, ack);
  }

  /**
   * `invoke` under metrics and tracing, inside the request's context: the span's context is made
   * current within it, so both reach the handler's work.
   */
  function watched(ctx: RequestContext, h: BoundHandler, ack: Ack | undefined): void {
    runtime.hooks!.event(ctx, table, invoke, h, ack);
  }

  function invoke(ctx: RequestContext, h: BoundHandler, ack: Ack | undefined): void {
    try {
      // The catch-all gets the event's name first.
      const args = h === table.any ? [ctx.event, ...ctx.args] : ctx.args;
      const chain = runtime.middleware.length === 0 ? h.middleware : [...runtime.middleware, ...h.middleware];
      const result =
        chain.length === 0 ? runHandler(ctx, h, args) : compose(chain, ctx, () => runHandler(ctx, h, args));
      if (isThenable(result)) return follow(ctx, h, result, ack);
      ctx.finish();
      settle(ctx, h, ack, result);
    } catch (err) {
      ctx.finish();
      fail(ctx, err, ack, h);
    }
  }

  /**
   * Follows a handler that returned a promise: counts it as running on its connection (the
   * in-flight limit, graceful shutdown) and, when it has a deadline, enforces it. Without one this
   * is a counter and one reaction, nothing more: it runs for every event of an async handler.
   */
  function follow(ctx: RequestContext, h: BoundHandler, result: PromiseLike<unknown>, ack: Ack | undefined): void {
    if ((h.options.timeout ?? runtime.timeout) > 0) return followWithDeadline(ctx, h, result, ack);
    const state = connectionState(ctx.socket);
    result.then(
      (value) => {
        release(ctx.socket, state);
        ctx.finish();
        settle(ctx, h, ack, value);
      },
      (err) => {
        release(ctx.socket, state);
        ctx.finish();
        fail(ctx, err, ack, h);
      },
    );
    // After `then`, which may throw for a broken thenable (the event then fails without counting).
    state.inFlight++;
  }

  /**
   * When the deadline passes the client gets `timeout` at once and `request.signal` aborts;
   * whatever the handler does afterwards is not sent.
   */
  function followWithDeadline(
    ctx: RequestContext,
    h: BoundHandler,
    result: PromiseLike<unknown>,
    ack: Ack | undefined,
  ): void {
    const state = connectionState(ctx.socket);
    const ms = h.options.timeout ?? runtime.timeout;
    let abandoned = false;
    const timer = setTimeout(() => {
      abandoned = true;
      const err = new SocketeerError('timeout', `The handler for '${ctx.event}' did not finish within ${ms} ms.`);
      ctx.abort(err);
      fail(ctx, err, ack, h);
    }, ms);
    try {
      result.then(
        (value) => {
          release(ctx.socket, state);
          ctx.finish();
          clearTimeout(timer);
          if (!abandoned) settle(ctx, h, ack, value);
        },
        (err) => {
          release(ctx.socket, state);
          ctx.finish();
          clearTimeout(timer);
          if (!abandoned) fail(ctx, err, ack, h);
          else logAbandonedFailure(ctx, runtime.logger);
        },
      );
    } catch (err) {
      clearTimeout(timer); // a broken thenable: the event fails now, not again at its deadline
      throw err;
    }
    state.inFlight++;
  }

  return handle;
}
