/**
 * Reads what the decorators recorded and fills the namespace tables: the one place where
 * controllers meet the runtime. Every mistake it can see is a boot error naming the class
 * and method.
 * Internal module: not exported from the package entry points.
 */
import { SocketeerError } from './errors.js';
import { boundHandler, NamespaceTable, type BoundHandler } from './namespace-table.js';
import {
  type ControllerRecord,
  decoratedMethods,
  type HandlerKind,
  orphanMethods,
  overDecoratedMethods,
  readController,
} from './registry.js';

/**
 * Builds controller instances: anything with `get(Class)` (InversifyJS, typedi), or with
 * `resolve(Class)` (tsyringe's container, passed as it is). See docs/operations.md.
 */
/** A controller class as a container sees it: its constructor may take anything. */
// biome-ignore lint/suspicious/noExplicitAny: the container calls the constructor with whatever the class takes
type Constructor<T> = new (...args: any[]) => T;

export type Container = { get<T>(cls: Constructor<T>): T } | { resolve<T>(cls: Constructor<T>): T };

export type Controller = new () => object;

/** The tables, keyed by namespace name (or RegExp source for dynamic ones). */
export class Tables {
  readonly byKey = new Map<string, NamespaceTable>();
  /** Called when a namespace gets its first table, so the app can attach it to socket.io. */
  constructor(private readonly onNew: (table: NamespaceTable) => void) {}

  for(namespace: string | RegExp): NamespaceTable {
    const key = typeof namespace === 'string' ? namespace : `regexp:${namespace.toString()}`;
    let table = this.byKey.get(key);
    if (!table) {
      table = new NamespaceTable(namespace);
      this.byKey.set(key, table);
      this.onNew(table);
    }
    return table;
  }
}

/** Binds one controller class. */
export function bindController(cls: unknown, tables: Tables, container: Container | undefined): void {
  const record = checkedRecord(cls);
  const instance = construct(cls as Controller, container) as Record<string | symbol, unknown>;
  const table = tables.for(record.namespace);
  for (const h of record.handlers) {
    const label = `${(cls as Function).name}.${String(h.method)}`;
    const method = instance[h.method];
    if (typeof method !== 'function') {
      throw new SocketeerError(
        'invalid_controller',
        `${label} is not a method of the instance the container returned.`,
      );
    }
    const bound = boundHandler(
      label,
      method.bind(instance) as BoundHandler['fn'],
      h.schema,
      [...record.middleware, ...h.middleware],
      { ...record.options, ...h.options },
    );
    addHandler(table, h.kind, h.event, bound);
  }
}

/** The controller's record, once every mistake the registry can show is ruled out. */
function checkedRecord(cls: unknown): ControllerRecord {
  if (typeof cls !== 'function') {
    throw new SocketeerError(
      'invalid_controller',
      `createApp: a controller must be a class decorated with @Namespace(), got ${describe(cls)}.`,
    );
  }
  const record = readController(cls);
  if (!record) {
    const name = cls.name || 'an anonymous class';
    const methods = decoratedMethods(cls).map((m) => `${name}.${String(m)}`);
    const hint =
      methods.length > 0
        ? `has handler decorators (${methods.join(', ')}) but no @Namespace()`
        : 'is not decorated with @Namespace()';
    throw new SocketeerError(
      'missing_namespace',
      `${name} ${hint}. Add @Namespace('/') (or another path) to the class.`,
    );
  }
  const orphans = orphanMethods(cls);
  if (orphans.length > 0) {
    throw new SocketeerError(
      'invalid_controller',
      `${cls.name}.${String(orphans[0])} has @Use() but no @On/@OnConnect/@OnDisconnect/@OnError/@OnAny, so it would never run.`,
    );
  }
  const [twice] = overDecoratedMethods(cls);
  if (twice) {
    throw new SocketeerError(
      'invalid_controller',
      `${cls.name}.${String(twice.method)} has several handler decorators (${twice.decorators.join(', ')}); only one would run. Use one per method.`,
    );
  }
  return record;
}

function addHandler(table: NamespaceTable, kind: HandlerKind, event: string | undefined, bound: BoundHandler): void {
  switch (kind) {
    case 'event':
      table.addEvent(event!, bound);
      break;
    case 'connect':
      table.connect.push(bound);
      break;
    case 'disconnect':
      table.disconnect.push(bound);
      break;
    case 'any':
    case 'error':
      table.setSingle(kind, bound);
      break;
  }
}

/**
 * Makes the controller: with `new` when its constructor takes nothing, else through the
 * container. A constructor that needs arguments and gets none would leave its services
 * undefined until the first event failed, so that is a boot error.
 */
function construct(cls: Controller, container: Container | undefined): unknown {
  if (container === undefined) {
    if (cls.length > 0) {
      throw new SocketeerError(
        'missing_container',
        `${cls.name}'s constructor takes ${cls.length} argument${cls.length === 1 ? '' : 's'} and createApp has no container to supply ` +
          'them. Pass createApp({ container }) (tsyringe, InversifyJS, typedi: see docs/operations.md), or give the parameters defaults.',
      );
    }
    return new cls();
  }
  let instance: unknown;
  try {
    instance =
      'get' in container && typeof container.get === 'function'
        ? container.get(cls)
        : (container as { resolve(c: Controller): unknown }).resolve(cls);
  } catch (err) {
    throw new SocketeerError(
      'container_failed',
      `The container could not build ${cls.name}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  if (typeof instance !== 'object' || instance === null) {
    throw new SocketeerError(
      'container_failed',
      `The container returned ${instance === null ? 'null' : typeof instance} for ${cls.name}, not an instance.`,
    );
  }
  return instance;
}

/** Throws `invalid_option` unless `container` has `get` or `resolve`. */
export function checkContainer(container: unknown): void {
  const c = container as Record<string, unknown> | null;
  if (container === undefined) return;
  if (
    (typeof c !== 'object' && typeof c !== 'function') ||
    c === null ||
    (typeof c.get !== 'function' && typeof c.resolve !== 'function')
  ) {
    throw new SocketeerError(
      'invalid_option',
      'createApp: container must have get(Class) (InversifyJS, typedi) or resolve(Class) (tsyringe).',
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return `the string '${value}' (globs are allowed, but this one was passed where a class was expected)`;
  return value === null ? 'null' : typeof value;
}
