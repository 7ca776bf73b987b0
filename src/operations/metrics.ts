/**
 * Prometheus metrics with prom-client. The event path only adds to plain numbers held here;
 * prom-client reads them when the registry is scraped (its `collect` callbacks), so a scrape
 * costs what it costs and an event costs a few additions (a prom-client `observe` with labels
 * measured about 0.7 µs, too much to pay per event).
 * Internal module: not exported from the package entry points.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Namespace as IoNamespace, Server } from 'socket.io';
import type { MetricObjectWithValues, MetricType, MetricValueWithName, Registry } from 'prom-client';
import type { RequestHandler } from 'express';
import { peekState } from '../connection-state.js';
import { SocketeerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { linkOf } from '../scale/redis-adapter.js';
import { OUTCOMES, type Outcome } from './outcomes.js';
import { promClient } from './packages.js';

export interface MetricsOptions {
  /** The prom-client registry to register on. Default: a new one, `app.metrics`. */
  registry?: Registry;
  /** Serve the registry at this HTTP path (e.g. `'/metrics'`). Default: not served. */
  path?: string;
  /** Protect `path`: HTTP Basic credentials, or a bearer token. Default: none. */
  auth?: { username: string; password: string } | { bearer: string };
  /** Upper bounds, in seconds, of the handler duration histogram. */
  buckets?: number[];
  /** Also collect prom-client's default process metrics (CPU, memory, event loop lag, GC). */
  defaultMetrics?: boolean;
}

const METRICS_OPTIONS: ReadonlySet<string> = new Set(['registry', 'path', 'auth', 'buckets', 'defaultMetrics']);

/** Handlers are usually fast: sub-millisecond buckets up to 10 s. */
export const DEFAULT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One event of one namespace: outcomes counted, handler durations bucketed. */
export class EventSeries {
  readonly outcomes = new Float64Array(OUTCOMES.length);
  readonly buckets: Float64Array;
  count = 0;
  sum = 0;

  constructor(
    readonly namespace: string,
    readonly event: string,
    readonly bounds: readonly number[],
  ) {
    this.buckets = new Float64Array(bounds.length);
  }

  record(outcome: Outcome, seconds: number): void {
    this.outcomes[OUTCOMES.indexOf(outcome)]!++;
    this.count++;
    this.sum += seconds;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        this.buckets[i]!++;
        return;
      }
    }
  }
}

/** What is counted per namespace (rather than per event). */
export interface NamespaceCounts {
  accepted: number;
  refusals: Map<string, number>;
  emits: number;
  deliveries: number;
}

type EventLabels = 'namespace' | 'event';

/** Checks the option; throws `invalid_option` with what is wrong. */
export function checkMetricsOptions(options: unknown): MetricsOptions {
  if (options === true) return {};
  if (typeof options !== 'object' || options === null)
    throw new SocketeerError(
      'invalid_option',
      'createApp: metrics is true or { registry, path, auth, buckets, defaultMetrics }.',
    );
  checkOptions(options, METRICS_OPTIONS, 'createApp metrics');
  const o = options as MetricsOptions;
  if (o.path !== undefined && (typeof o.path !== 'string' || !o.path.startsWith('/')))
    throw new SocketeerError('invalid_option', "createApp: metrics.path must start with '/', e.g. '/metrics'.");
  if (o.auth !== undefined) {
    const a = o.auth as Record<string, unknown>;
    const basic = typeof a.username === 'string' && typeof a.password === 'string' && a.password.length > 0;
    const bearer = typeof a.bearer === 'string' && a.bearer.length > 0;
    if (!basic && !bearer)
      throw new SocketeerError(
        'invalid_option',
        'createApp: metrics.auth is { username, password } or { bearer }, with a non-empty secret.',
      );
    if (o.path === undefined)
      throw new SocketeerError('invalid_option', 'createApp: metrics.auth protects metrics.path; set the path too.');
  }
  if (
    o.buckets !== undefined &&
    (!Array.isArray(o.buckets) ||
      o.buckets.length === 0 ||
      o.buckets.some((b, i) => !(b > 0) || (i > 0 && b <= o.buckets![i - 1]!)))
  ) {
    throw new SocketeerError('invalid_option', 'createApp: metrics.buckets must be increasing numbers of seconds > 0.');
  }
  return o;
}

/** The instruments of one app, and the prom-client metrics that read them. */
export class EventMetrics {
  readonly registry: Registry;
  readonly #series = new Map<string, Map<string, EventSeries>>();
  readonly #namespaces = new Map<string, NamespaceCounts>();
  readonly #bounds: readonly number[];

