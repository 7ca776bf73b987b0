/**
 * The app-wide settings every namespace's dispatch reads, and the way into a handler's context.
 * Internal module: not exported from the package entry points.
 */
import {
  type ContextRunner,
  type EventRunner,
  runInContextWith,
  runSyncEventStep,
  runSyncInContextWith,
} from '../context.js';
import type { Logger } from '../logger.js';
import type { Middleware } from '../middleware.js';
import type { BoundHandler } from '../namespace-table.js';
import type { Hooks } from '../operations/hooks.js';
import type { RateLimitOptions } from '../registry.js';

/** App-wide settings the dispatcher reads on each event. */
export interface Runtime {
  logger: Logger | undefined;
  errorDefault: BoundHandler | undefined;
  middleware: Middleware[];
  /** Default handler deadline in ms; 0 means none. */
  timeout: number;
  /** Per-connection limit on every event of a namespace (createApp `rateLimit`). */
  rateLimit: RateLimitOptions | undefined;
  /** Most unfinished async handlers one connection may have; beyond it events are refused. */
  maxInFlight: number;
  /** Set by app.close(): new connections and events are refused. */
  closing: boolean;
  /** createApp({ asyncContext: 'sync-only' }): handlers without middleware get the context for their synchronous call only. */
  syncOnlyContext: boolean;
  /** The event path's way into a handler's context (`makeEventContextRunner`: one per app). */
  eventContext: EventRunner;
  /** Metrics and tracing (docs/operations.md); undefined when both are off. */
  hooks: Hooks | undefined;
}

/**
 * The way into a handler's context: AsyncLocalStorage, so everything the handler calls, awaits,
 * returns or schedules sees its request. Only the explicit `'sync-only'` opt-out skips it, and
 * not for handlers with middleware: an awaiting middleware runs the handler after its await.
 */
export function enter(h: BoundHandler, runtime: Runtime): ContextRunner {
  return syncOnly(h, runtime) ? runSyncInContextWith : runInContextWith;
}

/** `enter` for an event's handler, through the app's cheaper runner (src/context.ts says why). */
export function enterEvent(h: BoundHandler, runtime: Runtime): EventRunner {
  return syncOnly(h, runtime) ? runSyncEventStep : runtime.eventContext;
}

function syncOnly(h: BoundHandler, runtime: Runtime): boolean {
  return runtime.syncOnlyContext && h.middleware.length === 0 && runtime.middleware.length === 0;
}
