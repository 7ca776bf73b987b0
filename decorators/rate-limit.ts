import { checkRateLimit, type RateLimitOptions } from '../src/registry.js';
import { handlerOption } from './handler-option.js';

/**
 * Limits how often one connection may send an event: `points` events at once, refilled at
 * `points` per `duration` ms. On a method it limits that event; on a class, all the class's
 * events together (one shared budget). A refused event is answered with `rate_limited` and its
 * handler does not run. A method's own limit replaces the class's for that method.
 * @example
 * ```ts
 * @On('message') @RateLimit({ points: 5, duration: 1000 }) message(text: string) { ... }
 * ```
 */
export function RateLimit(options: RateLimitOptions) {
  checkRateLimit(options, '@RateLimit()');
  const limit: RateLimitOptions = { points: options.points, duration: options.duration };
  return handlerOption('RateLimit', { rateLimit: limit });
}
