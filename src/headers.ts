/**
 * Handshake headers read in any casing, as Flask's `request.headers` is: Node lowercases
 * header names, so ported code reading `headers['User-Agent']` would silently get undefined.
 * Internal module: not exported from the package entry points.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A view of `headers` whose string keys match in any casing; iteration shows Node's lowercase names. */
export function caseInsensitiveHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return new Proxy(headers, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target)) return Reflect.get(target, key.toLowerCase(), receiver);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return key in target || (typeof key === 'string' && key.toLowerCase() in target);
    },
  });
}

/** One header as a string (repeated ones joined with ', '), in any casing. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
