/**
 * The app: express + an http server + a socket.io server, with the controllers bound.
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Server, type ServerOptions } from 'socket.io';
import { bindController, Tables, type Container } from './binder.js';
import { discoverControllers } from './discovery.js';
import { attachNamespace, type Runtime } from './dispatcher.js';
import { SocketeerError } from './errors.js';
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
import { resolveLogger, type Logger, type LoggerOption } from './logger.js';
import type { Middleware } from './middleware.js';
import type { BoundHandler } from './namespace-table.js';
import { checkOptions } from './options.js';
import { toArgs } from './tuple.js';
import { isSchema, isTupleSchema, type Schema } from './validation.js';
import { lookUp, type Presence, type WhoIsInOptions } from './scale/presence.js';
import { planScale, SCALE_OPTIONS, type ScaleOptions, type ScalePlan } from './scale/redis-adapter.js';

type CorsOptions = Exclude<NonNullable<ServerOptions['cors']>, Function>;

/** Scale-out options (messageQueue, channel, redisAdapter, recovery) come from ScaleOptions: see docs/scaling.md. */
export interface AppOptions extends ScaleOptions {
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
  /** Largest message a client may send, in bytes. Default 1 MB. */
  maxHttpBufferSize?: number;
  /** Log connects, events and errors: `true` for stderr, or a pino-compatible logger. */
  logger?: LoggerOption;
  /** Log engine.io (transport-level) connection errors and upgrades. */
  engineioLogger?: LoggerOption;
  /** Default deadline for async handlers, in ms (0: none). */
  timeout?: number;
  /** Any other socket.io server option, passed through. */
  io?: Partial<ServerOptions>;
  /** Where controller globs are resolved. Default: `process.cwd()`. */
  cwd?: string;
}

const APP_OPTIONS: ReadonlySet<string> = new Set([
  'controllers', 'container', 'express', 'cors', 'path', 'pingInterval', 'pingTimeout',
  'maxHttpBufferSize', 'logger', 'engineioLogger', 'timeout', 'io', 'cwd',
  ...SCALE_OPTIONS,
]);

export interface OnOptions {
  /** Default '/'. */
  namespace?: string;
  /** Validate the payload as `@On(event, schema)` does. */
  schema?: Schema;
}

/** Same-origin pages and clients without an Origin header; anything else must be listed in `cors`. */
function makeOriginCheck(cors: CorsOptions | undefined) {
  const allowed = cors?.origin;
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (origin === undefined || allowed === true || allowed === '*' || typeof allowed === 'function') return callback(null, true);
    let sameOrigin = false;
    try {
      sameOrigin = new URL(origin).host === req.headers.host;
    } catch {
      return callback('Origin header is not a URL', false);
    }
    const list = allowed === undefined || allowed === false ? [] : Array.isArray(allowed) ? allowed : [allowed];
    const ok = sameOrigin || list.some((o) => (o instanceof RegExp ? o.test(origin) : o === origin));
    callback(ok ? null : `Origin ${origin} is not allowed (see the cors option)`, ok);
  };
}

export class App {
  /** The express app: add your routes here. */
  readonly express: Express;
  /** The http server socket.io and express share. */
  readonly http: HttpServer;
  /** The socket.io server: the escape hatch. */
  readonly io: Server;
  readonly #runtime: Runtime;
  readonly #tables: Tables;
  readonly #ready: Promise<void>;
  readonly #scale: ScalePlan;
  #listening = false;

