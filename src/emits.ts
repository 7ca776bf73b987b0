/**
 * What a controller sends to its clients, declared with schemas: the server-to-client half of
 * the contract. `emits({...})` makes the declaration and a typed `emit`; `@Emits(...)` puts it
 * on a controller, where the AsyncAPI document, `socketeer routes` and `validateEmits` find it.
 */
import 'reflect-metadata';
import type { EmitOptions } from './emission.js';
import { emit as untypedEmit } from './helpers.js';
import type { NamespaceTable } from './namespace-table.js';
import type { Tuple } from './tuple.js';
import type { StandardSchema } from './validation.js';

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

/** Adds a controller's declared emits to its namespace's table. @internal */
export function addEmits(table: NamespaceTable, cls: Function): void {
  table.addEmits(cls.name, Object.entries(emitsOfClass(cls)));
}
