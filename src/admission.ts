/**
 * `disconnect()` called from a guard or connect handler: the client is not connected yet, so
 * socket.io would ignore it. Flask-SocketIO apps use it to refuse a client
 * (`if not current_user.is_authenticated: disconnect()`), so the connection is refused instead,
 * as when the connect handler returns `false`.
 * Internal module: not exported from the package entry points.
 */
import type { Socket } from 'socket.io';

const refused = new WeakSet<Socket>();

/** Marks a connecting client as refused; the connect guard refuses it after the handler returns. */
export function refuseAdmission(socket: Socket): void {
  refused.add(socket);
}

export function admissionRefused(socket: Socket): boolean {
  return refused.has(socket);
}
