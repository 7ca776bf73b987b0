/**
 * The app: express + an http server + a socket.io server, with the controllers bound.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Server, type ServerOptions } from 'socket.io';
import { bindController, checkContainer, Tables, type Container } from './binder.js';
import { readController } from './registry.js';
import { discoverControllers } from './discovery.js';
import { attachNamespace } from './dispatcher.js';
import type { Runtime } from './dispatch/runtime.js';
import { SocketeerError } from './errors.js';
import { checkGuard, guardsOfClass, setJoinAuthorizer, type ConnectGuard, type JoinAuthorizer } from './guards.js';
import { checkRateLimit, type RateLimitOptions } from './rate-limit.js';
import {
  announceShutdown,
  CLOSE_OPTIONS,
  closeOnSignals,
  closeOnSignalsByDefault,
  DEFAULT_CLOSE_DEADLINE,
  SIGNAL_OPTIONS,
  waitForHandlers,
  type CloseOptions,
  type SignalOptions,
} from './shutdown.js';
import {
  callClient,
  deliver,
  existingNamespace,
  roomTarget,
  type CallOptions,
  type EmitOptions,
  type RoomOptions,
  type SendOptions,
} from './emission.js';
import { checkAsyncContext, makeEventContextRunner, type AsyncContextMode } from './context.js';
import {
  describeThrown,
  fallbackLogger,
  loggerOf,
  resolveLogger,
  setLoggerOf,
  type Logger,
  type LoggerOption,
} from './logger.js';
import { checkTrustProxy, setTrustProxy, type TrustProxy } from './client-address.js';
import { dynamicParent } from './dynamic-namespaces.js';
import { eventSizeLimitedParser } from './event-size.js';
import { DEFAULT_MAX_ROOMS, setRoomPolicy } from './room-limits.js';
import { DEFAULT_MAX_SEND_BUFFER, limitSendBuffer } from './send-buffer.js';
import type { Middleware } from './middleware.js';
import { boundHandler, type BoundHandler } from './namespace-table.js';
import { DEFAULT_MAX_HTTP_BUFFER_SIZE, DEFAULT_MAX_IN_FLIGHT } from './defaults.js';
import { checkOptions, keysOf } from './options.js';
import { toArgs } from './tuple.js';
import { isSchema, type Schema } from './validation.js';
import { lookUp, type Presence, type WhoIsInOptions } from './scale/presence.js';
import { buildAsyncApi, type AsyncApiDocument, type AsyncApiOptions } from './asyncapi.js';
import { enableEmitValidation } from './emit-validation.js';
import { addEmits } from './emits.js';
import { describeRoutes, type RoutesListing } from './routes.js';
import { planScale, SCALE_OPTIONS, type ScaleOptions, type ScalePlan } from './scale/redis-adapter.js';
import { setUpOperations, type OperationsOptions } from './operations/set-up.js';
import type { Registry } from 'prom-client';

type CorsOptions = Exclude<NonNullable<ServerOptions['cors']>, Function>;

/**
 * Scale-out options (messageQueue, channel, redisAdapter, recovery) come from ScaleOptions: see
 * docs/scaling.md; admin, metrics and tracing from OperationsOptions: see docs/operations.md.
 */
