import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Socket } from 'socket.io';
import { connectionState, peekState } from './connection-state.js';
import { remoteAddress } from './client-address.js';
import { SocketeerError } from './errors.js';
import { caseInsensitiveHeaders, headerValue } from './headers.js';

type Handshake = Socket['handshake'];

/**
 * Per-connection data that persists across that connection's events (Flask-SocketIO's
 * `session`). It is socket.io's `socket.data`, so it travels with `fetchSockets()` across
 * nodes. Augment it for typing: `declare module 'socketeer' { interface Session { user?: User } }`.
 */
export interface Session {
  // biome-ignore lint/suspicious/noExplicitAny: untyped until augmented, and reading it must not need a cast
  [key: string]: any;
}

/**
 * What metrics and tracing watch of one event (src/operations/hooks.ts). The event path calls
 * `end` when the handler finishes, then in the same tick `answered` (its result is sent) or
 * `fail` (it failed); a deadline calls `fail` before the handler ends.
 */
export interface EventProbe {
  end(): void;
  answered(): void;
  fail(err: unknown): void;
}

/**
 * What Socketeer knows about the event being handled: Flask-SocketIO's `request`, plus the
 * socket as an escape hatch. One is made per event (and per connect/disconnect).
 */
export class RequestContext {
  readonly socket: Socket;
  /** The event name (`'connect'` / `'disconnect'` in those handlers). */
  readonly event: string;
  /** The event's arguments as received, without the ack callback. */
  readonly args: unknown[];
  /** Aborted when the handler's deadline passes or the client disconnects. Created on first use. */
  #controller: AbortController | undefined;
  /** The handler has finished; its signal no longer follows the connection. */
  #finished = false;
  /** In its connection's `watched` set (it read `signal` while running). */
  #watched = false;
  #cookies: Record<string, string | undefined> | undefined;
  #headers: IncomingHttpHeaders | undefined;
  /**
   * Deliveries a connect handler makes wait here until the client is connected: before that,
   * socket.io's rooms (even the client's own sid room) cannot reach it. @internal
   */
  pending: (() => void)[] | undefined;
  /** Metrics and tracing of this event, when they are on (docs/operations.md). @internal */
  probe: EventProbe | undefined;

  constructor(socket: Socket, event: string, args: unknown[]) {
    this.socket = socket;
    this.event = event;
    this.args = args;
  }

