/**
 * The Redis connections of one process: ioredis clients that reconnect by themselves, whose
 * failures are logged once per outage and can never crash the process.
 * Internal module: not exported from the package entry points.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { SocketeerError } from '../errors.js';
import { fallbackLogger, type Logger } from '../logger.js';
import { ioredis } from './packages.js';

export interface RedisLink {
  /** The client that publishes and runs commands; it fails fast while Redis is away. */
  readonly client: Redis;
  /** True while every client of the link is connected. */
  readonly up: boolean;
  /** The URL with any password masked, for messages. */
  readonly where: string;
  /** Resolves once every client is connected, or after `ms` (the outage is then logged). */
  ready(ms?: number): Promise<void>;
  /** Drops every connection (pending commands fail); no reconnection afterwards. */
  close(): Promise<void>;
}

/** Reconnect quickly, then once a second: a restarted Redis is picked up within a second. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 1000);

/** Throws `invalid_option` unless `url` is a redis:// or rediss:// URL; returns it masked. */
export function checkRedisUrl(url: unknown, fn: string): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
    throw new SocketeerError(
      'invalid_option',
      `${fn}: messageQueue must be a redis:// or rediss:// URL, e.g. 'redis://127.0.0.1:6379'.`,
    );
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens the link. `client` is made with `enableOfflineQueue: false`, so a publish while Redis is
 * away fails at once and socket.io's adapters carry on with local delivery instead of waiting.
 * Clients made with `client.duplicate()` (the adapters' subscribers and stream readers) keep
 * an offline queue and wait for Redis, so they neither spin nor give up.
 */
export function openRedisLink(url: string, logger: Logger | undefined, fn: string): RedisLink {
  const where = checkRedisUrl(url, fn);
  const log = logger ?? fallbackLogger;
  const clients = new Set<Redis>();
  let wasUp = false; // every client connected at least once since the last outage message
  let outageLogged = false;
  let lastError: string | undefined;
  let closed = false;
  const waiters = new Set<() => void>();

  // 'end' is a client closed on purpose (an adapter closing with the app), not an outage.
  const allUp = () => [...clients].every((c) => c.status === 'ready' || c.status === 'end');
  const changed = () => {
    if (closed) return;
    if (allUp()) {
      if (outageLogged) log.info({ redis: where }, 'Redis is back: cross-node delivery resumed');
      wasUp = true;
      outageLogged = false;
      for (const wake of waiters) wake();
      waiters.clear();
    } else if (wasUp) {
      reportOutage();
    }
  };
  const reportOutage = () => {
    if (outageLogged || closed) return;
    outageLogged = true;
    wasUp = false;
    log.warn({ redis: where, err: lastError }, "Redis is unreachable: serving this node's clients only; reconnecting");
  };

  const watch = (c: Redis): Redis => {
    clients.add(c);
    // Without an 'error' listener ioredis prints every failed reconnection attempt.
    c.on('error', (err: Error) => {
      lastError = err.message;
    });
    c.on('ready', changed);
    c.on('close', changed);
    c.on('end', () => clients.delete(c));
    // socket.io's adapters call publish/set/xadd without handling rejections; during an outage
    // those would become unhandled rejections, which end a Node process. Callers that await
    // the promise still see the error: this only marks it handled.
    const send = c.sendCommand.bind(c);
    c.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
      const p = send(...args);
      if (p instanceof Promise) p.catch(() => {});
      return p;
    }) as Redis['sendCommand'];
    const duplicate = c.duplicate.bind(c);
    c.duplicate = ((override?: Partial<RedisOptions>) =>
      watch(duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, ...override }))) as Redis['duplicate'];
    return c;
  };

  // disconnectTimeout: on close, a socket that never connected is destroyed after 0.5 s, not 2 s.
  const client = watch(
    new (ioredis().Redis)(url, {
      retryStrategy,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      disconnectTimeout: 500,
    }),
  );

  return {
    client,
    where,
    get up() {
      return allUp();
    },
    ready(ms = 5000) {
      if (allUp()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          wasUp = true; // so that the outage is reported now, and once
          reportOutage();
          resolve();
        }, ms);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.add(wake);
      });
    },
    async close() {
      closed = true;
      for (const wake of waiters) wake();
      waiters.clear();
      // disconnect, not quit: quit would wait behind a stream reader's blocking XREAD.
      for (const c of [...clients]) c.disconnect();
    },
  };
}
