/**
 * How the chat answers a request it refuses (a room message to a room you are not in, a
 * private message to nobody): on the acknowledgement when the client asked for one, otherwise
 * with the `socketeer:error` event, the same two ways Socketeer answers an invalid payload.
 */
import type { Socket } from 'socket.io';
import { emit, ERROR_EVENT, request, SocketeerError, type ClientError } from 'socketeer';

const lastEventHadAck = new WeakMap<Socket, boolean>();

/**
 * Notes, for each incoming event, whether the client passed an acknowledgement callback.
 * Call it from the connect handler. A catch-all listener put in front of Socketeer's sees
 * the callback, which handlers do not; the chat's handlers are synchronous, so the note read
 * by the error handler is always the one for the event that failed.
 */
export function noteAcks(socket: Socket): void {
  socket.prependAny((...args: unknown[]) => {
    lastEventHadAck.set(socket, typeof args[args.length - 1] === 'function');
  });
}

/** For an error handler: answers the client and returns what becomes the acknowledgement. */
export function refuse(err: unknown): { error: ClientError } | undefined {
  let error: ClientError;
  if (err instanceof SocketeerError) {
    error = err.toClient();
  } else {
    // A bug, not a refusal: keep the details in the server's log, never in the client's hands.
    console.error(`chat: '${request.event}' failed:`, err);
    error = { code: 'internal_error', message: 'Internal server error.' };
  }
  if (lastEventHadAck.get(request.socket)) return { error };
  emit(ERROR_EVENT, { event: request.event, error });
  return undefined;
}