export interface AppOptions extends ScaleOptions, OperationsOptions {
  /** Controller classes, or glob patterns of modules to import at boot (relative to `cwd`). */
  controllers?: (Function | string)[];
  /** Builds controller instances (tsyringe, typedi, inversify...). Default: `new`. */
  container?: Container;
  /** Your own express app; default: a new one. */
  express?: Express;
  /**
   * Allowed cross-origin pages. Default: none, so only same-origin pages and non-browser
   * clients (no Origin header) connect; a page elsewhere cannot ride a user's cookie.
   */
  cors?: CorsOptions;
  /** The socket.io endpoint path. Default `/socket.io`. */
  path?: string;
  pingInterval?: number;
  pingTimeout?: number;
  /**
   * Largest event a client may send, in bytes, binary attachments included. Default 1 MB (1e6,
   * socket.io's and Flask-SocketIO's per-message default); a bigger event closes that client's
   * connection.
   */
  maxHttpBufferSize?: number;
  /**
   * Most bytes the server queues for one client that does not read what it is sent (a stalled
   * or hostile client that still answers pings). Default 10 MB (1e7); measured five times a
   * second, and past it the connection is closed. `Infinity` turns the limit off.
   */
  maxSendBuffer?: number;
  /**
   * Most rooms one connection may be in per namespace, its own sid room included; a handler's
   * `joinRoom()` past it throws `too_many_rooms`. Default 1000.
   */
  maxRooms?: number;
  /** Log connects, events and errors: `true` for stderr, or a pino-compatible logger. */
  logger?: LoggerOption;
  /** Log engine.io (transport-level) connection errors and upgrades. */
  engineioLogger?: LoggerOption;
  /** Default deadline for async handlers, in ms (0: none). `@Timeout(ms)` overrides it per handler. */
  timeout?: number;
  /**
   * How far the request context reaches. `'always'` (default): every handler, guard and
   * connect/disconnect/error handler runs under AsyncLocalStorage, so everything it calls,
   * awaits, returns or schedules sees its request. `'sync-only'` gives that up for speed on
   * Node 20/22 (whose AsyncLocalStorage taxes every promise): a handler without middleware sees
   * its request only until it returns or first awaits; after that, `request` and the helpers
   * throw `no_context`. Node 24 gains nothing from it. `'auto'` (removed) is refused.
   */
  asyncContext?: AsyncContextMode;
  /**
   * Limit on all events of a client connection, across every namespace it opens, e.g.
   * `{ points: 20, duration: 1000 }` (a burst of 20, refilled at 20 per second). Default: none.
   * `@RateLimit()` adds per-class and per-event limits. A refused event gets `rate_limited` and
   * its handler does not run.
   */
  rateLimit?: RateLimitOptions;
  /**
   * Most handlers one connection may have waiting at once (their promise not settled). An event
   * that finds every slot taken waits, in order, for a slot (handlers that need no I/O free
   * theirs within the same turn); if none of the connection's handlers settles within a turn of
   * the event loop, the waiting events are answered with `too_many_pending` and not run.
   * Default 64; `Infinity` turns it off.
   */
  maxInFlight?: number;
  /** Asked for every `joinRoom()` made from a handler; anything but `true` refuses with `forbidden`. */
  authorizeJoin?: JoinAuthorizer;
  /** Any other socket.io server option, passed through. */
  io?: Partial<ServerOptions>;
  /** Where controller globs are resolved. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Which proxies' X-Forwarded-For to believe for `request.remoteAddr`. `false` (default): none,
   * the TCP peer is the client. `true`: every one (the header's first address). A number: that
   * many proxies in front of the app (its n-th address from the right).
   */
  trustProxy?: TrustProxy;
  /**
   * Whether `listen()` closes the app gracefully on SIGTERM/SIGINT and then exits (default
   * true), so a restart by Docker, Kubernetes, systemd or Ctrl-C saves every client's recovery
   * state. `false` for processes that handle signals themselves (then call `app.close()`).
   */
  handleSignals?: boolean;
  /**
   * Check every emit of a namespace that declares its emits (`@Emits`) against the schemas,
   * throwing `invalid_emit` before anything is sent. For development and tests; default false.
   */
  validateEmits?: boolean;
}

const APP_OPTIONS = keysOf<AppOptions>({
  controllers: true,
  container: true,
  express: true,
  cors: true,
  path: true,
  pingInterval: true,
  pingTimeout: true,
  maxHttpBufferSize: true,
  maxSendBuffer: true,
  maxRooms: true,
  logger: true,
  engineioLogger: true,
  timeout: true,
  asyncContext: true,
  io: true,
  cwd: true,
  rateLimit: true,
  maxInFlight: true,
  authorizeJoin: true,
  trustProxy: true,
  handleSignals: true,
  validateEmits: true,
  ...SCALE_OPTIONS,
  admin: true,
  metrics: true,
  tracing: true,
});

/** socket.io and engine.io server options that createApp does not take itself: they go in `io`. */
const IO_ONLY_OPTIONS: ReadonlySet<string> = new Set([
  'connectTimeout',
  'serveClient',
  'adapter',
  'parser',
  'connectionStateRecovery',
  'cleanupOnDisconnect',
  'upgradeTimeout',
  'allowRequest',
  'transports',
  'allowUpgrades',
  'perMessageDeflate',
  'httpCompression',
  'wsEngine',
  'initialPacket',
  'cookie',
  'allowEIO3',
  'destroyUpgrade',
  'destroyUpgradeTimeout',
  'addTrailingSlash',
]);

