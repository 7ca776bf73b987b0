import { checkFunction, isStandardContext, type Middleware, recordClassExtras, recordMethod } from '../src/registry.js';

/**
 * Runs middleware `(ctx, next)` before the handlers of a class, or before one method.
 * Class middleware runs before method middleware; both run before validation.
 * @example
 * ```ts
 * @Use(requireLogin)
 * @Namespace('/admin') class AdminController { ... }
 * ```
 */
export function Use(...middleware: Middleware[]) {
  for (const fn of middleware) checkFunction(fn, '@Use() takes middleware functions (ctx, next) => unknown.');
  return (target: unknown, keyOrContext?: unknown, _descriptor?: unknown): void => {
    const isClass =
      (isStandardContext(keyOrContext) && keyOrContext.kind === 'class') ||
      (keyOrContext === undefined && typeof target === 'function');
    if (isClass) {
      recordClassExtras(target as Function, (extras) => {
        extras.middleware.unshift(...middleware);
      });
      return;
    }
    recordMethod(target, keyOrContext, 'Use', (rec) => {
      rec.middleware = [...middleware, ...(rec.middleware ?? [])];
    });
  };
}
