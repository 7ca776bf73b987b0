/**
 * Who is connected where, across every node: socket.io's `fetchSockets()` with the answer in
 * Socketeer's words, so apps need no user→sid map of their own.
 */
import type { Server } from 'socket.io';
import { getContext, type Session } from '../context.js';
import { existingNamespace } from '../emission.js';
import { SocketeerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { linkOf } from './redis-adapter.js';

/** One connected client, on this node or another. */
export interface Presence {
  sid: string;
  namespace: string;
  /** A shallow copy of its `request.session` (socket.data) when asked. */
  session: Session;
  /** Its rooms, its own sid room included. */
  rooms: string[];
}

export interface WhoIsInOptions {
  /** Default: the handler's namespace, or '/' outside handlers. */
  namespace?: string;
  /** Only this node's clients: no Redis round trip, and works while Redis is away. */
  local?: boolean;
  /** How long to wait for the other nodes, in ms. Default 5000. */
  timeout?: number;
}

const list = (room: string | readonly string[]): readonly string[] => (typeof room === 'string' ? [room] : room);

const WHO_OPTIONS: ReadonlySet<string> = new Set(['namespace', 'local', 'timeout']);

/** The clients in `room` (every client of the namespace when `room` is undefined). @internal */
export async function lookUp(
  io: Server,
  room: string | readonly string[] | undefined,
  options: WhoIsInOptions | undefined,
  defaultNamespace: string,
  fn: string,
): Promise<Presence[]> {
  checkOptions(options, WHO_OPTIONS, fn);
  if (room !== undefined && typeof room !== 'string' && !Array.isArray(room)) {
    throw new SocketeerError(
      'invalid_option',
      `${fn}: room must be a string, a list of them, or undefined for the whole namespace.`,
    );
  }
  const name = options?.namespace ?? defaultNamespace;
  const nsp = existingNamespace(io, name);
  if (!nsp) return [];
  const local = options?.local === true;
  const link = linkOf(io);
  const describe = (s: { id: string; data: unknown; rooms: Iterable<string> }): Presence => ({
    sid: s.id,
    namespace: name,
    session: { ...(s.data as Session) },
    rooms: [...s.rooms],
  });
  if (local) {
    // Straight from this node's memory: the cluster adapters' local fetch still asks Redis for the node count.
    const sids =
      room === undefined
        ? nsp.sockets.keys()
        : new Set(list(room).flatMap((r) => [...(nsp.adapter.rooms.get(r) ?? [])]));
    return [...sids].flatMap((sid) => {
      const socket = nsp.sockets.get(sid);
      return socket ? [describe(socket)] : [];
    });
  }
  // The message may reach a client (if the handler does not catch it): no Redis address in it.
  if (link && !link.up)
    throw new SocketeerError(
      'redis_error',
      `${fn}: Redis is unreachable, so other nodes cannot be asked; pass { local: true } for this node's clients.`,
    );
  try {
    const op = room === undefined ? nsp.except([]) : nsp.in(room as string | string[]);
    return (await op.timeout(options?.timeout ?? 5000).fetchSockets()).map(describe);
  } catch (err) {
    throw new SocketeerError(
      'redis_error',
      `${fn}: the other nodes did not answer (${err instanceof Error ? err.message : String(err)}).`,
      { cause: err },
    );
  }
}

/**
 * The clients in a room, on every node: `[{ sid, namespace, session, rooms }]`. Without a room,
 * every client of the namespace; with a sid, that client (every sid is a room). Rejects with
 * `redis_error` when other nodes cannot be asked. Can only be called from an event handler;
 * outside one, use `app.whoIsIn()`.
 * @example
 * ```ts
 * @On('who') async who(room: string) {
 *   return (await whoIsIn(room)).map((p) => p.session.username);
 * }
 * ```
 */
export function whoIsIn(room?: string | readonly string[], options?: WhoIsInOptions): Promise<Presence[]> {
  const ctx = getContext('whoIsIn()', 'app.whoIsIn()');
  return lookUp(ctx.socket.nsp.server, room, options, ctx.namespace, 'whoIsIn');
}
