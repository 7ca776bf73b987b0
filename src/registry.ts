/**
 * The one place decorator metadata lives. Decorators write here; the binder reads.
 *
 * Two decorator modes are supported:
 * - TypeScript `experimentalDecorators`: records are kept with reflect-metadata on the
 *   class prototype (method records) and on the class (namespace record).
 * - Standard (TC39) decorators: method decorators only see `context.metadata`, which the
 *   runtime attaches to the class as `Class[Symbol.metadata]`. Node 20 has no
 *   `Symbol.metadata`, so we install the well-known symbol that esbuild also uses.
 * Nothing here depends on `emitDecoratorMetadata`.
 *
 * It is also the decorators' one way into the runtime: the checks and types they use are
 * exported from here, and every mistake a decorator can see is a coded `SocketeerError`.
 * Internal module: not exported from the package entry points.
 */
import 'reflect-metadata';
import type { RequestContext } from './context.js';
import { SocketeerError } from './errors.js';
import type { Middleware } from './middleware.js';
import { isSchema, type Infer, type Schema } from './validation.js';

export { checkFunction, checkMilliseconds, checkRateLimit } from './options.js';
export { SocketeerError };
export type { Infer, Middleware, Schema };

(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

export type HandlerKind = 'event' | 'connect' | 'disconnect' | 'error' | 'any';

export interface HandlerRecord {
  kind: HandlerKind;
  /** The event name, for `kind: 'event'`. */
  event?: string;
  method: string | symbol;
  schema?: Schema;
  middleware: Middleware[];
  /** Per-handler options (deadline, rate limit) recorded by other decorators. */
  options: HandlerOptions;
}

export interface HandlerOptions {
  timeout?: number;
  rateLimit?: RateLimitOptions;
}

export interface RateLimitOptions {
  /** Events allowed per window. */
  points: number;
  /** Window length in milliseconds. */
  duration: number;
}

export interface ControllerRecord {
  namespace: string | RegExp;
  middleware: Middleware[];
  options: HandlerOptions;
  handlers: HandlerRecord[];
}

/**
 * Runs before a client counts as connected to a namespace (before `@OnConnect`). Return
 * `true` to let it in; anything else refuses with `unauthorized`. Throw
 * `SocketeerError(code, message)` or `ConnectionRefusedError` to choose what the client's
 * `connect_error` says. `ctx.auth`, `ctx.headers`, `ctx.cookies` and `ctx.session` are there
 * (what a guard stores in the session stays for the connection's events).
 * @example
 * ```ts
 * const loggedIn: ConnectGuard = (ctx) => {
 *   const user = users.byToken(ctx.auth.token);
 *   if (user) ctx.session.user = user;
 *   return user !== undefined;
 * };
 * ```
 */
export type ConnectGuard = (ctx: RequestContext) => boolean | Promise<boolean>;

const METHODS = Symbol.for('socketeer:methods');
const GUARDS = Symbol.for('socketeer:guards');
const CONTROLLER = Symbol.for('socketeer:controller');
const CLASS_EXTRAS = Symbol.for('socketeer:class-extras');

type MetadataBag = Record<PropertyKey, unknown>;

/** Standard decorators hand us a context; legacy ones a property key. */
export interface StandardMethodContext {
  kind: string;
  name: string | symbol;
  metadata?: MetadataBag;
}

export function isStandardContext(value: unknown): value is StandardMethodContext {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Per-method partial records, merged by method name (so @Use and @On may stack in any order). */
type MethodRecords = Map<string | symbol, PartialRecord>;

/** What decorators have recorded so far for one method. */
type PartialRecord = Partial<HandlerRecord> & {
  middleware?: Middleware[];
  options?: HandlerOptions;
  /** Every handler decorator applied (`@On('a')`, `@OnConnect()`): more than one is a boot error. */
  handlerDecorators?: string[];
};

function ownMethodsLegacy(prototype: object): MethodRecords {
  let map = Reflect.getOwnMetadata(METHODS, prototype) as MethodRecords | undefined;
  if (!map) {
    map = new Map();
    Reflect.defineMetadata(METHODS, map, prototype);
  }
  return map;
}

function ownMethodsStandard(metadata: MetadataBag): MethodRecords {
  if (!Object.hasOwn(metadata, METHODS)) metadata[METHODS] = new Map();
  return metadata[METHODS] as MethodRecords;
}

/** Merges `patch` into the record for one method, in whichever mode the decorator runs. */
export function recordMethod(
  targetOrValue: unknown,
  keyOrContext: unknown,
  decoratorName: string,
  patch: (current: PartialRecord) => void,
): void {
  let map: MethodRecords;
  let method: string | symbol;
  if (isStandardContext(keyOrContext)) {
    if (keyOrContext.kind !== 'method' || !keyOrContext.metadata) {
      throw new SocketeerError(
        'invalid_decorator_target',
        `@${decoratorName}() can only decorate a class method (got a ${keyOrContext.kind}).`,
      );
    }
    map = ownMethodsStandard(keyOrContext.metadata);
    method = keyOrContext.name;
  } else if (typeof keyOrContext === 'string' || typeof keyOrContext === 'symbol') {
    if (typeof targetOrValue === 'function') {
      throw new SocketeerError(
        'invalid_decorator_target',
        `@${decoratorName}() cannot decorate the static method ${String(keyOrContext)}.`,
      );
    }
    map = ownMethodsLegacy(targetOrValue as object);
    method = keyOrContext;
  } else {
    throw new SocketeerError('invalid_decorator_target', `@${decoratorName}() can only decorate a class method.`);
  }
  let current = map.get(method);
  if (!current) {
    current = { method };
    map.set(method, current);
  }
  patch(current);
}

/** Class-level records: the namespace (@Namespace) and class-wide extras (@Use, options). */
export function recordController(cls: Function, namespace: string | RegExp): void {
  Reflect.defineMetadata(CONTROLLER, namespace, cls);
}

/** Throws `invalid_namespace` unless `path` is a RegExp or starts with '/'. */
export function checkNamespacePath(path: unknown): asserts path is string | RegExp {
  if (path instanceof RegExp) return;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new SocketeerError(
      'invalid_namespace',
      `@Namespace('${String(path)}'): a namespace path starts with '/', e.g. '/${String(path)}'.`,
    );
  }
}

/** Throws `invalid_event` unless `event` can name an event. */
export function checkEventName(event: unknown, where: string): asserts event is string {
  if (typeof event !== 'string' || event.length === 0) {
    throw new SocketeerError('invalid_event', `${where} needs a non-empty event name.`);
  }
}

/** Records class guards (@Guard), before any the class already has. */
export function recordGuards(cls: Function, guards: readonly ConnectGuard[]): void {
  const own = (Reflect.getOwnMetadata(GUARDS, cls) as ConnectGuard[] | undefined) ?? [];
  Reflect.defineMetadata(GUARDS, [...guards, ...own], cls);
}

/** A class's guards, its ancestors' first. */
export function classGuards(cls: Function): ConnectGuard[] {
  const out: ConnectGuard[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const own = Reflect.getOwnMetadata(GUARDS, c) as ConnectGuard[] | undefined;
    if (own) out.unshift(...own);
  }
  return out;
}

export function recordClassExtras(
  cls: Function,
  patch: (extras: { middleware: Middleware[]; options: HandlerOptions }) => void,
): void {
  let extras = Reflect.getOwnMetadata(CLASS_EXTRAS, cls) as
    | { middleware: Middleware[]; options: HandlerOptions }
    | undefined;
  if (!extras) {
    extras = { middleware: [], options: {} };
    Reflect.defineMetadata(CLASS_EXTRAS, extras, cls);
  }
  patch(extras);
}

/** The method records of one class and its ancestors, the subclass's own winning. */
function methodRecordsOf(cls: Function): Map<string | symbol, PartialRecord> {
  const merged = new Map<string | symbol, PartialRecord>();
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const ctor = c as Function & { [key: symbol]: MetadataBag | undefined };
    const sources: (MethodRecords | undefined)[] = [
      ctor.prototype ? (Reflect.getOwnMetadata(METHODS, ctor.prototype) as MethodRecords | undefined) : undefined,
    ];
    const meta = Object.hasOwn(ctor, Symbol.metadata) ? ctor[Symbol.metadata] : undefined;
    if (meta && Object.hasOwn(meta, METHODS)) sources.push(meta[METHODS] as MethodRecords);
    for (const source of sources) {
      if (!source) continue;
      for (const [name, rec] of source) if (!merged.has(name)) merged.set(name, rec);
    }
  }
  return merged;
}

