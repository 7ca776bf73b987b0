/**
 * Connection state recovery that survives a node killed with `kill -9`, on top of
 * @socket.io/redis-streams-adapter 0.3 (pinned). The adapter instances it makes are wrapped:
 *
 * - **State stored before the node can die.** Each connection's sid, pid, rooms (with the stream
 *   offset each was joined at) and `socket.data` are saved to Redis when it connects, when it
 *   joins or leaves a room (coalesced per event-loop turn), on a timer, and when Redis comes
 *   back after an outage; not only when the node sees the client go (see session-store.ts).
 * - **A restore that neither loses nor repeats.** While a restore reads the stream, this node
 *   keeps delivering broadcasts, its own and other nodes'. Those meant for the restoring
 *   connection are captured and handed to it when it is registered, after the replay; then, for
 *   a while, live broadcasts it already got from the replay (offset at or below the last entry
 *   the replay read) are held back from it. Without that, an own broadcast delivered between the
 *   replay's last read and the registration was lost, and another node's entry read by both the
 *   replay and the live stream reader arrived twice.
 * - **Stream order on every node.** A node delivers its own broadcasts to its clients when it
 *   reads them back from the stream, like other nodes' entries, so a client's last offset
 *   covers everything it received. socket.io's adapter delivers its own at once, ahead of older
 *   entries of other nodes it has not read yet; a client that dropped right after such an
 *   older entry had its newer one replayed a second time.
 * - **Exact membership in the replay.** An entry is replayed only if the connection was in one of
 *   its rooms at that entry's offset, so a room joined later does not bring older messages.
 * Internal module: not exported from the package entry points.
 */
import { decode } from '@msgpack/msgpack';
import type { Redis } from 'ioredis';
import type { Namespace, Socket } from 'socket.io';
import type { BroadcastOptions, Session } from 'socket.io-adapter';
import type { Logger } from '../logger.js';
import { streamsAdapterBase } from './packages.js';
import { SessionStore, type StoredSession } from './session-store.js';

const BROADCAST = 3; // socket.io-adapter's MessageType.BROADCAST
const EVENT = 2; // socket.io-parser's PacketType.EVENT
const OFFSET = /^(\d+)-(\d+)$/;
/** How long live broadcasts already replayed are held back from a restored connection. */
const HOLD_BACK_MS = 30_000;
const REPLAY_BATCH = 500;
/** How long a node waits to read its own broadcast back from the stream before delivering it anyway. */
const READER_GRACE_MS = 2000;

interface Packet {
  type: number;
  data: unknown[];
  id?: number;
}
interface WireOptions {
  rooms: string[];
  except: string[];
  flags?: { volatile?: boolean; local?: boolean };
}
interface WireMessage {
  uid: string;
  nsp: string;
  type: number;
  data?: { packet?: Packet; opts?: WireOptions; requestId?: string } | undefined;
}

/** What this module uses of a streams adapter instance (socket.io-adapter's ClusterAdapter API). */
interface StreamsAdapter {
  readonly nsp: Namespace;
  readonly uid: string;
  addAll(id: string, rooms: Set<string>): Promise<void> | void;
  del(id: string, room: string): Promise<void> | void;
  delAll(id: string): void;
  broadcast(packet: Packet, opts: BroadcastOptions): Promise<void> | void;
  onMessage(message: WireMessage, offset?: string): void;
  publishAndReturnOffset(message: { type: number; data: unknown }): Promise<string>;
  persistSession(session: { sid: string; pid: string; rooms: string[]; data: unknown }): void;
  restoreSession(pid: string, offset: string): Promise<Session>;
  close(): Promise<void> | void;
}

export interface FailoverOptions {
  client: Redis;
  streamName: string;
  keyPrefix: string;
  maxDisconnectionDuration: number;
  /** How often every connection's state is saved again. Default: half the recovery window, at most 60 s. */
  refreshInterval?: number;
  /** The stream's MAXLEN, which bounds a replay. */
  maxLen?: number;
  logger?: Logger | undefined;
}

