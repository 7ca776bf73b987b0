/**
 * Where each connection's recovery state lives while the connection is up, so that another
 * node can restore it after this one dies (socket.io's own adapters store it only when they see
 * the client go, which a killed process never does: socketio/socket.io-redis-streams-adapter#27).
 *
 * One Redis hash per private session id: `gen` and `state`. Each restore raises `gen`; a write
 * or delete carrying an older `gen` is refused, so a node that still holds a stale copy of a
 * connection (its client already moved elsewhere) cannot overwrite the newer state.
 * Internal module: not exported from the package entry points.
 */
import type { Redis } from 'ioredis';
import { decode, encode } from '@msgpack/msgpack';

/** What is stored for one connection. `rooms` pairs each room with the stream offset it was joined at. */
export interface StoredSession {
  sid: string;
  pid: string;
  nsp: string;
  rooms: [room: string, joinedAt: string][];
  data: unknown;
  /** The newest stream offset the saving node had delivered when it saved. */
  offset: string;
}

// Scripts keep the generation check and the write in one step (one command per save).
const SAVE = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
if tonumber(ARGV[1]) < cur then return 0 end
redis.call('HSET', KEYS[1], 'gen', ARGV[1], 'state', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
const DROP = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
if tonumber(ARGV[1]) < cur then return 0 end
return redis.call('DEL', KEYS[1])`;
const CLAIM = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
return { redis.call('HINCRBY', KEYS[1], 'gen', 1), state }`;

interface SessionCommands {
  socketeerSessionSave(key: string, gen: number, state: string, ttl: number): Promise<number>;
  socketeerSessionDrop(key: string, gen: number): Promise<number>;
  socketeerSessionClaim(key: string): Promise<[number, string] | null>;
}

export class SessionStore {
  readonly #redis: SessionCommands;
  readonly #prefix: string;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(client: Redis, prefix: string) {
    client.defineCommand('socketeerSessionSave', { numberOfKeys: 1, lua: SAVE });
    client.defineCommand('socketeerSessionDrop', { numberOfKeys: 1, lua: DROP });
    client.defineCommand('socketeerSessionClaim', { numberOfKeys: 1, lua: CLAIM });
    this.#redis = client as unknown as SessionCommands;
    this.#prefix = prefix;
  }

  /** Saves `session` under generation `gen` for `ttl` ms. Resolves false when refused or Redis is away. */
  save(session: StoredSession, gen: number, ttl: number): Promise<boolean> {
    let state: string;
    try {
      state = Buffer.from(encode(session, { ignoreUndefined: true })).toString('base64');
    } catch {
      // socket.data that msgpack cannot encode (a function, a cycle): keep rooms and offsets.
      state = Buffer.from(encode({ ...session, data: {} })).toString('base64');
    }
    return this.#track(
      this.#redis.socketeerSessionSave(this.#prefix + session.pid, gen, state, Math.ceil(ttl)).then((r) => r === 1),
    );
  }

  /** Forgets a session (its client left for good), unless a newer generation owns it. */
  drop(pid: string, gen: number): Promise<boolean> {
    return this.#track(this.#redis.socketeerSessionDrop(this.#prefix + pid, gen).then((r) => r === 1));
  }

  /** Takes a session over for a restore: the stored state and the new generation, or undefined. */
  async claim(pid: string): Promise<{ gen: number; session: StoredSession } | undefined> {
    const reply = await this.#redis.socketeerSessionClaim(this.#prefix + pid);
    if (!reply) return undefined;
    const session = decode(Buffer.from(reply[1], 'base64')) as StoredSession;
    return { gen: Number(reply[0]), session };
  }

  /** Resolves once the writes in flight are done, or after `ms`. */
  async settle(ms = 2000): Promise<void> {
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.#inFlight]), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  #track(p: Promise<boolean>): Promise<boolean> {
    const safe = p.catch(() => false);
    this.#inFlight.add(safe);
    void safe.finally(() => this.#inFlight.delete(safe));
    return safe;
  }
}
