/**
 * How an event (or a connect or disconnect handler) is answered: its handler's result becomes
 * the acknowledgement, and its error goes through the error pipeline: the namespace's
 * `@OnError`, else the app's `onErrorDefault`, else the error policy's own answer. Made once per
 * namespace, so the table and the runtime are in scope rather than passed along.
 * Internal module: not exported from the package entry points.
 */
import type { RequestContext } from '../context.js';
import {
  answerErrorHandlerFailure,
  answerEventError,
  answerPipelineFailure,
  answerUnsendable,
  reachesErrorHandlers,
} from '../error-policy.js';
import type { BoundHandler, NamespaceTable } from '../namespace-table.js';
import { Tuple } from '../tuple.js';
import { enter, type Runtime } from './runtime.js';

/** socket.io's acknowledgement callback. */
export type Ack = (...args: unknown[]) => void;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

export interface Answers {
  /**
   * Sends a handler's result as the acknowledgement. socket.io encodes it right here, so a value
   * it cannot encode throws here, and the error policy answers it. Called from promise reactions
   * too, where a throw would end the process.
   */
  settle(ctx: RequestContext, h: BoundHandler, ack: Ack | undefined, value: unknown): void;
  /**
   * The error pipeline. Called from promise reactions and timers, so nothing may escape it: a
   * failure of the pipeline itself is logged and the client gets `internal_error`.
   * `failed`: the handler that threw, named in the log.
   */
  fail(ctx: RequestContext, err: unknown, ack: Ack | undefined, failed?: BoundHandler): void;
}

export function makeAnswers(table: NamespaceTable, runtime: Runtime): Answers {
  function settle(ctx: RequestContext, h: BoundHandler, ack: Ack | undefined, value: unknown): void {
    ctx.probe?.answered();
    if (ack === undefined) return;
    try {
      if (value === undefined) ack();
      else if (value instanceof Tuple) ack(...value.values);
      else ack(value);
    } catch (err) {
      answerUnsendable(ctx, h.label, ack, err, runtime.logger);
    }
  }

  function fail(ctx: RequestContext, err: unknown, ack: Ack | undefined, failed?: BoundHandler): void {
    ctx.probe?.fail(err);
    try {
      runErrorPipeline(ctx, err, ack, failed);
    } catch (err2) {
      answerPipelineFailure(ctx, err, err2, ack);
    }
  }

  function runErrorPipeline(ctx: RequestContext, err: unknown, ack: Ack | undefined, failed?: BoundHandler): void {
    const handler = reachesErrorHandlers(err) ? (table.error ?? runtime.errorDefault) : undefined;
    if (handler === undefined) return answerEventError(ctx, err, ack, failed?.label, runtime.logger);
    const onHandlerError = (err2: unknown) =>
      answerErrorHandlerFailure(ctx, err, err2, ack, handler.label, runtime.logger);
    try {
      const result = enter(handler, runtime)(ctx, handler.fn, err);
      if (isThenable(result)) result.then((v) => settle(ctx, handler, ack, v), onHandlerError);
      else settle(ctx, handler, ack, result);
    } catch (err2) {
      onHandlerError(err2);
    }
  }

  return { settle, fail };
}
