import { checkFunction, type ConnectGuard, recordGuards } from '../src/registry.js';
import type { ClassDecorator } from './types.js';

/**
 * Guards the controller's namespace: each function runs before a client counts as connected
 * (before `@OnConnect`) and must return `true` (or a promise of it) to let the client in.
 * Anything else refuses: the client's `connect_error` has `data: { code: 'unauthorized', message }`,
 * or the code and message of the `SocketeerError` the guard threw.
 * @example
 * ```ts
 * @Guard((ctx) => tokens.has(ctx.auth.token))
 * @Namespace('/admin') class AdminController { ... }
 * ```
 */
export function Guard(...guards: ConnectGuard[]): ClassDecorator {
  for (const g of guards) checkFunction(g, '@Guard(): a guard is a function (ctx) => boolean | Promise<boolean>.');
  return ((target: Function) => {
    recordGuards(target, guards);
  }) as ClassDecorator;
}
