/**
 * Option checking, one pattern for every function that takes options: the accepted keys are
 * listed once per options interface (`keysOf`), unknown keys are refused (`checkOptions`), and
 * each value check is a `check*` function that names the caller and throws a coded error.
 * Internal module: not exported from the package entry points.
 */
import { SocketeerError } from './errors.js';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The keys of an options interface, written once as `{ key: true, ... }`. The compiler checks
 * the list against the interface both ways, so the two cannot drift.
 * @example
 * ```ts
 * const CLOSE_OPTIONS = keysOf<CloseOptions>({ deadline: true });
 * ```
 */
export function keysOf<T>(keys: { [K in keyof Required<T>]: true }): ReadonlySet<string> {
  return new Set(Object.keys(keys));
}

/**
 * Throws `invalid_option` for keys a function does not take: a misspelt option must not be
 * silently ignored (Flask-SocketIO's `room=` vs `rooms=` trap). Suggests the camelCase name
 * for Python-style spellings.
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

/** Throws `invalid_option` unless `value` is a number of milliseconds >= 0 (0: none). */
export function checkMilliseconds(value: unknown, where: string): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new SocketeerError('invalid_option', `${where} takes a number of milliseconds >= 0 (0: none).`);
  }
}

/** Throws `invalid_option` with `message` unless `value` is a function. */
export function checkFunction(value: unknown, message: string): asserts value is Function {
  if (typeof value !== 'function') throw new SocketeerError('invalid_option', message);
}

/** Throws `invalid_option` unless `options` is `{ points, duration }` with positive numbers. */
export function checkRateLimit(
  options: unknown,
  where: string,
): asserts options is { points: number; duration: number } {
  const o = options as { points?: unknown; duration?: unknown } | undefined;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    Number.isInteger(o.points) &&
    (o.points as number) > 0 &&
    typeof o.duration === 'number' &&
    Number.isFinite(o.duration) &&
    o.duration > 0 &&
    Object.keys(o).every((k) => k === 'points' || k === 'duration');
  if (!ok) {
    throw new SocketeerError(
      'invalid_option',
      `${where}: rate limits take { points, duration }: a positive whole number of events per duration in ms.`,
    );
  }
}