/** True when the class carries any Socketeer method decorator. */
export function hasHandlerMetadata(cls: Function): boolean {
  return methodRecordsOf(cls).size > 0;
}

/** The names of the methods that carry Socketeer decorators, for boot error messages. */
export function decoratedMethods(cls: Function): (string | symbol)[] {
  return [...methodRecordsOf(cls).keys()];
}

/** Reads what the decorators recorded for `cls`, or undefined when it has no @Namespace. */
export function readController(cls: Function): ControllerRecord | undefined {
  const namespace = Reflect.getMetadata(CONTROLLER, cls) as string | RegExp | undefined;
  if (namespace === undefined) return undefined;
  const extras = Reflect.getMetadata(CLASS_EXTRAS, cls) as
    | { middleware: Middleware[]; options: HandlerOptions }
    | undefined;
  const handlers: HandlerRecord[] = [];
  for (const rec of methodRecordsOf(cls).values()) {
    handlers.push({
      kind: rec.kind ?? 'event',
      method: rec.method!,
      middleware: rec.middleware ?? [],
      options: rec.options ?? {},
      ...(rec.event !== undefined && { event: rec.event }),
      ...(rec.schema !== undefined && { schema: rec.schema }),
    });
  }
  return { namespace, middleware: extras?.middleware ?? [], options: extras?.options ?? {}, handlers };
}