  constructor(io: Server, label: (nsp: IoNamespace) => string, options: MetricsOptions) {
    const client = promClient();
    this.registry = options.registry ?? new client.Registry();
    this.#bounds = options.buckets ?? DEFAULT_BUCKETS;
    const registers = [this.registry];
    const self = this;
    const namespaces = () => (io as unknown as { _nsps: Map<string, IoNamespace> })._nsps.values();

    new client.Gauge({
      name: 'socketeer_connections',
      help: 'Clients connected, per namespace (dynamic namespaces under their pattern).',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset();
        for (const nsp of namespaces()) this.inc({ namespace: label(nsp) }, nsp.sockets.size);
      },
    });
    new client.Gauge({
      name: 'socketeer_handlers_in_flight',
      help: 'Async handlers started and not yet settled, per namespace.',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset();
        for (const nsp of namespaces()) {
          let n = 0;
          for (const socket of nsp.sockets.values()) n += peekState(socket)?.inFlight ?? 0;
          if (n > 0 || self.#namespaces.has(label(nsp))) this.inc({ namespace: label(nsp) }, n);
        }
      },
    });
    new client.Gauge({
      name: 'socketeer_adapter_up',
      help: '1 while the socket.io adapter can reach the other nodes (always 1 for the in-memory adapter), else 0.',
      labelNames: ['adapter'],
      registers,
      collect() {
        this.reset();
        const link = linkOf(io);
        this.set({ adapter: io.of('/').adapter.constructor.name }, link === undefined || link.up ? 1 : 0);
      },
    });
    new client.Counter({
      name: 'socketeer_connections_total',
      help: 'Connections accepted, per namespace.',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset();
        for (const [namespace, c] of self.#namespaces) this.inc({ namespace }, c.accepted);
      },
    });
    new client.Counter({
      name: 'socketeer_connection_refusals_total',
      help: "Connections refused by a guard or connect handler, per namespace and code (the app's own refusals as 'refused').",
      labelNames: ['namespace', 'code'],
      registers,
      collect() {
        this.reset();
        for (const [namespace, c] of self.#namespaces)
          for (const [code, n] of c.refusals) this.inc({ namespace, code }, n);
      },
    });
    new client.Counter({
      name: 'socketeer_events_total',
      help: "Events received, per namespace, event ('*' for events without a handler of their own) and outcome.",
      labelNames: ['namespace', 'event', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const s of self.#allSeries()) {
          OUTCOMES.forEach((outcome, i) => {
            if (s.outcomes[i]! > 0) this.inc({ namespace: s.namespace, event: s.event, outcome }, s.outcomes[i]);
          });
        }
      },
    });
    new client.Counter({
      name: 'socketeer_emits_total',
      help: 'Emits made through Socketeer (helpers and app methods), per namespace; a broadcast counts once.',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset();
        for (const [namespace, c] of self.#namespaces) this.inc({ namespace }, c.emits);
      },
    });
    new client.Counter({
      name: 'socketeer_deliveries_total',
      help: 'Events written to clients, per namespace; a broadcast counts once per recipient.',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset();
        for (const [namespace, c] of self.#namespaces) this.inc({ namespace }, c.deliveries);
      },
    });
    const bounds = this.#bounds;
    const name = 'socketeer_event_duration_seconds';
    const help =
      'Time from an event reaching its handler to the handler finishing (its promise settling, or its deadline), per namespace and event.';
    // prom-client's own histogram, with its values read from the series above when scraped.
    class DurationHistogram extends client.Histogram<EventLabels | 'le'> {
      /** Set by prom-client's constructor ('histogram'); its typings leave it out. */
      declare readonly type: MetricType;
      override async get(): Promise<MetricObjectWithValues<MetricValueWithName<EventLabels | 'le'>>> {
        return this.getForPromString();
      }
      async getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<EventLabels | 'le'>>> {
        const values: MetricValueWithName<EventLabels | 'le'>[] = [];
        for (const s of self.#allSeries()) {
          if (s.count === 0) continue;
          let acc = 0;
          bounds.forEach((le, i) => {
            acc += s.buckets[i]!;
            values.push({
              labels: { namespace: s.namespace, event: s.event, le },
              value: acc,
              metricName: `${name}_bucket`,
            });
          });
          values.push({
            labels: { namespace: s.namespace, event: s.event, le: '+Inf' },
            value: s.count,
            metricName: `${name}_bucket`,
          });
          values.push({ labels: { namespace: s.namespace, event: s.event }, value: s.sum, metricName: `${name}_sum` });
          values.push({
            labels: { namespace: s.namespace, event: s.event },
            value: s.count,
            metricName: `${name}_count`,
          });
        }
        return { name, help, type: this.type, values, aggregator: 'sum', collect: () => {} };
      }
    }
    new DurationHistogram({
      name,
      help,
      labelNames: ['namespace', 'event'],
      buckets: [...bounds],
      registers,
    });
    if (options.defaultMetrics) client.collectDefaultMetrics({ register: this.registry });
  }

  *#allSeries(): Iterable<EventSeries> {
    for (const byEvent of this.#series.values()) yield* byEvent.values();
  }

  /** The series of one event (labels already bounded by the caller). */
  series(namespace: string, event: string): EventSeries {
    let byEvent = this.#series.get(namespace);
    if (byEvent === undefined) this.#series.set(namespace, (byEvent = new Map()));
    let s = byEvent.get(event);
    if (s === undefined) byEvent.set(event, (s = new EventSeries(namespace, event, this.#bounds)));
    return s;
  }

  namespace(namespace: string): NamespaceCounts {
    let c = this.#namespaces.get(namespace);
    if (c === undefined)
      this.#namespaces.set(namespace, (c = { accepted: 0, refusals: new Map(), emits: 0, deliveries: 0 }));
    return c;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The express handler of `metrics.path`: the registry in Prometheus' text format, behind `auth` when set. */
export function metricsEndpoint(registry: Registry, auth: MetricsOptions['auth']): RequestHandler {
  return (req, res) => {
    if (auth !== undefined && !authorized(req.headers.authorization, auth)) {
      res.status(401);
      if ('username' in auth) res.set('www-authenticate', 'Basic realm="metrics"');
      res.type('text/plain').send('Unauthorized');
      return;
    }
    registry.metrics().then(
      (text) => res.type(registry.contentType).send(text),
      () => res.status(500).type('text/plain').send('metrics collection failed'),
    );
  };
}

function authorized(header: string | undefined, auth: NonNullable<MetricsOptions['auth']>): boolean {
  if (header === undefined) return false;
  if ('bearer' in auth) return header.startsWith('Bearer ') && same(header.slice(7), auth.bearer);
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Both compared, always: the time taken does not tell which one was wrong.
  const user = same(decoded.slice(0, colon), auth.username);
  const pass = same(decoded.slice(colon + 1), auth.password);
  return colon >= 0 && user && pass;
}