/** A socket.io option at the top level gets an answer that says where it goes. */
function checkIoOptionPlacement(options: object): void {
  for (const key of Object.keys(options)) {
    if (IO_ONLY_OPTIONS.has(key)) {
      throw new SocketeerError(
        'invalid_option',
        `createApp: '${key}' is a socket.io server option; pass it as io: { ${key} }.`,
      );
    }
  }
}

/** Safe defaults, documented in docs/security.md; every default lives in defaults.ts. */
export { DEFAULT_MAX_HTTP_BUFFER_SIZE, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_ROOMS, DEFAULT_MAX_SEND_BUFFER };

export interface OnOptions {
  /** Default '/'. */
  namespace?: string;
  /** Validate the payload as `@On(event, schema)` does. */
  schema?: Schema;
  /** Per-connection rate limit for this event, as `@RateLimit()`. */
  rateLimit?: RateLimitOptions;
  /** Deadline in ms for this handler, as `@Timeout()`. */
  timeout?: number;
}
const ON_OPTIONS = keysOf<OnOptions>({ namespace: true, schema: true, rateLimit: true, timeout: true });

/**
 * Same-origin pages and clients without an Origin header; anything else must be listed in
 * `cors`. Checked at the engine.io handshake, so it covers WebSocket connections too (browsers
 * apply no CORS to those), not only polling. Refused while the app is shutting down.
 */
function makeOriginCheck(cors: CorsOptions | undefined, runtime: Runtime) {
  const allowed = cors?.origin;
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    if (runtime.closing) return callback('The server is shutting down', false);
    const origin = req.headers.origin;
    if (origin === undefined || allowed === true || allowed === '*') return callback(null, true);
    if (typeof allowed === 'function') {
      // The cors package's signature: (origin, (err, allow: boolean | string | RegExp | array) => void).
      try {
        (allowed as (o: string, cb: (err: Error | null, allow?: unknown) => void) => void)(origin, (err, allow) => {
          const ok = !err && allow !== undefined && allow !== false;
          callback(ok ? null : `Origin ${origin} is not allowed (see the cors option)`, ok);
        });
      } catch (err) {
        // The app's own origin check crashed: refuse (fail closed) and say why in the log.
        (runtime.logger ?? fallbackLogger).error(
          { origin, err: describeThrown(err) },
          'the cors origin function threw; the connection was refused',
        );
        callback('Origin check failed', false);
      }
      return;
    }
    let sameOrigin = false;
    try {
      sameOrigin = new URL(origin).host === req.headers.host;
    } catch {
      // Not a URL, e.g. `null` (sandboxed frames, file://): refused with the documented message.
    }
    const list = allowed === undefined || allowed === false ? [] : Array.isArray(allowed) ? allowed : [allowed];
    const ok = sameOrigin || list.some((o) => (o instanceof RegExp ? o.test(origin) : o === origin));
    callback(ok ? null : `Origin ${origin} is not allowed (see the cors option)`, ok);
  };
}

const require = createRequire(import.meta.url);

