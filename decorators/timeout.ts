import { checkMilliseconds } from '../src/registry.js';
import { handlerOption } from './handler-option.js';

/**
 * A deadline in ms for an async handler (on a method), or for all of a class's handlers,
 * replacing createApp's `timeout`; 0 means none. When it passes, a client waiting for an ack
 * gets `timeout` and `request.signal` aborts, so the handler can stop its work.
 * @example
 * ```ts
 * @On('search') @Timeout(2000) async search(q: string) { return db.find(q, { signal: request.signal }); }
 * ```
 */
export function Timeout(ms: number) {
  checkMilliseconds(ms, '@Timeout(ms)');
  return handlerOption('Timeout', { timeout: ms });
}
