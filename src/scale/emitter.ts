/**
 * A write-only emitter for processes without the app (workers, cron jobs, scripts), like
 * Flask-SocketIO's `SocketIO(message_queue=...)` without an app.
 */
import type { Emitter as PubSubEmitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { SocketeerError } from '../errors.js';
import { resolveLogger, type LoggerOption } from '../logger.js';
import { checkOptions } from '../options.js';
import { toArgs } from '../tuple.js';
import { checkAdapterKind, checkChannel, pubSubNames, streamNames, type RedisAdapterKind } from './redis-adapter.js';
import { redisEmitter } from './packages.js';
import { openRedisLink, type RedisLink } from './redis-link.js';
import { streamsBroadcast } from './streams-emitter.js';

export interface EmitterOptions {
  /** The Redis URL the apps use. */
  messageQueue: string;
  /** The apps' `channel`, if they set one. */
  channel?: string;
  /** The apps' `redisAdapter`. Default `'streams'`. */
  redisAdapter?: RedisAdapterKind;
  /** Where an outage or a failed emit is logged. Default: stderr. */
  logger?: LoggerOption;
}

export interface ExternalEmitOptions {
  /** A room, a sid, or a list of them. Default: everyone in the namespace. */
  to?: string | readonly string[];
  /** Alias of `to`. */
  room?: string | readonly string[];
  /** Sids (or rooms) to leave out. */
  skipSid?: string | readonly string[];
  /** Default '/'. */
  namespace?: string;
}

const EMITTER_OPTIONS: ReadonlySet<string> = new Set(['messageQueue', 'channel', 'redisAdapter', 'logger']);
const EMIT_OPTIONS: ReadonlySet<string> = new Set(['to', 'room', 'skipSid', 'namespace']);
const SEND_OPTIONS: ReadonlySet<string> = new Set([...EMIT_OPTIONS, 'json']);

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

/**
 * Emits to the clients of every app on the same Redis, from a process that has no app.
 * Each emit resolves once Redis has the message, and rejects with `redis_error` when Redis
 * cannot be reached; a rejection nobody awaits is logged, never an unhandled rejection.
 */
export class Emitter {
  readonly #link: RedisLink;
  readonly #kind: RedisAdapterKind;
  readonly #channel: string | undefined;
  readonly #logger;
  readonly #pending = new Set<Promise<unknown>>();
  #pubsub: PubSubEmitter | undefined;
  /** The PUBLISH the redis-emitter made last: it publishes and forgets, we want to know. */
  #lastPublish: Promise<unknown> | undefined;
  #closed = false;

  constructor(options: EmitterOptions) {
    if (typeof options !== 'object' || options === null)
      throw new SocketeerError('invalid_option', "createEmitter: pass { messageQueue: 'redis://...' }.");
    checkOptions(options, EMITTER_OPTIONS, 'createEmitter');
    checkChannel(options.channel, 'createEmitter');
    this.#kind = checkAdapterKind(options.redisAdapter, 'createEmitter');
    this.#channel = options.channel;
    this.#logger = resolveLogger(options.logger);
    this.#link = openRedisLink(options.messageQueue, this.#logger, 'createEmitter');
  }

  /**
   * Emits `event` to a room, a sid, a namespace or everyone (the default), with app.emit's
   * option names. `tuple(a, b)` sends several arguments.
   * @example
   * ```ts
   * const emitter = createEmitter({ messageQueue: 'redis://127.0.0.1:6379' });
   * await emitter.emit('news', { text: 'hi' }, { to: 'lobby', namespace: '/chat' });
   * await emitter.close();
   * ```
   */
  emit(event: string, data?: unknown, options?: ExternalEmitOptions): Promise<void> {
    checkOptions(options, EMIT_OPTIONS, 'emitter.emit');
    return this.#send(event, toArgs(data), options ?? {}, 'emitter.emit');
  }

  /** Sends the `message` event (or `json` with `{ json: true }`), like app.send. */
  send(data: unknown, options?: ExternalEmitOptions & { json?: boolean }): Promise<void> {
    checkOptions(options, SEND_OPTIONS, 'emitter.send');
    const { json, ...rest } = options ?? {};
    return this.#send(json ? 'json' : 'message', toArgs(data), rest, 'emitter.send');
  }

  /** Resolves once connected to Redis, or after 5 s with the outage logged (emits wait for this by themselves). */
  ready(): Promise<void> {
    return this.#link.ready();
  }

  /** Waits for emits in flight, then closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
    await this.#link.close();
  }

  #send(event: string, args: unknown[], options: ExternalEmitOptions, fn: string): Promise<void> {
    if (typeof event !== 'string' || event.length === 0)
      throw new SocketeerError('invalid_option', `${fn}: the event name must be a non-empty string.`);
    if (this.#closed) throw new SocketeerError('invalid_option', `${fn}: the emitter is closed.`);
    const namespace = options.namespace ?? '/';
    if (typeof namespace !== 'string' || !namespace.startsWith('/'))
      throw new SocketeerError('invalid_option', `${fn}: namespace must start with '/'.`);
    const rooms = [...list(options.to), ...list(options.room)];
    const except = list(options.skipSid);
    const done = this.#write(namespace, event, args, rooms, except).catch((err: unknown) => {
      if (err instanceof SocketeerError) throw err;
      // An outage is logged once by the link; each failed emit only at debug level.
      this.#logger?.debug({ event, err: err instanceof Error ? err.message : String(err) }, 'emit failed');
      throw new SocketeerError(
        'redis_error',
        `${fn}: Redis (${this.#link.where}) did not take '${event}': ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    });
    done.catch(() => {}); // a caller that does not await must not get an unhandled rejection
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done)).catch(() => {});
    return done;
  }

  async #write(namespace: string, event: string, args: unknown[], rooms: string[], except: string[]): Promise<void> {
    await this.#link.ready();
    if (!this.#link.up) throw new Error('not connected');
    const client: Redis = this.#link.client;
    if (this.#kind === 'streams') {
      await streamsBroadcast(
        client,
        streamNames(this.#channel).streamName ?? 'socket.io',
        namespace,
        [event, ...args],
        rooms,
        except,
      );
      return;
    }
    // The redis-emitter only needs `publish`; we hand it one that keeps the reply's promise.
    this.#pubsub ??= new (redisEmitter().Emitter)(
      { publish: (channel: string, msg: string | Buffer) => (this.#lastPublish = client.publish(channel, msg)) },
      pubSubNames(this.#channel),
    );
    let op = this.#pubsub.of(namespace).except(except);
    if (rooms.length > 0) op = op.to(rooms);
    this.#lastPublish = undefined;
    op.emit(event, ...args);
    await this.#lastPublish;
  }
}

/**
 * Creates an emitter for processes without the app.
 * @example
 * ```ts
 * const emitter = createEmitter({ messageQueue: process.env.REDIS_URL! });
 * await emitter.emit('report_ready', { id }, { to: userSid });
 * await emitter.close();
 * ```
 */
export function createEmitter(options: EmitterOptions): Emitter {
  return new Emitter(options);
}