/** Plain HTTP to an app that never asked for express: there is nothing but socket.io to serve. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
}

export class App {
  /** The http server socket.io and express share. */
  readonly http: HttpServer;
  /** The socket.io server: the escape hatch. */
  readonly io: Server;
  /** The prom-client registry the app's metrics are on (createApp `metrics`), else undefined. */
  readonly metrics: Registry | undefined;
  readonly #runtime: Runtime;
  readonly #tables: Tables;
  readonly #ready: Promise<void>;
  readonly #scale: ScalePlan;
  #listening = false;
  #closed: Promise<void> | undefined;
  #express: Express | undefined;
  readonly #handleSignals: boolean;
  #releaseSignals: (() => void) | undefined;

  /**
   * The express app: add your routes here. It is made (and express loaded) on first use, so a
   * server that only speaks socket.io carries no HTTP framework; until then plain HTTP
   * requests get a 404.
   */
  get express(): Express {
    return (this.#express ??= (require('express') as typeof import('express'))());
  }

  constructor(options: AppOptions = {}) {
    if (typeof options === 'object' && options !== null) checkIoOptionPlacement(options);
    checkOptions(options, APP_OPTIONS, 'createApp');
    const trustProxy = checkTrustProxy(options.trustProxy);
    checkContainer(options.container);
    this.#express = options.express;
    if (options.handleSignals !== undefined && typeof options.handleSignals !== 'boolean')
      throw new SocketeerError('invalid_option', 'createApp: handleSignals must be true or false.');
    this.#handleSignals = options.handleSignals ?? true;
    this.http = createServer((req, res) => {
      if (this.#express) this.#express(req, res);
      else notFound(res);
    });
    if (options.rateLimit !== undefined) checkRateLimit(options.rateLimit, 'createApp rateLimit');
    const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!(maxInFlight >= 1))
      throw new SocketeerError(
        'invalid_option',
        'createApp: maxInFlight must be a number >= 1 (Infinity turns the limit off).',
      );
    checkAsyncContext(options.asyncContext);
    this.#runtime = {
      syncOnlyContext: options.asyncContext === 'sync-only',
      eventContext: makeEventContextRunner(),
      logger: resolveLogger(options.logger),
      errorDefault: undefined,
      middleware: [],
      timeout: options.timeout ?? 0,
      rateLimit: options.rateLimit,
      maxInFlight,
      closing: false,
      hooks: undefined,
    };
    this.#scale = planScale(options, resolveLogger(options.logger));
    const maxRooms = options.maxRooms ?? DEFAULT_MAX_ROOMS;
    if (!(maxRooms >= 1))
      throw new SocketeerError(
        'invalid_option',
        'createApp: maxRooms must be a number >= 1 (Infinity turns the limit off).',
      );
    const maxSendBuffer = options.maxSendBuffer ?? DEFAULT_MAX_SEND_BUFFER;
    if (!(maxSendBuffer > 0))
      throw new SocketeerError(
        'invalid_option',
        'createApp: maxSendBuffer must be a number of bytes > 0 (Infinity turns the limit off).',
      );
    const ioOptions: Partial<ServerOptions> = {
      allowRequest: makeOriginCheck(options.cors, this.#runtime),
      maxHttpBufferSize: DEFAULT_MAX_HTTP_BUFFER_SIZE,
      parser: eventSizeLimitedParser(options.maxHttpBufferSize ?? DEFAULT_MAX_HTTP_BUFFER_SIZE),
      // A dynamic namespace's child is dropped when its last client leaves (or is refused).
      cleanupEmptyChildNamespaces: true,
      ...(options.cors !== undefined && { cors: options.cors }),
      ...(options.path !== undefined && { path: options.path }),
      ...(options.pingInterval !== undefined && { pingInterval: options.pingInterval }),
      ...(options.pingTimeout !== undefined && { pingTimeout: options.pingTimeout }),
      ...(options.maxHttpBufferSize !== undefined && { maxHttpBufferSize: options.maxHttpBufferSize }),
      ...this.#scale.ioOptions,
      ...options.io,
    };
    this.io = new Server(this.http, ioOptions);
    setLoggerOf(this.io, this.#runtime.logger);
    setTrustProxy(this.io, trustProxy);
    setRoomPolicy(this.io, maxRooms, options.io?.adapter !== undefined);
    limitSendBuffer(this.io, maxSendBuffer, this.#runtime.logger);
    this.#scale.attach(this.io);
    if (options.authorizeJoin !== undefined) {
      if (typeof options.authorizeJoin !== 'function')
        throw new SocketeerError(
          'invalid_option',
          'createApp: authorizeJoin must be a function (ctx, room) => boolean.',
        );
      setJoinAuthorizer(this.io, options.authorizeJoin);
    }
    const engineLogger = resolveLogger(options.engineioLogger);
    if (engineLogger) this.#logEngine(engineLogger);
    this.#tables = new Tables((table) => {
      const ns = table.namespace;
      attachNamespace(typeof ns === 'string' ? this.io.of(ns) : dynamicParent(this.io, ns), table, this.#runtime);
    });
    const operations = setUpOperations(
      this.io,
      () => this.#tables,
      () => this.express,
      options,
    );
    this.#runtime.hooks = operations.hooks;
    this.metrics = operations.registry;
    // The default namespace always exists in socket.io: give it a table, so its clients get
    // Socketeer's answers (unknown_event) and handlers added later with app.on.
    this.#tables.for('/');
    if (options.validateEmits !== undefined && typeof options.validateEmits !== 'boolean') {
      throw new SocketeerError('invalid_option', 'createApp: validateEmits is true or false.');
    }
    if (options.validateEmits === true) enableEmitValidation(this.io, { lookUp: (name) => this.#emitsOf(name) });

    const classes = (options.controllers ?? []).filter((c) => typeof c !== 'string');
    const globs = (options.controllers ?? []).filter((c): c is string => typeof c === 'string');
    for (const cls of classes) this.#bind(cls, options.container);
    this.#ready =
      globs.length === 0
        ? Promise.resolve()
        : discoverControllers(globs, options.cwd ?? process.cwd()).then((found) => {
            for (const cls of found) this.#bind(cls, options.container);
          });
    // Boot errors surface from ready()/listen(); do not also report them as unhandled.
    this.#ready.catch(() => {});
  }

  /** Binds a controller and its class guards (@Guard). */
  #bind(cls: unknown, container: Container | undefined): void {
    bindController(cls, this.#tables, container);
    const guards = guardsOfClass(cls as Function);
    const record = readController(cls as Function);
    if (guards.length > 0 && record) this.#tables.for(record.namespace).addGuards(guards);
    if (record) addEmits(this.#tables.for(record.namespace), cls as Function);
  }

  /** The declared emits of a concrete namespace name (a dynamic namespace's come from its pattern). */
  #emitsOf(name: string) {
    for (const table of this.#tables.byKey.values()) {
      if (typeof table.namespace === 'string' ? table.namespace === name : table.namespace.test(name)) {
        if (table.emits) return table.emits;
      }
    }
    return undefined;
  }

  /** Every namespace with its events (handler, schema, guards, rate limit, deadline) and declared emits. */
  async routes(): Promise<RoutesListing> {
    await this.#ready;
    return describeRoutes(this.#tables.byKey.values(), this.#runtime);
  }

  /**
   * The app's AsyncAPI 3.0 document: a channel per namespace, an operation per event and per
   * declared emit, payloads as JSON Schema. See docs/contract.md.
   */
  async asyncapi(options?: AsyncApiOptions): Promise<AsyncApiDocument> {
    checkOptions(options, new Set(['title', 'version', 'description', 'servers']), 'app.asyncapi');
    return buildAsyncApi(await this.routes(), options);
  }

  #logEngine(logger: Logger): void {
    this.io.engine.on('connection_error', (err: { req: IncomingMessage; code: number; message: string }) => {
      logger.warn({ code: err.code, url: err.req.url }, `engine.io connection error: ${err.message}`);
    });
    this.io.engine.on(
      'connection',
      (socket: { id: string; transport: { name: string }; on: (e: string, f: (...a: any[]) => void) => void }) => {
        logger.info({ eio: socket.id, transport: socket.transport.name }, 'engine.io open');
        socket.on('upgrade', (t: { name: string }) =>
          logger.info({ eio: socket.id, transport: t.name }, 'engine.io upgrade'),
        );
        socket.on('close', (reason: string) => logger.info({ eio: socket.id, reason }, 'engine.io close'));
      },
    );
  }

  /** Resolves once controllers given as globs are imported and bound; rejects with boot errors. */
  ready(): Promise<void> {
    return this.#ready.then(() => this.#scale.ready());
  }

  /**
   * Starts listening (port 0: any free port). Resolves with the address. Unless
   * `handleSignals: false`, SIGTERM/SIGINT then close the app gracefully and exit.
   */
  async listen(port = 0, host?: string): Promise<{ port: number; host: string }> {
    await this.ready();
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.#listening = true;
    if (this.#handleSignals && !this.#closed) this.#releaseSignals ??= closeOnSignalsByDefault((o) => this.close(o));
    const address = this.http.address() as AddressInfo;
    this.#runtime.logger?.info({ port: address.port, host: address.address }, 'listening');
    return { port: address.port, host: address.address };
  }

  /** The port the app listens on; throws `not_listening` before listen(). */
  get port(): number {
    const address = this.http.address();
    if (!this.#listening || address === null || typeof address === 'string')
      throw new SocketeerError('not_listening', 'app.port: call app.listen() first.');
    return address.port;
  }

  /**
   * Shuts down gracefully: refuses new connections and events (`shutting_down`), sends every
   * client the `socketeer:shutdown` event, lets running handlers finish for up to `deadline` ms
   * (default 10000; then their `request.signal` aborts), disconnects everyone and closes the
   * servers. Calling it again returns the same promise.
   */
  close(options?: CloseOptions): Promise<void> {
    checkOptions(options, CLOSE_OPTIONS, 'app.close');
    const deadline = options?.deadline ?? DEFAULT_CLOSE_DEADLINE;
    if (!(deadline >= 0))
      throw new SocketeerError('invalid_option', 'app.close: deadline must be a number of ms >= 0.');
    return (this.#closed ??= this.#shutdown(deadline));
  }

  async #shutdown(deadline: number): Promise<void> {
    this.#runtime.closing = true;
    this.#releaseSignals?.();
    const wasListening = this.#listening;
    this.#listening = false;
    announceShutdown(this.io, deadline);
    await waitForHandlers(this.io, deadline);
    await this.io.close();
    if (wasListening) this.http.closeAllConnections();
    await this.#scale.close();
  }

  /**
   * Closes gracefully on SIGTERM/SIGINT and exits 0 (a second signal exits 1 at once).
   * Returns a function that removes the signal listeners. `listen()` already does this unless
   * `handleSignals: false`; call it for other signals, a deadline or a custom `exit`.
   * @example
   * ```ts
   * await app.listen(3000);
   * app.closeOnSignals({ deadline: 5000 });
   * ```
   */
  closeOnSignals(options?: SignalOptions): () => void {
    checkOptions(options, SIGNAL_OPTIONS, 'app.closeOnSignals');
    this.#releaseSignals?.(); // these listeners replace the ones listen() installed
    this.#releaseSignals = () => {};
    return closeOnSignals((o) => this.close(o), options);
  }

  /**
   * Guards a namespace (a name, or the RegExp of a dynamic one): the guards run before a client
   * counts as connected, before `@OnConnect`. See `ConnectGuard`.
   * @example
   * ```ts
   * app.guard('/admin', (ctx) => ctx.auth.token === process.env.ADMIN_TOKEN);
   * ```
   */
  guard(namespace: string | RegExp, ...guards: ConnectGuard[]): this {
    for (const g of guards) checkGuard(g, 'app.guard');
    this.#tables.for(namespace).addGuards(guards);
    return this;
  }

  /**
   * Handles an event with a function (Flask-SocketIO's `socketio.on` / `on_event`).
   * `'connect'`, `'disconnect'` and `'*'` (catch-all) are accepted here.
   */
  on(event: string, handler: (...args: any[]) => unknown, options?: OnOptions): this {
    checkOptions(options, ON_OPTIONS, 'app.on');
    if (options?.schema !== undefined && !isSchema(options.schema))
      throw new SocketeerError('invalid_option', 'app.on: schema must be a zod or Standard Schema.');
    if (options?.rateLimit !== undefined) checkRateLimit(options.rateLimit, 'app.on');
    if (options?.timeout !== undefined && !(options.timeout >= 0))
      throw new SocketeerError('invalid_option', 'app.on: timeout must be a number of ms >= 0.');
    const table = this.#tables.for(options?.namespace ?? '/');
    const bound = this.#bound(`app.on('${event}')`, handler, options?.schema);
    if (options?.rateLimit !== undefined) bound.options.rateLimit = options.rateLimit;
    if (options?.timeout !== undefined) bound.options.timeout = options.timeout;
    if (event === 'connect') table.connect.push(bound);
    else if (event === 'disconnect') table.disconnect.push(bound);
    else if (event === '*') table.setSingle('any', bound);
    else table.addEvent(event, bound);
    return this;
  }

  /** Handles errors of one namespace (default '/'); the return value becomes the ack. */
  onError(handler: (error: any) => unknown, namespace = '/'): this {
    this.#tables.for(namespace).setSingle('error', this.#bound(`app.onError('${namespace}')`, handler));
    return this;
  }

  /** Handles errors of namespaces that have no error handler of their own. */
  onErrorDefault(handler: (error: any) => unknown): this {
    if (this.#runtime.errorDefault)
      throw new SocketeerError(
        'duplicate_handler',
        'app.onErrorDefault() was called twice; keep one default error handler.',
      );
    this.#runtime.errorDefault = this.#bound('app.onErrorDefault()', handler);
    return this;
  }

  /** Middleware for every event of every namespace, before class and method middleware. */
  use(...middleware: Middleware[]): this {
    this.#runtime.middleware.push(...middleware);
    return this;
  }

  /** An adapter may make room changes asynchronous; their failure is logged, not left unhandled. */
  #quietly(result: void | Promise<void>, fn: string): void {
    if (result instanceof Promise)
      result.catch((err: unknown) =>
        loggerOf(this.io).error({ err: describeThrown(err) }, `${fn}: the adapter failed`),
      );
  }

  #bound(label: string, fn: (...args: any[]) => unknown, schema?: Schema): BoundHandler {
    if (typeof fn !== 'function')
      throw new SocketeerError('invalid_option', `${label}: the handler must be a function.`);
    return boundHandler(label, fn, schema);
  }

  /** Context-free emit (Flask-SocketIO's `socketio.emit`): everyone in '/' unless told otherwise. */
  emit(event: string, data?: unknown, options?: EmitOptions): void {
    deliver(this.io, undefined, event, toArgs(data), options ?? {}, 'app.emit');
  }

  /** Context-free send: the `message` event (or `json`) to everyone in '/' unless told otherwise. */
  send(data: unknown, options?: SendOptions): void {
    deliver(this.io, undefined, options?.json ? 'json' : 'message', toArgs(data), options ?? {}, 'app.send');
  }

  /** Emits to one client (`{ to: sid }`) and resolves with its acknowledgement. */
  call(event: string, data: unknown, options: CallOptions & { to: string }): Promise<unknown> {
    return callClient(this.io, undefined, event, toArgs(data), options, 'app.call');
  }

  /** Puts client `sid` in a room (of `namespace`, default '/'); works across nodes. */
  joinRoom(sid: string, room: string, options?: Omit<RoomOptions, 'sid'>): void {
    const { nsp, socket } = roomTarget(this.io, undefined, { ...options, sid }, 'app.joinRoom');
    if (socket) this.#quietly(socket.join(room), 'app.joinRoom');
    else nsp?.in(sid).socketsJoin(room);
  }

  leaveRoom(sid: string, room: string, options?: Omit<RoomOptions, 'sid'>): void {
    const { nsp, socket } = roomTarget(this.io, undefined, { ...options, sid }, 'app.leaveRoom');
    if (socket) this.#quietly(socket.leave(room), 'app.leaveRoom');
    else nsp?.in(sid).socketsLeave(room);
  }

  /** Empties a room. */
  closeRoom(room: string, options?: { namespace?: string }): void {
    existingNamespace(this.io, options?.namespace ?? '/')
      ?.in(room)
      .socketsLeave(room);
  }

  /** The rooms client `sid` is in, on this node. */
  rooms(sid: string, options?: { namespace?: string }): string[] {
    const { socket } = roomTarget(this.io, undefined, { ...options, sid }, 'app.rooms');
    return socket ? [...socket.rooms] : [];
  }

  /**
   * The clients in a room (or the whole namespace, or one sid), on every node:
   * `[{ sid, namespace, session, rooms }]`. See docs/scaling.md.
   */
  whoIsIn(room?: string | readonly string[], options?: WhoIsInOptions): Promise<Presence[]> {
    return lookUp(this.io, room, options, '/', 'app.whoIsIn');
  }

  /** Disconnects client `sid` from a namespace (default '/'). */
  disconnect(sid: string, options?: { namespace?: string }): void {
    const { nsp, socket } = roomTarget(this.io, undefined, { ...options, sid }, 'app.disconnect');
    if (socket) socket.disconnect();
    else nsp?.in(sid).disconnectSockets();
  }
}

/**
 * Builds an app. Controller classes are bound at once (boot errors throw here); globs are
 * imported by `ready()`/`listen()`.
 * @example
 * ```ts
 * const app = createApp({ controllers: [ChatController] });
 * app.express.get('/health', (_req, res) => res.send('ok'));
 * await app.listen(3000);
 * ```
 */
export function createApp(options?: AppOptions): App {
  return new App(options);
}
