import { isStandardContext, recordClassExtras, recordMethod, type HandlerOptions } from '../src/registry.js';

/**
 * A decorator that sets per-handler options, on a method (that handler) or on a class (all its
 * handlers; a method's own setting wins). Shared by @RateLimit and @Timeout.
 * @internal
 */
export function handlerOption(name: string, options: HandlerOptions) {
  return (target: unknown, keyOrContext?: unknown, _descriptor?: unknown): void => {
    const isClass =
      (isStandardContext(keyOrContext) && keyOrContext.kind === 'class') ||
      (keyOrContext === undefined && typeof target === 'function');
    if (isClass) {
      recordClassExtras(target as Function, (extras) => {
        Object.assign(extras.options, options);
      });
      return;
    }
    recordMethod(target, keyOrContext, name, (rec) => {
      rec.options = { ...rec.options, ...options };
    });
  };
}