/** Compares two stream offsets (`ms-seq`). @internal */
export function compareOffsets(a: string, b: string): number {
  const [, am = '0', as = '0'] = OFFSET.exec(a) ?? [];
  const [, bm = '0', bs = '0'] = OFFSET.exec(b) ?? [];
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
const later = (a: string, b: string) => (compareOffsets(a, b) >= 0 ? a : b);

/** Whether a connection whose rooms (joined at offsets) are `rooms` was addressed by an entry at `offset`. */
function addressedTo(sid: string, rooms: Map<string, string>, opts: WireOptions, offset: string): boolean {
  const memberAt = (room: string) => {
    const joined = rooms.get(room);
    return joined !== undefined && compareOffsets(offset, joined) > 0;
  };
  const included = opts.rooms.length === 0 ? memberAt(sid) : opts.rooms.some(memberAt);
  return included && !opts.except.some(memberAt);
}

/** Entries socket.io stamps with an offset (and so can replay): events without ack, not volatile. */
const replayable = (packet: Packet, opts: WireOptions) =>
  packet.type === EVENT && packet.id === undefined && !opts.flags?.volatile;

const toWire = (opts: BroadcastOptions): WireOptions => ({
  rooms: [...opts.rooms],
  except: [...(opts.except ?? [])],
  flags: opts.flags ?? {},
});

function decodeEntry(fields: string[]): WireMessage | undefined {
  const raw: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) raw[fields[i]!] = fields[i + 1]!;
  if (raw.nsp === undefined || raw.type === undefined) return undefined;
  try {
    const data =
      raw.data === undefined
        ? undefined
        : raw.data.startsWith('{')
          ? JSON.parse(raw.data)
          : decode(Buffer.from(raw.data, 'base64'));
    return { uid: raw.uid ?? '', nsp: raw.nsp, type: Number(raw.type), data: data as WireMessage['data'] };
  } catch {
    return undefined;
  }
}

const pidOf = (socket: Socket) => (socket as unknown as { pid?: string }).pid;
/** Writes a packet to one socket as is; `socket.emit` would store it in the stream again. */
const writePacket = (socket: Socket, packet: Packet) =>
  (socket as unknown as { packet(p: Packet): void }).packet(packet);

interface Tracked {
  pid: string;
  gen: number;
  joined: Map<string, string>;
  /** Saved by persistSession on a recoverable disconnect: keep the record. */
  persisted: boolean;
}
interface PendingRestore {
  rooms: Map<string, string>;
  lastRead: string;
  captured: [offset: string, data: unknown[]][];
}

class Failover {
  readonly #a: StreamsAdapter;
  readonly #store: SessionStore;
  readonly #o: FailoverOptions & { refreshInterval: number };
  readonly #tracked = new Map<string, Tracked>();
  readonly #dirty = new Set<string>();
  readonly #pending = new Map<string, PendingRestore>();
  readonly #holdBack = new Map<string, { upTo: string; handedOver: Set<string>; until: number }>();
  #lastSeen = '0-0';
  #flushQueued = false;
  #localBroadcast: (packet: Packet, opts: BroadcastOptions) => void = () => {};
  /** Own entries written, not yet read back by the stream reader. */
  readonly #awaitingReader = new Map<string, NodeJS.Timeout>();
  /** Own entries the reader saw before the XADD reply arrived. */
  readonly #readBeforeReply = new Set<string>();
  /** Own entries delivered without the reader (it was late); it skips them. */
  readonly #deliveredEarly = new Set<string>();
  readonly #timer: NodeJS.Timeout;

  constructor(adapter: StreamsAdapter, store: SessionStore, options: FailoverOptions & { refreshInterval: number }) {
    this.#a = adapter;
    this.#store = store;
    this.#o = options;
    this.#wrap();
    this.#timer = setInterval(() => this.refreshAll(), options.refreshInterval);
    this.#timer.unref();
  }