  /** The connection's id in this namespace; also the name of its personal room. */
  get sid(): string {
    return this.socket.id;
  }
  /** The concrete namespace name (for a dynamic namespace, the one the client chose). */
  get namespace(): string {
    return this.socket.nsp.name;
  }
  /** The `auth` payload the client sent when connecting (`{}` when it sent none). */
  // biome-ignore lint/suspicious/noExplicitAny: public type kept as it was; narrowing it would break user code
  get auth(): Record<string, any> {
    return this.socket.handshake.auth;
  }
  get query(): Handshake['query'] {
    return this.socket.handshake.query;
  }
  /** The handshake's headers; names match in any casing (`headers['User-Agent']`), as in Flask. */
  get headers(): IncomingHttpHeaders {
    return (this.#headers ??= caseInsensitiveHeaders(this.socket.handshake.headers));
  }
  /** One handshake header as a string (repeated ones joined with ', '), in any casing. */
  header(name: string): string | undefined {
    return headerValue(this.socket.handshake.headers, name);
  }
  /**
   * The client's address, Flask's `request.remote_addr`: the peer's, or from X-Forwarded-For
   * when createApp's `trustProxy` says the app runs behind proxies.
   */
  get remoteAddr(): string {
    return remoteAddress(this.socket);
  }
  get cookies(): Record<string, string | undefined> {
    return (this.#cookies ??= parseCookies(this.socket.handshake.headers.cookie ?? ''));
  }
  get handshake(): Handshake {
    return this.socket.handshake;
  }
  get session(): Session {
    return this.socket.data as Session;
  }
  /**
   * Tells a long handler it was abandoned: its deadline passed, the client disconnected or the
   * server is shutting down. Only a handler that reads it is followed for that.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (!this.#finished) {
        if (!this.socket.connected) {
          this.#controller.abort(
            new SocketeerError('not_connected', 'The client disconnected before the handler finished.'),
          );
        } else {
          (connectionState(this.socket).watched ??= new Set()).add(this);
          this.#watched = true;
        }
      }
    }
    return this.#controller.signal;
  }
  /** @internal */
  abort(reason: unknown): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
  /** The handler has finished (returned, threw, or its promise settled). @internal */
  finish(): void {
    this.#finished = true;
    this.probe?.end();
    if (this.#watched) {
      this.#watched = false;
      peekState(this.socket)?.watched?.delete(this);
    }
  }
}

/** createApp's `asyncContext`: how far the request context reaches (see AppOptions). */
export type AsyncContextMode = 'always' | 'sync-only';

/** Refuses anything but a known mode; `'auto'`, which guessed from source text, is gone. @internal */
export function checkAsyncContext(mode: unknown): asserts mode is AsyncContextMode | undefined {
  if (mode === undefined || mode === 'always' || mode === 'sync-only') return;
  if (mode === 'auto') {
    throw new SocketeerError(
      'invalid_option',
      "createApp: asyncContext 'auto' was removed: it guessed from a handler's source text and lost the request in code " +
        "the handler called. Drop the option ('always', the default, keeps the context everywhere), or choose " +
        "'sync-only' to keep the context for a handler's synchronous call only (faster on Node 20/22).",
    );
  }
  throw new SocketeerError('invalid_option', "createApp: asyncContext is 'always' (the default) or 'sync-only'.");
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The context of a handler running with `asyncContext: 'sync-only'`, for its synchronous call
 * only. Never set by default. A callback can only run once no handler is on the stack, so the
 * slot never leaks into one; a handler that awaits loses its request there, as that option says.
 */
let current: RequestContext | undefined;

/**
 * Runs `fn` with `ctx` as the ambient request. Everything `fn` calls, awaits, returns or
 * schedules (promise callbacks, timers, `queueMicrotask`, async iterators) sees `ctx`. @internal
 */
export function runInContext<T>(ctx: RequestContext, fn: () => T): T {
  return runInContextWith(ctx, fn);
}

/** `runInContext` with the callback's arguments passed through: no closure per event. @internal */
export function runInContextWith<A extends unknown[], T>(ctx: RequestContext, fn: (...args: A) => T, ...args: A): T {
  if (current === undefined) return storage.run(ctx, fn, ...args);
  return hidingSyncSlot(() => storage.run(ctx, fn, ...args));
}

/** Entered from a sync-only handler's call: hides that handler's slot while `run` runs. */
function hidingSyncSlot<T>(run: () => T): T {
  const outer = current;
  current = undefined;
  try {
    return run();
  } finally {
    current = outer;
  }
}

/** How a handler's work is run in its request context (`runInContextWith` and its kin). @internal */
export type ContextRunner = <A extends unknown[], T>(ctx: RequestContext, fn: (...args: A) => T, ...args: A) => T;

/**
 * Whether AsyncLocalStorage keeps its stores in async context frames, as Node 24 does by default
 * (Node 22 behind a flag): then a store entered inside an AsyncResource's scope ends with that
 * scope, and the resource's own frame stays as it was made. Asked of Node rather than read off
 * its version, since flags switch it either way.
 */
const FRAME_BASED = (() => {
  const probe = new AsyncLocalStorage<boolean>();
  const scope = new AsyncResource('socketeer.probe', { requireManualDestroy: true });
  scope.runInAsyncScope(() => probe.enterWith(true));
  return scope.runInAsyncScope(() => probe.getStore()) === undefined;
})();

/**
 * How the event path runs one step of an event in its request's context: `step(ctx, a, b)`.
 * Fixed arity, unlike ContextRunner: no argument array is built and spread again per event.
 * @internal
 */
export type EventRunner = <A, B>(ctx: RequestContext, step: EventStep<A, B>, a: A, b: B) => void;

/**
 * One step of the event path, run in its request's context by an EventRunner (and by the
 * operations hooks). Kept in the declarations on purpose: the hooks' declarations name it.
 */
export type EventStep<A, B> = (ctx: RequestContext, a: A, b: B) => void;

/**
 * The event path's way into a request's context: what `runInContextWith` does, for less. With
 * frames, `storage.run()` builds two of them per call (the request's, then one to put the
 * caller's store back), each a copy of the current frame: 0.4–0.5 µs per event on Node 24, more
 * than the rest of Socketeer's event path. Instead each app keeps one AsyncResource, made where
 * createApp() ran; each event switches to its frame, which puts the caller's frame back on return
 * without building one, and enters its request there: one frame per event. So a handler's work
 * sees its request and the stores that were current where the app was made. What socket.io's
 * caller held is not carried over, and nothing could count on it: it depends on the transport (a
 * polling request runs in the frame `listen()` ran in, a WebSocket's reads in an empty one).
 * Without frames (Node 20, 22) this is `runInContextWith`, which is cheaper there. @internal
 */
export function makeEventContextRunner(): EventRunner {
  if (!FRAME_BASED) return (ctx, step, a, b) => runInContextWith(ctx, step, ctx, a, b);
  const scope = new AsyncResource('socketeer.event', { requireManualDestroy: true });
  return (ctx, step, a, b) => {
    if (current === undefined) scope.runInAsyncScope(enterThenStep, null, ctx, step, a, b);
    else hidingSyncSlot(() => scope.runInAsyncScope(enterThenStep, null, ctx, step, a, b));
  };
}

/** Inside the app's scope: the frame it switched to is the scope's own, so the entered store ends with it. */
function enterThenStep<A, B>(ctx: RequestContext, step: EventStep<A, B>, a: A, b: B): void {
  storage.enterWith(ctx);
  step(ctx, a, b);
}

/**
 * `asyncContext: 'sync-only'`: `ctx` is the ambient request for the synchronous call only,
 * without AsyncLocalStorage (whose promise hooks tax every promise on Node 20 and 22). @internal
 */
export function runSyncInContextWith<A extends unknown[], T>(
  ctx: RequestContext,
  fn: (...args: A) => T,
  ...args: A
): T {
  const outer = current;
  current = ctx;
  try {
    return fn(...args);
  } finally {
    current = outer;
  }
}

/** `runSyncInContextWith` at EventRunner's arity, for the event path. @internal */
export const runSyncEventStep: EventRunner = (ctx, step, a, b) => runSyncInContextWith(ctx, step, ctx, a, b);

/** The current request context, or undefined outside a handler. */
export function tryGetContext(): RequestContext | undefined {
  return current ?? storage.getStore();
}

/** The current request context; throws `no_context` outside a handler, naming the alternative. */
export function getContext(what: string, instead?: string): RequestContext {
  const ctx = current ?? storage.getStore();
  if (ctx === undefined) {
    throw new SocketeerError(
      'no_context',
      `${what} can only be used inside an event handler (or code it calls, awaits or schedules)` +
        `${instead ? `; elsewhere, use ${instead}` : ''}. ` +
        'Work started outside a handler has no request, e.g. a listener of an EventEmitter that other code emits, ' +
        "or code after a handler's first await with createApp({ asyncContext: 'sync-only' }): " +
        'pass it what it needs from the handler.',
    );
  }
  return ctx;
}

/**
 * The request being handled, like Flask-SocketIO's `request`. Can only be read from an event
 * handler, or code it calls, awaits or schedules.
 * @example
 * ```ts
 * @On('whoami') whoami() { return { sid: request.sid, namespace: request.namespace }; }
 * ```
 */
export const request: Omit<RequestContext, 'abort' | 'finish' | 'pending' | 'probe'> = {
  get socket() {
    return getContext('request.socket').socket;
  },
  get event() {
    return getContext('request.event').event;
  },
  get args() {
    return getContext('request.args').args;
  },
  get sid() {
    return getContext('request.sid').sid;
  },
  get namespace() {
    return getContext('request.namespace').namespace;
  },
  get auth() {
    return getContext('request.auth').auth;
  },
  get query() {
    return getContext('request.query').query;
  },
  get headers() {
    return getContext('request.headers').headers;
  },
  header(name: string) {
    return getContext('request.header()').header(name);
  },
  get remoteAddr() {
    return getContext('request.remoteAddr').remoteAddr;
  },
  get cookies() {
    return getContext('request.cookies').cookies;
  },
  get handshake() {
    return getContext('request.handshake').handshake;
  },
  get session() {
    return getContext('request.session').session;
  },
  get signal() {
    return getContext('request.signal').signal;
  },
};