/** Methods with two handler decorators (one would silently replace the other): worth a boot error. */
export function overDecoratedMethods(cls: Function): { method: string | symbol; decorators: string[] }[] {
  const out: { method: string | symbol; decorators: string[] }[] = [];
  for (const rec of methodRecordsOf(cls).values() as Iterable<PartialRecord>) {
    if ((rec.handlerDecorators?.length ?? 0) > 1)
      out.push({ method: rec.method!, decorators: [...rec.handlerDecorators!].reverse() });
  }
  return out;
}

/** Methods that carry only @Use/@Timeout-style extras, with no @On*: worth a boot error. */
export function orphanMethods(cls: Function): (string | symbol)[] {
  return [...methodRecordsOf(cls).values()].filter((r) => r.kind === undefined).map((r) => r.method!);
}

/** Event name -> schema: what a controller declares it emits (`@Emits`). */
export type EmitSchemas = Record<string, Schema>;

/** Throws `invalid_option` unless `schemas` maps event names to schemas. */
export function checkEmitSchemas(schemas: unknown, where: string): asserts schemas is EmitSchemas {
  if (typeof schemas !== 'object' || schemas === null)
    throw new SocketeerError('invalid_option', `${where} takes an object of event name -> schema.`);
  for (const [event, schema] of Object.entries(schemas)) {
    if (!isSchema(schema))
      throw new SocketeerError('invalid_option', `${where}: the schema of '${event}' is not a zod or Standard Schema.`);
  }
}

const EMITS = Symbol.for('socketeer:emits');

/** Records a class's declared emits (the @Emits decorator). @internal */
export function recordEmits(cls: Function, schemas: EmitSchemas): void {
  const own = (Reflect.getOwnMetadata(EMITS, cls) as EmitSchemas | undefined) ?? {};
  Reflect.defineMetadata(EMITS, { ...own, ...schemas }, cls);
}

/** What a class and its ancestors declared it emits, the subclass's own winning. @internal */
export function emitsOfClass(cls: Function): EmitSchemas {
  let out: EmitSchemas = {};
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const own = Reflect.getOwnMetadata(EMITS, c) as EmitSchemas | undefined;
    if (own) out = { ...own, ...out };
  }
  return out;
}