  /** Saves every connection again (the timer; Redis back after an outage, maybe empty). */
  refreshAll(): void {
    for (const sid of this.#tracked.keys()) this.#dirty.add(sid);
    this.#flush();
  }

  #wrap(): void {
    const a = this.#a;
    const { Adapter } = streamsAdapterBase();
    const localBroadcast = Adapter.prototype.broadcast as (
      this: unknown,
      packet: Packet,
      opts: BroadcastOptions,
    ) => void;
    this.#localBroadcast = (packet, opts) => localBroadcast.call(a, packet, opts);
    const original = {
      addAll: a.addAll.bind(a),
      del: a.del.bind(a),
      delAll: a.delAll.bind(a),
      broadcast: a.broadcast.bind(a),
      onMessage: a.onMessage.bind(a),
      close: a.close.bind(a),
    };

    a.addAll = (id, rooms) => {
      const result = original.addAll(id, rooms);
      this.#joined(id, rooms);
      return result;
    };
    a.del = (id, room) => {
      const result = original.del(id, room);
      if (this.#tracked.get(id)?.joined.delete(room)) this.#markDirty(id);
      return result;
    };
    a.delAll = (id) => {
      original.delAll(id);
      this.#gone(id);
    };
    a.persistSession = (session) => this.#persist(session.sid, session.data);
    a.restoreSession = (pid, offset) => this.#restore(pid, offset);
    a.close = () => {
      clearInterval(this.#timer);
      return original.close();
    };

    // This node's own broadcasts are written to the stream and delivered to its own clients when
    // the stream reader reads them back, like other nodes' entries: every client of this node
    // then gets broadcasts in stream order, so the last offset it holds covers all it received
    // and a replay from there repeats nothing. If the reader has not seen the entry within
    // READER_GRACE_MS (it is reconnecting), the entry is delivered directly.
    a.broadcast = async (packet, opts) => {
      if (opts.flags?.local) return original.broadcast(packet, opts);
      const wire = toWire(opts);
      let offset: string | undefined;
      try {
        offset = await a.publishAndReturnOffset({ type: BROADCAST, data: { packet, opts: wire } });
      } catch {
        // Redis is away: this node's clients still get it (no offset, so it cannot be replayed).
      }
      if (offset === undefined) return this.#localBroadcast(packet, opts);
      if (this.#readBeforeReply.delete(offset)) return;
      const at = offset;
      const timer = setTimeout(() => {
        this.#awaitingReader.delete(at);
        this.#deliveredEarly.add(at);
        this.#deliver(packet, wire, at);
      }, READER_GRACE_MS);
      timer.unref();
      this.#awaitingReader.set(offset, timer);
    };

    a.onMessage = (message, offset) => {
      const data = message.data;
      const ours = message.nsp === a.nsp.name;
      if (
        offset === undefined ||
        !ours ||
        message.type !== BROADCAST ||
        !data?.packet ||
        !data.opts ||
        data.requestId !== undefined
      ) {
        original.onMessage(message, offset);
        if (offset !== undefined && ours) this.#lastSeen = later(offset, this.#lastSeen);
        return;
      }
      if (message.uid === a.uid) {
        const timer = this.#awaitingReader.get(offset);
        if (timer) {
          clearTimeout(timer);
          this.#awaitingReader.delete(offset);
        } else if (this.#deliveredEarly.delete(offset)) {
          return;
        } else {
          this.#readBeforeReply.add(offset); // the XADD reply is still on its way
        }
      }
      this.#deliver(data.packet, data.opts, offset);
    };
  }

  /**
   * Delivers a stream entry to this node's clients (socket.io-adapter's own steps: the offset
   * appended when the entry can be replayed, then the in-memory broadcast), minus restored
   * connections that already got it, and keeps it for restores under way.
   */
  #deliver(packet: Packet, opts: WireOptions, offset: string): void {
    const keep = replayable(packet, opts);
    if (keep) packet.data.push(offset);
    const skip = keep ? this.#heldBack(offset) : [];
    this.#localBroadcast(packet, {
      rooms: new Set(opts.rooms),
      except: new Set([...opts.except, ...skip]),
      flags: opts.flags ?? {},
    });
    if (keep) this.#capture(packet, opts, offset);
    this.#lastSeen = later(offset, this.#lastSeen);
  }

