/**
 * What a handler's `joinRoom()` may not do, whatever `authorizeJoin` says: fill one connection
 * with rooms without bound, or enter a room shaped like another connection's id where that id
 * may still be (or come back) in use.
 * Internal module: not exported from the package entry points.
 */
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import { SocketeerError } from './errors.js';

/** Default most rooms one connection may be in (in one namespace), its own sid room included. */
export const DEFAULT_MAX_ROOMS = 1000;

/** The shape of a socket.io connection id: 20 characters of base64url (15 random bytes). */
const SID_SHAPE = /^[A-Za-z0-9_-]{20}$/;

interface RoomPolicy {
  maxRooms: number;
  /** socket.io's in-memory adapter class, as the app found it (undefined: the app was given another). */
  inMemoryAdapter: unknown;
}

const policies = new WeakMap<Server, RoomPolicy>();

/** Records the app's limits; call right after creating the socket.io server. @internal */
export function setRoomPolicy(io: Server, maxRooms: number, adapterGiven: boolean): void {
  policies.set(io, { maxRooms, inMemoryAdapter: adapterGiven ? undefined : io.adapter() });
}

/**
 * Whether a sid room's owner may be invisible to this process: connection state recovery
 * keeps a disconnected client's id alive for its return, and any adapter but the in-memory one
 * (Redis, cluster: possibly set after the app was made) spans processes. The one question
 * Socketeer asks the adapter.
 */
function sidsMayBeElsewhere(io: Server, policy: RoomPolicy | undefined): boolean {
  return (
    io._opts.connectionStateRecovery !== undefined || policy === undefined || io.adapter() !== policy.inMemoryAdapter
  );
}

/**
 * Throws `forbidden` for another connection's sid room and `too_many_rooms` past the limit.
 * Only the caller's own sid room is exempt from the shape rule. @internal
 */
export function checkRoomLimits(
  io: Server,
  nsp: IoNamespace,
  sid: string,
  socket: Socket | undefined,
  room: string,
): void {
  const policy = policies.get(io);
  if (room === sid) return;
  if (nsp.sockets.has(room)) throw new SocketeerError('forbidden', `Room '${room}' is another client's personal room.`);
  if (SID_SHAPE.test(room) && sidsMayBeElsewhere(io, policy)) {
    throw new SocketeerError(
      'forbidden',
      `Room '${room}' is shaped like a connection id; such names are reserved for personal rooms.`,
    );
  }
  const max = policy?.maxRooms ?? DEFAULT_MAX_ROOMS;
  if (socket !== undefined && socket.rooms.size >= max && !socket.rooms.has(room)) {
    throw new SocketeerError('too_many_rooms', `This connection is already in ${max} rooms; leave one first.`);
  }
}
