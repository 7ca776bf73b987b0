/**
 * Per-connection rate limits: a token bucket per (client connection, limit). The connection is
 * the client's engine.io connection, shared by all the namespaces it opens, so leaving and
 * re-entering a namespace (or spreading events over dynamic namespaces) does not refill a bucket. `points` events are
 * allowed at once, and the bucket refills at `points` per `duration` ms, so a steady client
 * never notices it while a burst beyond `points` is refused until tokens come back.
 *
 * Hand-written rather than rate-limiter-flexible: that library keys buckets by string in one
 * shared store and answers with promises, while ours lives on the socket (freed with it) and
 * answers synchronously, so a refused event costs a subtraction and no allocation. The buckets
 * live in a WeakMap keyed by socket.io's per-connection `Client`, so they are freed with it.
 * Internal module: not exported from the package entry points.
 */
import type { Socket } from 'socket.io';
import type { RateLimitOptions } from './registry.js';

export type { RateLimitOptions };
export { checkRateLimit } from './options.js';

/** One bucket: tokens left, when they were last counted, and whether a refusal was announced. */
export interface Bucket {
  tokens: number;
  at: number;
  told: boolean;
}

const bucketsByClient = new WeakMap<Socket['client'], Map<RateLimitOptions, Bucket>>();

/** What `consume` decided: run it, refuse it, or refuse it again (a flood: answer only acks). */
export enum Verdict {
  Allowed = 0,
  Refused = 1,
  RefusedAgain = 2,
}

/**
 * Takes one token from the connection's bucket for `limit` (the limit object itself is the
 * key, so a class-wide limit shared by several handlers is one bucket). Refusals after the
 * first in a row are `RefusedAgain`: a flooding client that asked for no ack is told once,
 * not once per event, so the server does not write as much as it is sent.
 */
export function consume(socket: Socket, limit: RateLimitOptions): Verdict {
  let buckets = bucketsByClient.get(socket.client);
  if (buckets === undefined) {
    buckets = new Map();
    bucketsByClient.set(socket.client, buckets);
  }
  const now = performance.now();
  let bucket = buckets.get(limit);
  if (bucket === undefined) {
    bucket = { tokens: limit.points, at: now, told: false };
    buckets.set(limit, bucket);
  } else {
    bucket.tokens = Math.min(limit.points, bucket.tokens + ((now - bucket.at) * limit.points) / limit.duration);
    bucket.at = now;
  }
  if (bucket.tokens < 1) {
    if (bucket.told) return Verdict.RefusedAgain;
    bucket.told = true;
    return Verdict.Refused;
  }
  bucket.tokens -= 1;
  bucket.told = false;
  return Verdict.Allowed;
}
