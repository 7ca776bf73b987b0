/**
 * Makes connection state recovery work from a client's first moment. socket.io resumes a
 * client from the offset of the last broadcast it received, so a client that has received
 * none yet cannot be recovered (socket.io issues #4888, #5538): it comes back as a new
 * connection, without its rooms and session. Each new connection therefore gets one broadcast,
 * `socketeer:recovery`, to its own sid room; clients can ignore it.
 * Internal module: not exported from the package entry points.
 */
import type { Namespace as IoNamespace, Server } from 'socket.io';

export const RECOVERY_EVENT = 'socketeer:recovery';

export function primeRecovery(io: Server): void {
  const prime = (nsp: IoNamespace) =>
    nsp.on('connection', (socket) => {
      if (!socket.recovered) nsp.to(socket.id).emit(RECOVERY_EVENT);
    });
  prime(io.of('/'));
  io.on('new_namespace', prime);
}
