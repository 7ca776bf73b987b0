import type { Middleware } from './middleware.js';
import type { ConnectGuard, HandlerOptions } from './registry.js';
import { compileValidator, isTupleSchema, type Schema, type Validator } from './validation.js';
import { SocketeerError } from './errors.js';

/** One handler ready to run: the bound function and what runs around it. */
export interface BoundHandler {
  /** `Class.method` or `app.on('event')`, for error messages and logs. */
  label: string;
  fn: (...args: unknown[]) => unknown;
  /** The payload's validator, compiled from the schema at bind time. */
  validate: Validator | undefined;
  /** The schema validates the whole argument list (a zod tuple). */
  spread: boolean;
  /** The payload schema, kept for the routes listing and the AsyncAPI document. */
  schema: Schema | undefined;
  middleware: Middleware[];
  options: HandlerOptions;
}

/** Builds a BoundHandler, compiling its schema once. @internal */
export function boundHandler(
  label: string,
  fn: (...args: unknown[]) => unknown,
  schema?: Schema,
  middleware: Middleware[] = [],
  options: HandlerOptions = {},
): BoundHandler {
  return {
    label,
    fn,
    validate: schema === undefined ? undefined : compileValidator(schema),
    spread: schema !== undefined && isTupleSchema(schema),
    schema,
    middleware,
    options,
  };
}

/** Events socket.io reserves; they cannot be handled with @On. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/**
 * Everything bound to one namespace (a name, or a RegExp for dynamic namespaces). Several
 * controllers may share a namespace; two handlers for one event may not.
 */
export class NamespaceTable {
  readonly events = new Map<string, BoundHandler>();
  readonly connect: BoundHandler[] = [];
  readonly disconnect: BoundHandler[] = [];
  any: BoundHandler | undefined;
  error: BoundHandler | undefined;
  /** Who may connect (@Guard, app.guard), run before the connect handlers; undefined when nobody guards. */
  guards: ConnectGuard[] | undefined;

  constructor(readonly namespace: string | RegExp) {}

  get label(): string {
    return String(this.namespace);
  }

  addEvent(event: string, handler: BoundHandler): void {
    if (RESERVED_EVENTS.has(event)) {
      throw new SocketeerError(
        'reserved_event',
        `${handler.label}: '${event}' is reserved by socket.io and cannot be handled with @On/app.on; ` +
          (event === 'connect' || event === 'disconnect'
            ? `use @On${event === 'connect' ? 'Connect' : 'Disconnect'}() instead.`
            : 'pick another event name.'),
      );
    }
    const existing = this.events.get(event);
    if (existing) {
      throw new SocketeerError(
        'duplicate_handler',
        `Two handlers for event '${event}' in namespace ${this.label}: ${existing.label} and ${handler.label}. Keep one.`,
      );
    }
    this.events.set(event, handler);
  }

  /** Adds guards, each once, in order. */
  addGuards(guards: readonly ConnectGuard[]): void {
    if (this.guards) {
      for (const g of guards) if (!this.guards.includes(g)) this.guards.push(g);
    } else if (guards.length > 0) {
      this.guards = [...new Set(guards)];
    }
  }

  setSingle(kind: 'any' | 'error', handler: BoundHandler): void {
    const existing = this[kind];
    if (existing) {
      const what = kind === 'any' ? 'catch-all (@OnAny)' : 'error (@OnError)';
      throw new SocketeerError(
        'duplicate_handler',
        `Two ${what} handlers in namespace ${this.label}: ${existing.label} and ${handler.label}. Keep one.`,
      );
    }
    this[kind] = handler;
  }
}
