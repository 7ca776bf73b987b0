import type { Middleware } from './middleware.js';
import type { ConnectGuard, HandlerOptions } from './registry.js';
import { compileValidator, isTupleSchema, type Schema, type Validator } from './validation.js';
import { SocketeerError } from './errors.js';

/** One event a namespace declares it sends (`@Emits`): its schema, and who declared it. */
export interface DeclaredEmit {
  schema: Schema;
  /** The class whose @Emits() declared it. */
  declaredBy: string;
}

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
  /** What the namespace's controllers declare they send (@Emits); undefined when none declares. */
  emits: Map<string, DeclaredEmit> | undefined;

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

  /**
   * Adds a controller's declared emits. Two controllers of one namespace may declare the same
   * event only with the same schema.
   */
  addEmits(declaredBy: string, declared: readonly (readonly [string, Schema])[]): void {
    if (declared.length === 0) return;
    this.emits ??= new Map();
    for (const [event, schema] of declared) {
      const existing = this.emits.get(event);
      if (existing && existing.schema !== schema) {
        throw new SocketeerError(
          'invalid_controller',
          `${existing.declaredBy} and ${declaredBy} both declare '${event}' in @Emits() for namespace ${this.label}, with different schemas. Share one schema.`,
        );
      }
      if (!existing) this.emits.set(event, { schema, declaredBy });
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
