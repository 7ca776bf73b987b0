import { checkEmitSchemas, recordEmits, type EmitSchemas } from '../src/registry.js';
import type { ClassDecorator } from './types.js';

/** What `@Emits` takes: the result of `emits({...})` (an object with its `schemas`), or the schemas. */
type DeclaredEmits = { readonly schemas: EmitSchemas } | EmitSchemas;

/**
 * Declares what the controller sends to its clients: the result of `emits({...})`, or the
 * schemas themselves. The AsyncAPI document and `socketeer routes` list them, and
 * `createApp({ validateEmits: true })` checks every emit of the namespace against them.
 * @example
 * ```ts
 * @Emits(ChatEmits)
 * @Namespace('/chat') class ChatController { ... }
 * ```
 */
export function Emits(declaration: DeclaredEmits): ClassDecorator {
  const schemas = isContract(declaration) ? declaration.schemas : declaration;
  checkEmitSchemas(schemas, '@Emits()');
  return ((target: Function) => {
    recordEmits(target, schemas);
  }) as ClassDecorator;
}

function isContract(value: DeclaredEmits): value is { schemas: EmitSchemas; emit: Function } {
  return (
    typeof (value as { schemas?: unknown; emit?: unknown }).emit === 'function' &&
    typeof (value as { schemas?: unknown; emit?: unknown }).schemas === 'object'
  );
}
