/**
 * The error policy, in one place: which errors reach the app's error handlers, what a client sees
 * of any error (every `{ error: { code, message } }` reply and every `connect_error` is built
 * here), and at which level each is logged. The dispatcher runs handlers and asks this module what
 * to do with what they throw; it decides nothing about errors itself.
 * - Refusals Socketeer makes on the client's behalf (an invalid payload, a rate limit, a deadline,
 *   shutdown, an unknown event) go to the client and are logged at debug.
 * - A deliberate coded `SocketeerError` (e.g. `forbidden`) is an answer: its code and message reach
 *   the client (at debug; at info when it refuses a connection).
 * - Everything else is a failure: the app's error handlers see it (`@OnError`, then
 *   `onErrorDefault`); without one it is logged as an error and the client gets `internal_error`.
 * Internal module: only ERROR_EVENT is exported from the package entry points.
 */
import type { ExtendedError, Socket } from 'socket.io';
import type { RequestContext } from './context.js';
import {
  CLIENT_ERRORS,
  ConnectionRefusedError,
  DEVELOPER_ERRORS,
  SocketeerError,
  toClientError,
  type ClientError,
  type ClientErrorCode,
} from './errors.js';
import { describeThrown, fallbackLogger, type Logger } from './logger.js';

/** The event clients receive for a rejected event they did not ask an ack for. */
export const ERROR_EVENT = 'socketeer:error';

/** What a refused or failed event is answered with, on its ack or inside `socketeer:error`. */
export interface ErrorReply {
  error: ClientError;
}

/** Where a reply goes when the client asked for an ack (socket.io's ack callback). */
type Ack = (reply: ErrorReply) => void;

/** The codes Socketeer answers an event with before its handler runs. */
export type EventRefusal = 'rate_limited' | 'too_many_pending' | 'shutting_down';

/**
 * Builds every `{ error: { code, message } }` a client receives: from a client code (with its
 * documented message unless `message` is given), or from an error (its client-safe view: a
 * deliberate `SocketeerError`'s code and message, `internal_error` for anything else thrown).
 */
export function errorReply(from: ClientErrorCode | SocketeerError | { thrown: unknown }, message?: string): ErrorReply {
  if (typeof from === 'string') return { error: { code: from, message: message ?? CLIENT_ERRORS[from] } };
  if (from instanceof SocketeerError) return { error: from.toClient() };
  return { error: toClientError(from.thrown) };
}

/** Errors Socketeer raises on the client's behalf: they skip the app's error handlers. */
function isClientRefusal(err: unknown): err is SocketeerError {
  return (
    err instanceof SocketeerError &&
    (err.code === 'validation_error' || err.code === 'rate_limited' || err.code === 'timeout')
  );
}

/** A coded answer, not a bug: a SocketeerError whose code is not a developer error (a misused API). */
function isDeliberate(err: unknown): err is SocketeerError {
  return err instanceof SocketeerError && !Object.hasOwn(DEVELOPER_ERRORS, err.code);
}

/** Sends a reply on the ack, else on the error event (unless `quiet`: a repeat the client was told of). */
function send(socket: Socket, event: string, ack: Ack | undefined, reply: ErrorReply, quiet = false): void {
  if (ack) ack(reply);
  else if (!quiet) socket.emit(ERROR_EVENT, { event, error: reply.error });
}

/** Whether the app's error handlers (when it has any) see an event's error: all but client refusals. */
export function reachesErrorHandlers(err: unknown): boolean {
  return !isClientRefusal(err);
}

/**
 * Answers an event refused before its handler ran. No context is made for it: refusals must stay
 * cheap under a flood. `quiet`: a repeated refusal, sent only to a client waiting for an ack.
 */
export function refuseEvent(
  socket: Socket,
  event: string,
  ack: Ack | undefined,
  code: EventRefusal,
  logger: Logger | undefined,
  quiet = false,
): void {
  logger?.debug({ sid: socket.id, namespace: socket.nsp.name, event, code }, 'event refused');
  send(socket, event, ack, errorReply(code), quiet);
}

/** An event no handler (and no catch-all) takes: `unknown_event` on its ack; nothing without one. */
export function answerUnknownEvent(
  socket: Socket,
  event: string,
  ack: Ack | undefined,
  logger: Logger | undefined,
): void {
  logger?.debug({ sid: socket.id, namespace: socket.nsp.name, event }, 'event has no handler');
  if (ack) ack(errorReply('unknown_event', `No handler for event '${event}' in namespace '${socket.nsp.name}'.`));
}

/**
 * An event's error that no error handler takes (a client refusal, or the app has none): a refusal
 * or a deliberate coded error reaches the client on its ack, or on the error event when it asked
 * for none; anything else is one readable error record (who failed, as `Class.method`, on which
 * event, with which code, then the stack) and `internal_error` on the ack.
 */
export function answerEventError(
  ctx: RequestContext,
  err: unknown,
  ack: Ack | undefined,
  handler: string | undefined,
  logger: Logger | undefined,
): void {
  if (isClientRefusal(err) || isDeliberate(err)) {
    logger?.debug(
      { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event, code: err.code },
      isClientRefusal(err) ? 'event refused' : 'event answered with an error',
    );
    send(ctx.socket, ctx.event, ack, errorReply(err));
    return;
  }
  (logger ?? fallbackLogger).error(
    {
      sid: ctx.sid,
      namespace: ctx.namespace,
      event: ctx.event,
      handler,
      code: err instanceof SocketeerError ? err.code : 'internal_error',
      err: describeThrown(err),
    },
    'handler failed',
  );
  if (ack) ack(errorReply({ thrown: err }));
}

