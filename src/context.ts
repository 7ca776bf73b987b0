import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Socket } from 'socket.io';
import { connectionState, peekState } from './connection-state.js';
import { SocketeerError } from './errors.js';
import type { Probe } from './operations/hooks.js';

type Handshake = Socket['handshake'];

/**
 * Per-connection data that persists across that connection's events (Flask-SocketIO's
 * `session`). It is socket.io's `socket.data`, so it travels with `fetchSockets()` across
 * nodes. Augment it for typing: `declare module 'socketeer' { interface Session { user?: User } }`.
 */
export interface Session {
  [key: string]: any;
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
  /**
   * Deliveries a connect handler makes wait here until the client is connected: before that,
   * socket.io's rooms (even the client's own sid room) cannot reach it. @internal
   */
  pending: (() => void)[] | undefined;
  /** Metrics and tracing of this event, when they are on (docs/operations.md). @internal */
  probe: Probe | undefined;

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
  get auth(): Record<string, any> {
    return this.socket.handshake.auth;
  }
  get query(): Handshake['query'] {
    return this.socket.handshake.query;
  }
  get headers(): IncomingHttpHeaders {
    return this.socket.handshake.headers;
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
          this.#controller.abort(new SocketeerError('not_connected', 'The client disconnected before the handler finished.'));
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

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The context of the handler on the stack right now. Synchronous handlers run with only this
 * slot: on Node 20, AsyncLocalStorage taxes every async resource in the process once it is in
 * use (about 8 % of an acked echo here), so it is kept for handlers that need it. A callback can
 * only run when no handler is on the stack, so the slot never leaks into one.
 */
let current: RequestContext | undefined;

/** Runs `fn` with `ctx` as the ambient request; the context survives awaits and timers. @internal */
export function runInContext<T>(ctx: RequestContext, fn: () => T): T {
  return runInContextWith(ctx, fn);
}

/** `runInContext` with the callback's arguments passed through: no closure per event. @internal */
export function runInContextWith<A extends unknown[], T>(ctx: RequestContext, fn: (...args: A) => T, ...args: A): T {
  const outer = current;
  current = ctx;
  try {
    return storage.run(ctx, fn, ...args);
  } finally {
    current = outer;
  }
}

/** Runs `fn` with `ctx` as the ambient request for the synchronous call only. @internal */
export function runSyncInContextWith<A extends unknown[], T>(ctx: RequestContext, fn: (...args: A) => T, ...args: A): T {
  const outer = current;
  current = ctx;
  try {
    return fn(...args);
  } finally {
    current = outer;
  }
}

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
      `${what} can only be used inside an event handler${instead ? `; outside one, use ${instead}` : ''}. ` +
        "If a handler called this code, it ran after an await or in a callback the handler's own code " +
        "does not show: await the call in the handler, or createApp({ asyncContext: 'always' }).",
    );
  }
  return ctx;
}

/**
 * The request being handled, like Flask-SocketIO's `request`. Can only be read from an event
 * handler (or code it awaits or schedules).
 * @example
 * ```ts
 * @On('whoami') whoami() { return { sid: request.sid, namespace: request.namespace }; }
 * ```
 */
export const request: Omit<RequestContext, 'abort' | 'finish' | 'pending' | 'probe'> = {
  get socket() { return getContext('request.socket').socket; },
  get event() { return getContext('request.event').event; },
  get args() { return getContext('request.args').args; },
  get sid() { return getContext('request.sid').sid; },
  get namespace() { return getContext('request.namespace').namespace; },
  get auth() { return getContext('request.auth').auth; },
  get query() { return getContext('request.query').query; },
  get headers() { return getContext('request.headers').headers; },
  get cookies() { return getContext('request.cookies').cookies; },
  get handshake() { return getContext('request.handshake').handshake; },
  get session() { return getContext('request.session').session; },
  get signal() { return getContext('request.signal').signal; },
};
