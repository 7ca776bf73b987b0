/**
 * OpenTelemetry traces through `@opentelemetry/api` only: the app brings the SDK (or not).
 * One span per event that reaches a handler, and one per connection attempt, named and
 * described with OpenTelemetry's messaging conventions.
 *
 * The API's global tracer provider is a proxy: until an SDK registers a real provider behind it,
 * it hands out non-recording spans, which still cost an allocation and a context switch per
 * event. So Socketeer asks the proxy for the real tracer (`getDelegateTracer`) and, while there
 * is none, makes no span and switches no context: the only cost is that question.
 * Internal module: not exported from the package entry points.
 */
import type { Context, Span, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api';
import type { ExtendedError, Socket } from 'socket.io';
import type { RequestContext } from '../context.js';
import { SocketeerError } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Outcome } from './outcomes.js';
import { otel } from './packages.js';

export interface TracingOptions {
  /** Where spans go. Default: the provider registered with the OpenTelemetry API (`trace.setGlobalTracerProvider`, as the SDKs do). */
  tracerProvider?: TracerProvider;
}

const TRACING_OPTIONS: ReadonlySet<string> = new Set(['tracerProvider']);

/** The instrumentation scope of Socketeer's spans. */
export const TRACER_NAME = 'socketeer';

/** Attribute values clients choose (event names) are cut to this length. */
const MAX_ATTRIBUTE = 128;

export function checkTracingOptions(options: unknown): TracingOptions {
  if (options === true) return {};
  if (typeof options !== 'object' || options === null)
    throw new SocketeerError('invalid_option', 'createApp: tracing is true or { tracerProvider }.');
  checkOptions(options, TRACING_OPTIONS, 'createApp tracing');
  const provider = (options as TracingOptions).tracerProvider;
  if (provider !== undefined && typeof provider?.getTracer !== 'function')
    throw new SocketeerError(
      'invalid_option',
      'createApp: tracing.tracerProvider must be an OpenTelemetry TracerProvider.',
    );
  return options as TracingOptions;
}

type ProxyProvider = TracerProvider & { getDelegateTracer(name: string): Tracer | undefined };

export class Tracing {
  readonly #api = otel();
  readonly #given: TracerProvider | undefined;
  /** The provider asked on events; looked up again on every connection attempt. */
  #provider: TracerProvider | undefined;
  #tracer: Tracer | undefined;
  /** Each connection's connect span, which its event spans link to. */
  readonly #connections = new WeakMap<Socket, SpanContext>();

  constructor(options: TracingOptions) {
    this.#given = options.tracerProvider;
  }

  /**
   * The real tracer, or undefined while no SDK is registered (then nothing is traced). Looking
   * up the global provider costs more than the rest of the question, so events ask the provider
   * found at the last connection attempt (`refresh`): an SDK registered after boot is picked
   * up from the next connection on.
   */
  tracer(refresh = false): Tracer | undefined {
    if (this.#tracer !== undefined) return this.#tracer;
    if (refresh || this.#provider === undefined) this.#provider = this.#given ?? this.#api.trace.getTracerProvider();
    const provider = this.#provider;
    const tracer =
      typeof (provider as ProxyProvider).getDelegateTracer === 'function'
        ? (provider as ProxyProvider).getDelegateTracer(TRACER_NAME)
        : provider.getTracer(TRACER_NAME);
    this.#tracer = tracer;
    return tracer;
  }

  /** The span of one event, a root span linked to its connection's connect span. */
  startEvent(ctx: RequestContext, namespaceLabel: string, eventLabel: string): EventSpan | undefined {
    const tracer = this.tracer();
    if (tracer === undefined) return undefined;
    const api = this.#api;
    const link = this.#connections.get(ctx.socket);
    const span = tracer.startSpan(
      `process ${namespaceLabel} ${eventLabel}`,
      {
        kind: api.SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'socket.io',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'event',
          'messaging.destination.name': ctx.namespace,
          ...(namespaceLabel !== ctx.namespace && { 'messaging.destination.template': namespaceLabel }),
          'messaging.client.id': ctx.sid,
          'socketeer.event': ctx.event.slice(0, MAX_ATTRIBUTE),
        },
        ...(link !== undefined && { links: [{ context: link }] }),
      },
      api.ROOT_CONTEXT,
    );
    return new EventSpan(api, span, api.trace.setSpan(api.ROOT_CONTEXT, span));
  }

  /** The span of one connection attempt; its parent is a `traceparent` the client sent in its handshake headers, if any. */
  startConnect(socket: Socket, namespaceLabel: string): ConnectSpan | undefined {
    const tracer = this.tracer(true);
    if (tracer === undefined) return undefined;
    const api = this.#api;
    const parent = api.propagation.extract(api.context.active(), socket.handshake.headers);
    const span = tracer.startSpan(
      `connect ${namespaceLabel}`,
      {
        kind: api.SpanKind.SERVER,
        attributes: {
          'messaging.system': 'socket.io',
          'messaging.operation.name': 'connect',
          'messaging.destination.name': socket.nsp.name,
          ...(namespaceLabel !== socket.nsp.name && { 'messaging.destination.template': namespaceLabel }),
          'messaging.client.id': socket.id,
        },
      },
      parent,
    );
    return new ConnectSpan(api, span, api.trace.setSpan(parent, span), this.#connections);
  }
}

type Api = typeof import('@opentelemetry/api');

/** A span whose context is made active for the code it runs. */
class ActiveSpan {
  constructor(
    protected readonly api: Api,
    readonly span: Span,
    readonly context: Context,
  ) {}

  run<A extends unknown[]>(fn: (...args: A) => unknown, args: A): void {
    this.api.context.with(this.context, fn, undefined, ...args);
  }
}

export class EventSpan extends ActiveSpan {
  /** `at`: a `performance.now()` reading, which the SDK turns into wall time. */
  end(outcome: Outcome, error: unknown, at: number): void {
    this.span.setAttribute('socketeer.outcome', outcome);
    if (outcome !== 'ok') {
      this.span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: outcome });
      if (outcome === 'error' && error instanceof Error) this.span.recordException(error, at);
    }
    this.span.end(at);
  }
}

export class ConnectSpan extends ActiveSpan {
  constructor(
    api: Api,
    span: Span,
    context: Context,
    readonly connections: WeakMap<Socket, SpanContext>,
  ) {
    super(api, span, context);
  }

  accepted(socket: Socket): void {
    this.connections.set(socket, this.span.spanContext());
    this.span.end();
  }

  refused(err: ExtendedError, code: string): void {
    this.span.setAttribute('socketeer.refusal.code', code);
    this.span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: err.message });
    this.span.end();
  }
}
