import type { RequestContext } from './context.js';

/**
 * Runs before a handler: `await next()` runs the rest of the chain (validation, then the
 * handler) and resolves with the handler's result. Throwing stops the event and goes through
 * the namespace's error handler like a handler's own error; not calling `next` stops it quietly.
 * The acknowledgement is always the handler's own result.
 * @example
 * ```ts
 * const requireLogin: Middleware = (ctx, next) => {
 *   if (!ctx.session.user) throw new SocketeerError('unauthorized', 'Log in first.');
 *   return next();
 * };
 * ```
 */
export type Middleware = (ctx: RequestContext, next: () => Promise<unknown>) => unknown;

/** Runs `middleware` around `last` and resolves with what `last` returned. @internal */
export async function compose(
  middleware: readonly Middleware[],
  ctx: RequestContext,
  last: () => unknown,
): Promise<unknown> {
  let result: unknown;
  const step = async (i: number): Promise<unknown> => {
    if (i === middleware.length) return (result = await last());
    let called = false;
    await middleware[i]!(ctx, () => {
      const rest = called ? Promise.reject(new Error('next() was called twice by one middleware.')) : step(i + 1);
      called = true;
      // A middleware that calls next() without awaiting it must not end the process when the
      // rest of the chain fails: the rejection is marked handled; an awaiting one still gets it.
      rest.catch(() => {});
      return rest;
    });
    return result;
  };
  await step(0);
  return result;
}