  /** Broadcasts delivered while a restore is under way are kept for it; the stream position moves on. */
  #capture(packet: Packet, opts: WireOptions, offset: string): void {
    for (const [sid, restore] of this.#pending) {
      if (addressedTo(sid, restore.rooms, opts, offset)) restore.captured.push([offset, [...packet.data]]);
    }
  }

  /** Restored connections that already got the entry at `offset` from their replay. */
  #heldBack(offset: string): string[] {
    if (this.#holdBack.size === 0) return [];
    const now = Date.now();
    const skip: string[] = [];
    for (const [sid, hold] of this.#holdBack) {
      if (hold.until < now) this.#holdBack.delete(sid);
      else if (compareOffsets(offset, hold.upTo) <= 0 || hold.handedOver.has(offset)) skip.push(sid);
    }
    return skip;
  }

  #joined(id: string, rooms: Set<string>): void {
    const socket = this.#a.nsp.sockets.get(id);
    if (!socket) return; // not registered yet: a restored connection's rooms come with its record
    let tracked = this.#tracked.get(id);
    if (!tracked) {
      const pid = pidOf(socket);
      if (pid === undefined) return;
      tracked = { pid, gen: 0, joined: new Map(), persisted: false };
      this.#tracked.set(id, tracked);
    }
    // socket.rooms, not only `rooms`: it also holds rooms joined before registration (middleware).
    for (const room of [...rooms, ...socket.rooms])
      if (!tracked.joined.has(room)) tracked.joined.set(room, this.#lastSeen);
    this.#markDirty(id);
    const restore = this.#pending.get(id);
    if (restore) this.#registered(socket, restore);
  }

  /** A restored connection is registered (its own room is joined): hand over what was captured. */
  #registered(socket: Socket, restore: PendingRestore): void {
    this.#pending.delete(socket.id);
    // The replay covered every entry up to lastRead (stream ids only grow); later ones it got
    // here. Live delivery skips exactly those, not everything below the newest: an entry can
    // reach this node after a newer one (its own broadcast delivered on the reader's grace timer).
    const handedOver = new Set<string>();
    const fresh = restore.captured.filter(([offset]) => compareOffsets(offset, restore.lastRead) > 0);
    fresh.sort(([x], [y]) => compareOffsets(x, y));
    for (const [offset, data] of fresh) {
      writePacket(socket, { type: EVENT, data });
      handedOver.add(offset);
    }
    this.#holdBack.set(socket.id, { upTo: restore.lastRead, handedOver, until: Date.now() + HOLD_BACK_MS });
  }

  #gone(id: string): void {
    this.#pending.delete(id);
    this.#holdBack.delete(id);
    this.#dirty.delete(id);
    const tracked = this.#tracked.get(id);
    if (!tracked) return;
    this.#tracked.delete(id);
    // A client that left for good (or was refused) must not be restored later.
    if (!tracked.persisted) void this.#store.drop(tracked.pid, tracked.gen);
  }

  #persist(sid: string, data: unknown): void {
    const tracked = this.#tracked.get(sid);
    if (!tracked) return;
    tracked.persisted = true;
    this.#dirty.delete(sid);
    void this.#store.save(this.#record(sid, tracked, data), tracked.gen, this.#o.maxDisconnectionDuration);
  }

  #record(sid: string, tracked: Tracked, data: unknown): StoredSession {
    return { sid, pid: tracked.pid, nsp: this.#a.nsp.name, rooms: [...tracked.joined], data, offset: this.#lastSeen };
  }

  #markDirty(id: string): void {
    this.#dirty.add(id);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    // One save per connection per event-loop turn, however many rooms it joined in it.
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushQueued = false;
    const ttl = this.#o.maxDisconnectionDuration + this.#o.refreshInterval;
    for (const sid of this.#dirty) {
      const socket = this.#a.nsp.sockets.get(sid);
      const tracked = this.#tracked.get(sid);
      if (socket && tracked && !tracked.persisted)
        void this.#store.save(this.#record(sid, tracked, socket.data), tracked.gen, ttl);
    }
    this.#dirty.clear();
  }

  async #restore(pid: string, offset: string): Promise<Session> {
    if (!OFFSET.test(offset)) throw new Error('invalid offset');
    const { client, streamName } = this.#o;
    const [claimed, known] = await Promise.all([this.#store.claim(pid), client.xrange(streamName, offset, offset)]);
    if (!claimed || claimed.session.nsp !== this.#a.nsp.name) throw new Error('no session');
    if (known.length === 0) throw new Error('offset no longer in the stream');
    const { session, gen } = claimed;
    // A stale copy of this connection on this node (its client's old link is half-open) goes first.
    this.#a.nsp.sockets.get(session.sid)?.disconnect(true);
    const rooms = new Map(session.rooms);
    const restore: PendingRestore = { rooms, lastRead: offset, captured: [] };
    this.#pending.set(session.sid, restore);
    try {
      const missed: unknown[][] = [];
      const batches = Math.ceil((this.#o.maxLen ?? 10_000) / REPLAY_BATCH) + 10;
      let complete = false;
      for (let i = 0; i < batches && !complete; i++) {
        const [ms, seq] = restore.lastRead.split('-');
        const entries = await client.xrange(streamName, `${ms}-${Number(seq) + 1}`, '+', 'COUNT', REPLAY_BATCH);
        for (const [id, fields] of entries) {
          restore.lastRead = id;
          const message = decodeEntry(fields);
          const packet = message?.data?.packet;
          const opts = message?.data?.opts;
          if (!message || message.nsp !== this.#a.nsp.name || message.type !== BROADCAST || !packet || !opts) continue;
          if (replayable(packet, opts) && addressedTo(session.sid, rooms, opts, id)) missed.push([...packet.data, id]);
        }
        complete = entries.length < REPLAY_BATCH;
      }
      if (!complete) throw new Error('the stream grew faster than it could be replayed');
      this.#tracked.set(session.sid, { pid, gen, joined: rooms, persisted: false });
      return { sid: session.sid, pid, rooms: [...rooms.keys()], data: session.data, missedPackets: missed };
    } catch (err) {
      this.#pending.delete(session.sid);
      this.#o.logger?.debug({ pid, err: err instanceof Error ? err.message : String(err) }, 'recovery: restore failed');
      throw err;
    }
  }
}

/**
 * Wraps a streams adapter factory so its adapters store recovery state eagerly and restore it
 * without loss or duplicates. `settle()` waits for saves in flight (app.close calls it before
 * dropping the Redis connection).
 */
export function withFailover<A extends object>(
  factory: (nsp: Namespace) => A,
  options: FailoverOptions,
): { factory: (nsp: Namespace) => A; settle(): Promise<void> } {
  const store = new SessionStore(options.client, options.keyPrefix);
  const refreshInterval =
    options.refreshInterval ?? Math.min(Math.max(Math.floor(options.maxDisconnectionDuration / 2), 1000), 60_000);
  const live = new Set<Failover>();
  // Redis back after an outage (perhaps restarted empty): save everything again.
  let wasReady = false;
  options.client.on('ready', () => {
    if (wasReady) for (const f of live) f.refreshAll();
    wasReady = true;
  });
  if (options.client.status === 'ready') wasReady = true;
  // socket.io calls the factory with `new`: a plain function (not an arrow or a method) allows it.
  // biome-ignore lint/complexity/useArrowFunction: socket.io calls the factory with `new`, which an arrow function refuses
  const wrapped = function (nsp: Namespace): A {
    const adapter = factory(nsp);
    const { ClusterAdapter } = streamsAdapterBase();
    if (!(adapter instanceof ClusterAdapter))
      throw new Error('recovery: @socket.io/redis-streams-adapter is not the version Socketeer wraps (0.3.x).');
    const failover = new Failover(adapter as unknown as StreamsAdapter, store, { ...options, refreshInterval });
    live.add(failover);
    const close = (adapter as unknown as StreamsAdapter).close;
    (adapter as unknown as StreamsAdapter).close = () => {
      live.delete(failover);
      return close();
    };
    return adapter;
  };
  return { factory: wrapped, settle: () => store.settle() };
}
