import { checkEventName, type Infer, recordMethod, type Schema } from '../src/registry.js';
import type { MethodDecorator } from './types.js';

/** The handler shape a schema allows: a tuple schema spreads into the parameters. */
export type HandlerFor<S extends Schema> =
  Infer<S> extends readonly unknown[]
    ? number extends Infer<S>['length']
      ? (data: Infer<S>) => unknown
      : (...args: Extract<Infer<S>, readonly unknown[]>) => unknown
    : (data: Infer<S>) => unknown;

/**
 * Handles one event of the controller's namespace. With a schema (zod, or any Standard Schema)
 * the payload is validated first and the method receives the parsed value; an invalid payload
 * never reaches it. The method's return value (awaited) is the acknowledgement.
 * @example
 * ```ts
 * @On('join', z.object({ room: z.string() }))
 * join({ room }: { room: string }) { joinRoom(room); return 'joined'; }
 * ```
 */
export function On(event: string): MethodDecorator;
export function On<S extends Schema>(event: string, schema: S): MethodDecorator<HandlerFor<S>>;
export function On(event: string, schema?: Schema): MethodDecorator {
  checkEventName(event, '@On(event)');
  return ((target: unknown, key: unknown) => {
    recordMethod(target, key, 'On', (rec) => {
      (rec.handlerDecorators ??= []).push(`@On('${event}')`);
      rec.kind = 'event';
      rec.event = event;
      if (schema !== undefined) rec.schema = schema;
    });
  }) as MethodDecorator;
}