/** The error handler itself failed on `cause`: logged; the client gets `cause`'s client-safe view. */
export function answerErrorHandlerFailure(
  ctx: RequestContext,
  cause: unknown,
  err: unknown,
  ack: Ack | undefined,
  errorHandler: string,
  logger: Logger | undefined,
): void {
  (logger ?? fallbackLogger).error(
    {
      sid: ctx.sid,
      namespace: ctx.namespace,
      event: ctx.event,
      err: describeThrown(err),
      cause: describeThrown(cause),
    },
    `error handler ${errorHandler} failed`,
  );
  if (ack) ack(errorReply({ thrown: cause }));
}

/**
 * The error pipeline itself failed (a logger that throws, an ack that cannot be sent): written to
 * stderr, since the app's logger may be what failed, and `internal_error` for the client if it can.
 */
export function answerPipelineFailure(ctx: RequestContext, cause: unknown, err: unknown, ack: Ack | undefined): void {
  fallbackLogger.error(
    { namespace: ctx.namespace, event: ctx.event, err: describeThrown(cause), err2: describeThrown(err) },
    'socketeer: the error pipeline failed',
  );
  try {
    ack?.(errorReply('internal_error'));
  } catch {
    // nothing left to tell the client with
  }
}

/**
 * A handler returned a value socket.io cannot encode (a BigInt, a circular object, nesting ~10k
 * levels deep, which a client can send and an echoing handler return): a bug of the handler,
 * logged; the client gets `internal_error`.
 */
export function answerUnsendable(
  ctx: RequestContext,
  handler: string,
  ack: Ack,
  err: unknown,
  logger: Logger | undefined,
): void {
  (logger ?? fallbackLogger).error(
    {
      sid: ctx.sid,
      namespace: ctx.namespace,
      event: ctx.event,
      handler,
      code: 'unsendable_value',
      err: describeThrown(err),
    },
    `${handler} returned a value socket.io cannot send (a BigInt, a circular object, or nesting too deep); the client got internal_error`,
  );
  try {
    ack(errorReply({ thrown: err }));
  } catch {
    // The error object itself is always encodable; a closed connection simply drops it.
  }
}

/** A handler that failed after its deadline had already answered the client: only worth a debug line. */
export function logAbandonedFailure(ctx: RequestContext, logger: Logger | undefined): void {
  logger?.debug(
    { sid: ctx.sid, namespace: ctx.namespace, event: ctx.event },
    'abandoned handler failed after its deadline',
  );
}

function connectError(message: string, data?: unknown): ExtendedError {
  const err = new Error(message) as ExtendedError;
  if (data !== undefined) err.data = data;
  return err;
}

/** What a refused client's `connect_error` carries for a Socketeer code: `message`, and `data: { code, message }`. */
function codedConnectError(from: ClientErrorCode | SocketeerError): ExtendedError {
  const { error } = errorReply(from);
  return connectError(error.message, error);
}

/**
 * Why a connection is refused without anything thrown: the app is closing, a guard did not say
 * `true`, a connect handler returned `false` or called `disconnect()`, or admission failed (the
 * failure itself is logged where it happened).
 */
export type ConnectRefusal = 'closing' | 'guard' | 'handler' | 'disconnect' | 'failed';

/** The client's `connect_error` for a refusal; a deliberate one is logged at info. */
export function refuseConnection(why: ConnectRefusal, socket: Socket, logger: Logger | undefined): ExtendedError {
  switch (why) {
    case 'closing':
      return codedConnectError('shutting_down');
    case 'failed':
      return codedConnectError('internal_error');
    case 'guard':
      logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused by a guard');
      return codedConnectError('unauthorized');
    case 'handler':
      logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused');
      return connectError('Connection rejected by server');
    case 'disconnect':
      logger?.info({ sid: socket.id, namespace: socket.nsp.name }, 'connection refused by disconnect()');
      return connectError('Connection rejected by server');
  }
}

/**
 * What a guard or connect handler threw, as the client's `connect_error`: a ConnectionRefusedError's
 * own message and data, a deliberate coded error as `{ code, message }` (both logged at info: a
 * refusal, not a failure). Anything else is a failure: undefined, and the caller sends it through
 * the error pipeline and refuses with `refuseConnection('failed')`, which shows nothing internal.
 */
export function connectRefusal(err: unknown, socket: Socket, logger: Logger | undefined): ExtendedError | undefined {
  if (err instanceof ConnectionRefusedError) {
    logger?.info({ sid: socket.id, namespace: socket.nsp.name, reason: err.message }, 'connection refused');
    return connectError(err.message, err.data);
  }
  if (isDeliberate(err)) {
    logger?.info({ sid: socket.id, namespace: socket.nsp.name, code: err.code }, 'connection refused');
    return codedConnectError(err);
  }
  return undefined;
}

/** Something escaped admission (a throw in a 'connection' listener, a refusal that cannot be sent). */
export function logAdmissionFailure(socket: Socket, err: unknown, logger: Logger | undefined): void {
  (logger ?? fallbackLogger).error(
    { sid: socket.id, namespace: socket.nsp.name, err: describeThrown(err) },
    'connection admission failed',
  );
}

/** The adapter could not put a connecting client in its sid room. */
export function logSidRoomFailure(socket: Socket, err: unknown, logger: Logger | undefined): void {
  (logger ?? fallbackLogger).error({ sid: socket.id, err: describeThrown(err) }, 'joining the sid room failed');
}

/**
 * An emit a guard or connect handler made could not be delivered once the client connected. The
 * handler has returned by now, so it is logged, and the client is told on `socketeer:error`.
 */
export function answerHeldEmitFailure(socket: Socket, err: unknown, logger: Logger | undefined): void {
  (logger ?? fallbackLogger).error(
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
