/**
 * Starts a real app on 127.0.0.1:0 and connects real socket.io clients to it, for tests that
 * drive the socket.io-client socket themselves. The connections are socketeer/testing's
 * `TestClient`s; every one and the app are closed by `close()`, which `serve()` registers on
 * the test, so nothing outlives it.
 */
import type { TestContext } from 'node:test';
import type { Socket } from 'socket.io-client';
import { createApp, type App, type AppOptions } from 'socketeer';
import { TestClient } from 'socketeer/testing';

export interface ConnectOptions {
  auth?: Record<string, unknown>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Reuse a connection: the new namespace socket shares the client's engine.io link. */
  manager?: TestClient;
}

/** A connection refused by the server: what the client's `connect_error` carried. */
export interface RefusedError extends Error {
  data?: unknown;
}

export class TestServer {
  readonly #clients: TestClient[] = [];

  constructor(
    readonly app: App,
    readonly url: string,
  ) {}

  /** A new client connection (engine.io link) to the server; sockets opened on it multiplex. */
  manager(options: Omit<ConnectOptions, 'manager' | 'auth'> = {}): TestClient {
    const client = new TestClient(this.url, {
      ...(options.query && { query: options.query }),
      ...(options.headers && { headers: options.headers }),
    });
    this.#clients.push(client);
    return client;
  }

  /** A socket for `namespace`, not yet connected. */
  socket(namespace = '/', options: ConnectOptions = {}): Socket {
    return (options.manager ?? this.manager(options)).socket(namespace, options.auth ? { auth: options.auth } : {});
  }

  /** Connects to `namespace`; rejects with the server's refusal (message and `data`). */
  async connect(namespace = '/', options: ConnectOptions = {}): Promise<Socket> {
    const client = options.manager ?? this.manager(options);
    await client.connect(namespace, options.auth ? { auth: options.auth } : undefined);
    return client.socket(namespace);
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.map((client) => client.close()));
    await this.app.close();
  }
}

/** Builds an app, lets `setup` add app-level handlers, listens on 127.0.0.1:0. */
export async function startServer(options: AppOptions = {}, setup?: (app: App) => void): Promise<TestServer> {
  const app = createApp(options);
  setup?.(app);
  const { port } = await app.listen(0, '127.0.0.1');
  return new TestServer(app, `http://127.0.0.1:${port}`);
}

/** `startServer`, closed when the test ends. */
export async function serve(t: TestContext, options: AppOptions = {}, setup?: (app: App) => void): Promise<TestServer> {
  const server = await startServer(options, setup);
  t.after(() => server.close());
  return server;
}

/** Resolves with the arguments of the next `event` on `socket`; rejects after `timeout` ms. */
export function nextEvent(socket: Socket, event: string, timeout = 2000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no '${event}' within ${timeout} ms`));
    }, timeout);
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(args);
    };
    socket.on(event, listener);
  });
}

/** Records every event `socket` receives, as [event, ...args], from now on. */
export function record(socket: Socket): unknown[][] {
  const seen: unknown[][] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push([event, ...args]));
  return seen;
}

/**
 * Waits until everything the server sent `socket` before now has arrived: a round trip on
 * the same connection (an event nobody handles, answered with `unknown_event`) cannot
 * overtake earlier packets. Lets a test assert that something did NOT arrive without sleeping.
 */
export async function flush(socket: Socket): Promise<void> {
  await socket.timeout(2000).emitWithAck('__flush__');
}

/** An ack-emit with a deadline, so a missing ack fails the test instead of hanging it. */
export function ask(socket: Socket, event: string, ...args: unknown[]): Promise<any> {
  return socket.timeout(2000).emitWithAck(event, ...args);
}

/** Collects what is written to stderr while `fn` runs (and keeps it off the test output). */
export async function captureStderr<T>(fn: () => Promise<T> | T): Promise<{ result: T; output: string }> {
  const original = process.stderr.write;
  let output = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, output };
  } finally {
    process.stderr.write = original;
  }
}

/** Polls `check` until it returns true (bounded), for server-side state changed by a client. */
export async function until(check: () => boolean, timeout = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
