/**
 * How the chat answers a request it refuses (a room message to a room you are not in, a
 * private message to nobody): on the acknowledgement when the client asked for one, otherwise
 * with the `socketeer:error` event, the same two ways Socketeer answers an invalid payload.
 */
import type { Socket } from 'socket.io';
import { emit, ERROR_EVENT, request, SocketeerError, type ClientError } from 'socketeer';

/** Payload object -> whether the event that carried it came with an acknowledgement callback. */
const askedForAck = new WeakMap<object, boolean>();

/**
 * Notes, for each incoming event, whether the client passed an acknowledgement callback; call
 * it from the connect handler. Handlers do not see the callback, but a catch-all listener put
 * in front of Socketeer's does. The note is keyed by the payload object, which
 * `request.args[0]` still holds when the error handler runs, however late that is.
 */
export function noteAcks(socket: Socket): void {
  socket.prependAny((_event: string, ...args: unknown[]) => {
    const payload = args[0];
    if (typeof payload === 'object' && payload !== null) askedForAck.set(payload, typeof args[args.length - 1] === 'function');
  });
}

/** For an error handler: answers the client and returns what becomes the acknowledgement. */
export function refuse(err: unknown): { error: ClientError } | undefined {
  let error: ClientError;
  if (err instanceof SocketeerError) {
    error = err.toClient();
  } else {
    // A bug, not a refusal: keep the details in the server's log, never in the client's hands.
    console.error(`'${request.event}' failed:`, err);
    error = { code: 'internal_error', message: 'Internal server error.' };
  }
  const payload = request.args[0];
  const asked = typeof payload === 'object' && payload !== null ? askedForAck.get(payload) : undefined;
  // With no payload object to go by (a bare string, say), answer both ways.
  if (asked !== true) emit(ERROR_EVENT, { event: request.event, error });
  return asked === false ? undefined : { error };
}
