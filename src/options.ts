import { SocketeerError } from './errors.js';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Throws `invalid_option` for keys a function does not take: a misspelt option must not be
 * silently ignored (Flask-SocketIO's `room=` vs `rooms=` trap). Suggests the camelCase name
 * for Python-style spellings. @internal
 */
export function checkOptions(options: object | undefined, allowed: ReadonlySet<string>, fn: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new SocketeerError('invalid_option', `${fn}: options must be an object.`);
  }
  for (const key in options) {
    if (allowed.has(key)) continue;
    const suggestion = allowed.has(camel(key)) ? ` Did you mean '${camel(key)}'?` : '';
    throw new SocketeerError(
      'invalid_option',
      `${fn}: unknown option '${key}'.${suggestion} Allowed: ${[...allowed].join(', ')}.`,
    );
  }
}
