import { checkEmitSchemas, recordEmits, type EmitContract, type EmitSchemas } from '../src/emits.js';
import type { ClassDecorator } from './types.js';

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
export function Emits(declaration: EmitContract | EmitSchemas): ClassDecorator {
  const schemas = isContract(declaration) ? declaration.schemas : declaration;
  checkEmitSchemas(schemas, '@Emits()');
  return ((target: Function) => {
    recordEmits(target, schemas);
  }) as ClassDecorator;
}

function isContract(value: EmitContract | EmitSchemas): value is EmitContract {
  return typeof (value as EmitContract).emit === 'function' && typeof (value as EmitContract).schemas === 'object';
}