  constructor(options: AppOptions = {}) {
    checkOptions(options, APP_OPTIONS, 'createApp');
    this.express = options.express ?? express();
    this.http = createServer(this.express);
    this.#scale = planScale(options, resolveLogger(options.logger));
    const ioOptions: Partial<ServerOptions> = {
      allowRequest: makeOriginCheck(options.cors),
      ...(options.cors !== undefined && { cors: options.cors }),
      ...(options.path !== undefined && { path: options.path }),
      ...(options.pingInterval !== undefined && { pingInterval: options.pingInterval }),
      ...(options.pingTimeout !== undefined && { pingTimeout: options.pingTimeout }),
      ...(options.maxHttpBufferSize !== undefined && { maxHttpBufferSize: options.maxHttpBufferSize }),
      ...this.#scale.ioOptions,
      ...options.io,
    };
    this.io = new Server(this.http, ioOptions);
    this.#scale.attach(this.io);
    this.#runtime = { logger: resolveLogger(options.logger), errorDefault: undefined, middleware: [], timeout: options.timeout ?? 0 };
    const engineLogger = resolveLogger(options.engineioLogger);
    if (engineLogger) this.#logEngine(engineLogger);
    this.#tables = new Tables((table) => attachNamespace(this.io.of(table.namespace), table, this.#runtime));

    const classes = (options.controllers ?? []).filter((c) => typeof c !== 'string');
    const globs = (options.controllers ?? []).filter((c): c is string => typeof c === 'string');
    for (const cls of classes) bindController(cls, this.#tables, options.container);
    this.#ready = globs.length === 0
      ? Promise.resolve()
      : discoverControllers(globs, options.cwd ?? process.cwd()).then((found) => {
          for (const cls of found) bindController(cls, this.#tables, options.container);
        });
    // Boot errors surface from ready()/listen(); do not also report them as unhandled.
    this.#ready.catch(() => {});
  }

  #logEngine(logger: Logger): void {
    this.io.engine.on('connection_error', (err: { req: IncomingMessage; code: number; message: string }) => {
      logger.warn({ code: err.code, url: err.req.url }, `engine.io connection error: ${err.message}`);
    });
    this.io.engine.on('connection', (socket: { id: string; transport: { name: string }; on: (e: string, f: (...a: any[]) => void) => void }) => {
      logger.info({ eio: socket.id, transport: socket.transport.name }, 'engine.io open');
      socket.on('upgrade', (t: { name: string }) => logger.info({ eio: socket.id, transport: t.name }, 'engine.io upgrade'));
      socket.on('close', (reason: string) => logger.info({ eio: socket.id, reason }, 'engine.io close'));
    });
  }

  /** Resolves once controllers given as globs are imported and bound; rejects with boot errors. */
  ready(): Promise<void> {
    return this.#ready.then(() => this.#scale.ready());
  }

  /** Starts listening (port 0: any free port). Resolves with the address. */
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
    const address = this.http.address() as AddressInfo;
    this.#runtime.logger?.info({ port: address.port, host: address.address }, 'listening');
    return { port: address.port, host: address.address };
  }

  /** The port the app listens on; throws `not_listening` before listen(). */
  get port(): number {
    const address = this.http.address();
    if (!this.#listening || address === null || typeof address === 'string') throw new SocketeerError('not_listening', 'app.port: call app.listen() first.');
    return address.port;
  }

  /** Disconnects every client, closes the servers and resolves when done. */
  async close(): Promise<void> {
    const wasListening = this.#listening;
    this.#listening = false;
    await this.io.close();
    if (wasListening) this.http.closeAllConnections();
    await this.#scale.close();
  }

  /**
   * Handles an event with a function (Flask-SocketIO's `socketio.on` / `on_event`).
   * `'connect'`, `'disconnect'` and `'*'` (catch-all) are accepted here.
   */
  on(event: string, handler: (...args: any[]) => unknown, options?: OnOptions): this {
    checkOptions(options, new Set(['namespace', 'schema']), 'app.on');
    if (options?.schema !== undefined && !isSchema(options.schema)) throw new SocketeerError('invalid_option', 'app.on: schema must be a zod or Standard Schema.');
    const table = this.#tables.for(options?.namespace ?? '/');
    const bound = this.#bound(`app.on('${event}')`, handler, options?.schema);
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
    if (this.#runtime.errorDefault) throw new SocketeerError('duplicate_handler', 'app.onErrorDefault() was called twice; keep one default error handler.');
    this.#runtime.errorDefault = this.#bound('app.onErrorDefault()', handler);
    return this;
  }

  /** Middleware for every event of every namespace, before class and method middleware. */
  use(...middleware: Middleware[]): this {
    this.#runtime.middleware.push(...middleware);
    return this;
  }

  #bound(label: string, fn: (...args: any[]) => unknown, schema?: Schema): BoundHandler {
    if (typeof fn !== 'function') throw new SocketeerError('invalid_option', `${label}: the handler must be a function.`);
    return { label, fn, middleware: [], options: {}, spread: schema !== undefined && isTupleSchema(schema), ...(schema !== undefined && { schema }) };
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
    if (socket) void socket.join(room);
    else nsp?.in(sid).socketsJoin(room);
  }

  leaveRoom(sid: string, room: string, options?: Omit<RoomOptions, 'sid'>): void {
    const { nsp, socket } = roomTarget(this.io, undefined, { ...options, sid }, 'app.leaveRoom');
    if (socket) void socket.leave(room);
    else nsp?.in(sid).socketsLeave(room);
  }

  /** Empties a room. */
  closeRoom(room: string, options?: { namespace?: string }): void {
    existingNamespace(this.io, options?.namespace ?? '/')?.in(room).socketsLeave(room);
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
