/**
 * The one small object the runtime calls when metrics or tracing are on. With both off the
 * runtime holds no hooks, and every call site is a field read that finds `undefined`: the event
 * path does no extra work at all.
 * Internal module: not exported from the package entry points.
 */
import type { ExtendedError, Namespace as IoNamespace, Server, Socket } from 'socket.io';
import type { Tables } from '../binder.js';
import type { EventProbe, EventStep, RequestContext } from '../context.js';
import { SocketeerError } from '../errors.js';
import type { NamespaceTable } from '../namespace-table.js';
import type { EventMetrics, EventSeries } from './metrics.js';
import type { EventSpan, Tracing } from './tracing.js';
import { OUTCOMES, type Outcome } from './outcomes.js';

export { OUTCOMES, type Outcome };

/** The label of events that have no handler of their own (catch-all or none): names clients choose must not become series. */
export const OTHER_EVENT = '*';
/** The label of namespaces no controller or `app.on` declared. */
export const OTHER_NAMESPACE = '(other)';

const NAMED_OUTCOMES: ReadonlySet<string> = new Set(OUTCOMES);

function outcomeOf(err: unknown): Outcome {
  if (err instanceof SocketeerError && NAMED_OUTCOMES.has(err.code) && err.code !== 'ok') return err.code as Outcome;
  return 'error';
}

type Middleware = (socket: Socket, next: (err?: ExtendedError) => void) => void | Promise<void>;

/** A namespace's metric label: its name, or the pattern of the dynamic namespace it belongs to. */
export function namespaceLabel(tables: Tables, name: string): string {
  if (tables.byKey.has(name)) return name;
  for (const table of tables.byKey.values()) {
    if (table.namespace instanceof RegExp && table.namespace.test(name)) return table.label;
  }
  return OTHER_NAMESPACE;
}

/** The hooks of each app's socket.io server, for the emit helpers (which are given the server, not the app). */
const serverHooks = new WeakMap<Server, Hooks>();
let anyHooks = false;

/** The hooks of `io`'s app; while no app in the process has any, a flag read and nothing more. */
export function hooksOf(io: Server): Hooks | undefined {
  return anyHooks ? serverHooks.get(io) : undefined;
}

/**
 * What the runtime tells the instruments. Each method is called only when the app has hooks;
 * each does the little its instruments need.
 */
export class Hooks {
  /** The table each namespace (a concrete one, for dynamic namespaces) is served by. */
  readonly #tableOf = new WeakMap<IoNamespace, NamespaceTable>();

  constructor(
    readonly io: Server,
    readonly tables: () => Tables,
    readonly metrics: EventMetrics | undefined,
    readonly tracing: Tracing | undefined,
  ) {
    serverHooks.set(io, this);
    anyHooks = true;
  }

  /**
   * Runs an event's handler (`run(ctx, a, b)`, the event path's step) with a probe on its
   * context, and as the active OpenTelemetry context of its span when there is one, so spans the
   * handler starts nest under it.
   */
  event<A, B>(ctx: RequestContext, table: NamespaceTable, run: EventStep<A, B>, a: A, b: B): void {
    // The tracer first: with tracing on and no SDK registered, that question is all an event costs.
    const tracing = this.tracing?.tracer() !== undefined;
    if (!tracing && this.metrics === undefined) return run(ctx, a, b);
    const label = table.events.has(ctx.event) ? ctx.event : OTHER_EVENT;
    const span = tracing ? this.tracing!.startEvent(ctx, table.label, label) : undefined;
    ctx.probe = new Probe(this.metrics?.series(table.label, label), span);
    if (span === undefined) return run(ctx, a, b);
    span.run(run, [ctx, a, b]);
  }

