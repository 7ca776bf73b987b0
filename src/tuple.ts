/**
 * Several values where one is expected: Python's tuple in Flask-SocketIO. Return it from a
 * handler to acknowledge with several arguments, or pass it as `emit`'s data to send several.
 * @example
 * ```ts
 * @On('my_event') handle() { return tuple('one', 2); }   // client ack: ('one', 2)
 * emit('my response', tuple('foo', 'bar', data));          // client handler: (foo, bar, data)
 * ```
 */
export class Tuple<T extends readonly unknown[] = readonly unknown[]> {
  readonly values: T;
  constructor(values: T) {
    this.values = Object.freeze(values);
  }
}

/** The element types are kept, so a typed client sees each ack argument's type. */
export function tuple<T extends unknown[]>(...values: T): Tuple<T> {
  return new Tuple(values);
}

/** The argument list for one payload: a tuple spreads, undefined sends nothing. @internal */
export function toArgs(data: unknown): unknown[] {
  if (data === undefined) return [];
  if (data instanceof Tuple) return [...data.values];
  return [data];
}
