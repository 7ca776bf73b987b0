/**
 * What a controller sends to its clients, declared with schemas: the server-to-client half of
 * the contract. `emits({...})` makes the declaration and a typed `emit`; `@Emits(...)` puts it
 * on a controller, where the AsyncAPI document, `socketeer routes` and `validateEmits` find it.
 */
import 'reflect-metadata';
import type { EmitOptions } from './emission.js';
import { SocketeerError } from './errors.js';
import { emit as untypedEmit } from './helpers.js';
import type { NamespaceTable } from './namespace-table.js';
import type { Tuple } from './tuple.js';
import type { Schema, StandardSchema } from './validation.js';

/** Event name -> the schema of what is sent with it. */
export type { EmitSchemas } from './registry.js';
import { checkEmitSchemas, emitsOfClass, type EmitSchemas } from './registry.js';

/** What a schema accepts (zod's `z.input`): what the server passes and the client receives. */
export type SchemaInput<S> = S extends StandardSchema<infer I, any> ? I : never;

type FixedTuple<T> = T extends readonly unknown[] ? (number extends T['length'] ? false : true) : false;

/** The `data` argument of a typed emit: a fixed-length tuple schema takes `tuple(...)`, as the untyped emit does. */
export type EmitData<S> =
  FixedTuple<SchemaInput<S>> extends true ? Tuple<SchemaInput<S> & readonly unknown[]> : SchemaInput<S>;

/** A client's listener for one declared event: a tuple schema arrives as several arguments. */
export type ListenerFor<S> =
  FixedTuple<SchemaInput<S>> extends true
    ? (...args: SchemaInput<S> & readonly unknown[]) => void
    : (data: SchemaInput<S>) => void;

type EmitArgs<S> =
  undefined extends EmitData<S>
    ? [data?: EmitData<S>, options?: EmitOptions]
    : [data: EmitData<S>, options?: EmitOptions];

/**
 * The declaration `emits()` returns: the schemas, and an `emit` typed against them. The typed
 * `emit` is the context helper `emit()` (same options, same "only in a handler" rule) with the
 * event name and payload checked at compile time.
 */
export interface EmitContract<S extends EmitSchemas = EmitSchemas> {
  readonly schemas: S;
  emit<E extends keyof S & string>(event: E, ...args: EmitArgs<S[E]>): void;
}

/**
 * Declares what a controller emits. Pass the result to `@Emits()` on the controller, and use
 * its `emit` in the handlers for compile-time checks of event names and payloads.
 * @example
 * ```ts
 * export const ChatEmits = emits({ user_list: z.object({ users: z.array(z.string()) }) });
 * @Emits(ChatEmits) @Namespace('/chat') class ChatController {
 *   @On('who') who() { ChatEmits.emit('user_list', { users: ['ada'] }); }
 * }
 * ```
 */
export function emits<const S extends EmitSchemas>(schemas: S): EmitContract<S> {
  checkEmitSchemas(schemas, 'emits()');
  return {
    schemas: Object.freeze({ ...schemas }),
    emit(event, data?: unknown, options?: EmitOptions) {
      untypedEmit(event, data, options);
    },
  };
}

/** One declared event of a namespace. */
export interface DeclaredEmit {
  schema: Schema;
  /** The class whose @Emits() declared it. */
  declaredBy: string;
}

const tableEmits = new WeakMap<NamespaceTable, Map<string, DeclaredEmit>>();

/**
 * Adds a controller's declared emits to its namespace. Two controllers of one namespace may
 * declare the same event only with the same schema. @internal
 */
export function addEmits(table: NamespaceTable, cls: Function): void {
  const declared = Object.entries(emitsOfClass(cls));
  if (declared.length === 0) return;
  let map = tableEmits.get(table);
  if (!map) tableEmits.set(table, (map = new Map()));
  for (const [event, schema] of declared) {
    const existing = map.get(event);
    if (existing && existing.schema !== schema) {
      throw new SocketeerError(
        'invalid_controller',
        `${existing.declaredBy} and ${cls.name} both declare '${event}' in @Emits() for namespace ${table.label}, with different schemas. Share one schema.`,
      );
    }
    if (!existing) map.set(event, { schema, declaredBy: cls.name });
  }
}

/** A namespace's declared emits, if any. @internal */
export function emitsOfTable(table: NamespaceTable): ReadonlyMap<string, DeclaredEmit> | undefined {
  return tableEmits.get(table);
}