  /** An event answered without running its handler (refused, or no handler at all). */
  refused(socket: Socket, event: string, outcome: Outcome): void {
    const table = this.#table(socket.nsp);
    const label = table?.events.has(event) ? event : OTHER_EVENT;
    if (this.metrics)
      this.metrics.series(table?.label ?? OTHER_NAMESPACE, label).outcomes[OUTCOMES.indexOf(outcome)]!++;
  }

  /** An emit from Socketeer's helpers or the app's methods, to namespace `name`. */
  emitted(name: string): void {
    if (this.metrics) this.metrics.namespace(namespaceLabel(this.tables(), name)).emits++;
  }

  /** The namespace label of a live namespace (cached: dynamic children are looked up once). */
  label(nsp: IoNamespace): string {
    return this.#table(nsp)?.label ?? namespaceLabel(this.tables(), nsp.name);
  }

  #table(nsp: IoNamespace): NamespaceTable | undefined {
    let table = this.#tableOf.get(nsp);
    if (table === undefined) {
      const label = namespaceLabel(this.tables(), nsp.name);
      table = [...this.tables().byKey.values()].find((t) => t.label === label);
      if (table) this.#tableOf.set(nsp, table);
    }
    return table;
  }

  /**
   * Wraps a namespace's connect middleware (guards, then connect handlers): one span per
   * connection attempt, refusals counted by code, and the accepted socket's deliveries counted.
   */
  connect(table: NamespaceTable, guard: Middleware): Middleware {
    const counts = this.metrics?.namespace(table.label);
    const countDelivery = counts && (() => void counts.deliveries++);
    return (socket, next) => {
      this.#tableOf.set(socket.nsp, table);
      const span = this.tracing?.startConnect(socket, table.label);
      const done = (err?: ExtendedError): void => {
        if (err) {
          const code = refusalCode(err);
          if (counts) counts.refusals.set(code, (counts.refusals.get(code) ?? 0) + 1);
          span?.refused(err, code);
        } else {
          if (counts) counts.accepted++;
          if (countDelivery) socket.onAnyOutgoing(countDelivery);
          span?.accepted(socket);
        }
        next(err);
      };
      if (span === undefined) return guard(socket, done);
      span.run(guard, [socket, done]);
    };
  }
}

/** The code of a refusal: Socketeer's own codes as they are, anything of the app's as `refused`. */
function refusalCode(err: ExtendedError): string {
  const code = (err.data as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(unauthorized|forbidden|shutting_down|internal_error|rate_limited)$/.test(code)
    ? code
    : 'refused';
}

const RUNNING = 0;
const ENDED = 1;
const DONE = 2;

/**
 * Follows one event from its handler's start to its answer. The handler's end is remembered
 * (`RequestContext.finish`); the outcome is known when the event path answers in the same tick:
 * `answered` counts it `ok`, `fail` with the failure's outcome. A deadline fails it before its end.
 * @internal
 */
export class Probe implements EventProbe {
  readonly #start = performance.now();
  #end = 0;
  #state = RUNNING;

  constructor(
    readonly series: EventSeries | undefined,
    readonly span: EventSpan | undefined,
  ) {}

  /** The handler finished (returned, threw, or its promise settled). */
  end(): void {
    if (this.#state !== RUNNING) return;
    this.#end = performance.now();
    this.#state = ENDED;
  }

  /** The handler's result is being sent (or there is no ack to send it on). */
  answered(): void {
    this.#record('ok', undefined);
  }

  /** The event failed: its handler threw, its payload was invalid, or its deadline passed. */
  fail(err: unknown): void {
    if (this.#state !== DONE) this.#record(outcomeOf(err), err);
  }

  /** Counts the event once: the first outcome wins (a deadline's failure over the late answer). */
  #record(outcome: Outcome, error: unknown): void {
    if (this.#state === DONE) return;
    if (this.#state === RUNNING) this.#end = performance.now();
    this.#state = DONE;
    this.series?.record(outcome, (this.#end - this.#start) / 1000);
    this.span?.end(outcome, error, this.#end);
  }
}
