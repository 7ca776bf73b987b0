/**
 * The app's scale-out options (Flask-SocketIO's `message_queue` and `channel`) and their
 * wiring: socket.io's own Redis adapters on ioredis, and connection state recovery.
 * Internal module: not exported from the package entry points.
 */
import type { Server, ServerOptions } from 'socket.io';
import { SocketeerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { redisAdapter, redisStreamsAdapter } from './packages.js';
import { withFailover } from './failover-adapter.js';
import { primeRecovery } from './recovery.js';
import { checkRedisUrl, openRedisLink, type RedisLink } from './redis-link.js';

/** `'streams'`: Redis streams, replays missed events (recovery). `'pubsub'`: classic Redis pub/sub. */
export type RedisAdapterKind = 'streams' | 'pubsub';

export interface RecoveryOptions {
  /** How long a dropped client may stay away and still get what it missed, in ms. Default 120000. */
  maxDisconnectionDuration?: number;
  /** Skip connect handlers when a connection is recovered. Default true: it is the same connection. */
  skipMiddlewares?: boolean;
}

export interface ScaleOptions {
  /** Redis URL (`redis://host:6379`): every app on the same URL and channel shares rooms and broadcasts. */
  messageQueue?: string;
  /** Prefix of the Redis keys, streams and channels. Default: socket.io's own (`socket.io`). */
  channel?: string;
  /** Which socket.io Redis adapter to use. Default `'streams'`. */
  redisAdapter?: RedisAdapterKind;
  /** Connection state recovery: a client back within the window gets the events it missed. */
  recovery?: boolean | RecoveryOptions;
}

/** The scale-out keys of createApp's options, checked against ScaleOptions by the compiler. */
export const SCALE_OPTIONS = {
  messageQueue: true,
  channel: true,
  redisAdapter: true,
  recovery: true,
} as const satisfies {
  [K in keyof Required<ScaleOptions>]: true;
};

/** What the app needs from this module: socket.io options, then attach/ready/close. */
export interface ScalePlan {
  readonly ioOptions: Partial<ServerOptions>;
  attach(io: Server): void;
  ready(): Promise<void>;
  close(): Promise<void>;
}

const links = new WeakMap<Server, RedisLink>();

/** The Redis link of an app's socket.io server, when it has one. @internal */
export function linkOf(io: Server): RedisLink | undefined {
  return links.get(io);
}

/** Names of the Redis objects for a channel, shared by the app and the external emitter. @internal */
export function pubSubNames(channel: string | undefined): { key?: string } {
  return channel === undefined ? {} : { key: channel };
}

/** @internal */
export function streamNames(channel: string | undefined): {
  streamName?: string;
  channelPrefix?: string;
  sessionKeyPrefix?: string;
} {
  return channel === undefined
    ? {}
    : { streamName: channel, channelPrefix: channel, sessionKeyPrefix: `${channel}:session:` };
}

export function checkChannel(channel: unknown, fn: string): void {
  if (channel !== undefined && (typeof channel !== 'string' || !/^[\w.:-]{1,100}$/.test(channel))) {
    throw new SocketeerError(
      'invalid_option',
      `${fn}: channel must be 1 to 100 letters, digits, '_', '.', ':' or '-'.`,
    );
  }
}

export function checkAdapterKind(kind: unknown, fn: string): RedisAdapterKind {
  if (kind === undefined) return 'streams';
  if (kind !== 'streams' && kind !== 'pubsub')
    throw new SocketeerError('invalid_option', `${fn}: redisAdapter must be 'streams' or 'pubsub'.`);
  return kind;
}

function recoveryOptions(
  recovery: ScaleOptions['recovery'],
  fn: string,
): ServerOptions['connectionStateRecovery'] | undefined {
  if (recovery === undefined || recovery === false) return undefined;
  if (recovery === true) return { maxDisconnectionDuration: 120_000, skipMiddlewares: true };
  if (typeof recovery !== 'object' || recovery === null)
    throw new SocketeerError(
      'invalid_option',
      `${fn}: recovery must be true, false or { maxDisconnectionDuration, skipMiddlewares }.`,
    );
  const { maxDisconnectionDuration = 120_000, skipMiddlewares = true, ...rest } = recovery;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw new SocketeerError(
      'invalid_option',
      `${fn}: unknown recovery option '${unknown}'. Allowed: maxDisconnectionDuration, skipMiddlewares.`,
    );
  if (!Number.isInteger(maxDisconnectionDuration) || maxDisconnectionDuration <= 0) {
    throw new SocketeerError(
      'invalid_option',
      `${fn}: recovery.maxDisconnectionDuration must be a positive number of ms.`,
    );
  }
  return { maxDisconnectionDuration, skipMiddlewares };
}

/**
 * Turns the options into socket.io options and a Redis link. Without `messageQueue` the app
 * stays single-node (recovery then uses socket.io's in-memory adapter).
 */
export function planScale(options: ScaleOptions, logger: Logger | undefined, fn = 'createApp'): ScalePlan {
  const recovery = recoveryOptions(options.recovery, fn);
  if (options.messageQueue === undefined) {
    for (const key of ['channel', 'redisAdapter'] as const) {
      if (options[key] !== undefined)
        throw new SocketeerError('invalid_option', `${fn}: ${key} needs messageQueue (a Redis URL).`);
    }
    return {
      ioOptions: recovery ? { connectionStateRecovery: recovery } : {},
      attach(io) {
        if (recovery) primeRecovery(io);
      },
      ready: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  checkChannel(options.channel, fn);
  const kind = checkAdapterKind(options.redisAdapter, fn);
  if (recovery && kind === 'pubsub') {
    throw new SocketeerError(
      'invalid_option',
      `${fn}: recovery needs redisAdapter 'streams'; the pub/sub adapter cannot replay missed events across nodes.`,
    );
  }
  const url = options.messageQueue;
  checkRedisUrl(url, fn);
  let io: Server | undefined;
  let link: RedisLink | undefined;
  let opening: Promise<void> | undefined;
  let closed = false;
  let settle: (() => Promise<void>) | undefined;
  // Redis is reached only from ready(), once the controllers are bound: an app that fails to
  // boot leaves no connection behind. No client can connect before listen(), so swapping
  // socket.io's in-memory adapter for the Redis one here loses nothing.
  const open = () => {
    if (closed || !io) return Promise.resolve();
    link = openRedisLink(url, logger, fn);
    if (kind === 'pubsub') {
      io.adapter(redisAdapter().createAdapter(link.client, link.client.duplicate(), pubSubNames(options.channel)));
    } else {
      const names = streamNames(options.channel);
      const streams = redisStreamsAdapter().createAdapter(link.client, names);
      if (!recovery) io.adapter(streams);
      else {
        // Recovery state is stored while connections are up, so it survives a killed node.
        const failover = withFailover(streams, {
          client: link.client,
          streamName: names.streamName ?? 'socket.io',
          keyPrefix: `${options.channel ?? 'socket.io'}:recovery:`,
          maxDisconnectionDuration: recovery.maxDisconnectionDuration ?? 120_000,
          logger,
        });
        settle = failover.settle;
        io.adapter(failover.factory);
      }
    }
    links.set(io, link);
    return link.ready();
  };
  return {
    ioOptions: recovery ? { connectionStateRecovery: recovery } : {},
    attach(server) {
      io = server;
      if (recovery) primeRecovery(server);
    },
    ready: () => (opening ??= open()),
    async close() {
      closed = true;
      await settle?.(); // recovery state saved by the sockets just closed
      await link?.close();
    },
  };
}
