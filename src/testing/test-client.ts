import { Manager, type Socket as ClientSocket } from 'socket.io-client';
import { DEFAULT_TEST_CLIENT_TIMEOUT } from '../defaults.js';

/** One event the server sent to a test client. */
export interface Received {
  name: string;
  args: unknown[];
  namespace: string;
}

export interface TestClientOptions {
  /** The namespace `emit`/`getReceived` use by default, connected at once. Default '/'. */
  namespace?: string;
  /** The `auth` payload for the first connection. */
  auth?: Record<string, unknown>;
  /** Query string parameters of the handshake. */
  query?: Record<string, string>;
  /** Extra handshake headers, e.g. `{ cookie }` from an express login. */
  headers?: Record<string, string>;
  /** How long to wait for a connection, an ack or `waitFor`, in ms. Default 5000. */
  timeout?: number;
}

/** A connection refused by the server: `message` and `data` are what the connect handler gave. */
export class ConnectionRefused extends Error {
  override name = 'ConnectionRefused';
  constructor(
    message: string,
    readonly data: unknown,
    readonly namespace: string,
  ) {
    super(message);
  }
}

/** The event `sync()` sends; no app handles it, so the server answers `unknown_event`. */
const SYNC_EVENT = 'socketeer:sync';

/** Clients not yet closed, for `closeAll()`. */
export const openClients = new Set<TestClient>();

const unpack = (values: unknown[]) => (values.length === 0 ? undefined : values.length === 1 ? values[0] : values);

/** One namespace of a test client; `TestClient` itself is the one for its default namespace. */
export class NamespaceClient {
  readonly #owner: TestClient | undefined;
  constructor(
    owner: TestClient | undefined,
    readonly namespace: string,
  ) {
    this.#owner = owner;
  }

  /** The client this view belongs to (itself, for the TestClient). */
  protected get owner(): TestClient {
    return this.#owner ?? (this as unknown as TestClient);
  }

  /** Emits and resolves with the ack: the value for one argument, an array for several. */
  emit(event: string, ...args: unknown[]): Promise<unknown> {
    const socket = this.owner.socketFor(this.namespace);
    return new Promise((resolve, reject) => {
      socket.timeout(this.owner.timeout).emit(event, ...args, (err: Error | null, ...values: unknown[]) => {
        if (err) reject(new Error(`No ack for '${event}' on ${this.namespace} within ${this.owner.timeout} ms.`));
        else resolve(unpack(values));
      });
    });
  }

  /** Emits without asking for an ack. */
  emitNoAck(event: string, ...args: unknown[]): void {
    this.owner.socketFor(this.namespace).emit(event, ...args);
  }

  /** Sends an unnamed message (`message`, or `json` with `{ json: true }`), without an ack. */
  send(data: unknown, options?: { json?: boolean }): void {
    this.emitNoAck(options?.json ? 'json' : 'message', data);
  }

  /** Returns and clears what the server sent to this namespace so far, in order. */
  getReceived(): Received[] {
    return this.owner.getReceived(this.namespace);
  }

  /**
   * Resolves with the first (oldest) received `event`, now or later, and removes it from the
   * buffer (`keep: true` leaves it there for `getReceived()`).
   */
  waitFor(event: string, options?: { timeout?: number; keep?: boolean }): Promise<Received> {
    return this.owner.waitFor(event, { ...options, namespace: this.namespace });
  }

  /**
   * Resolves once everything the server sent this namespace before now has arrived: a round
   * trip on the same ordered connection (an event no app handles; its answer is ignored)
   * cannot overtake earlier packets, so a test can assert that something did not arrive.
   */
  async sync(): Promise<void> {
    await this.emit(SYNC_EVENT);
  }

  /** The socket.io-client socket of this namespace: the escape hatch, like `app.io`. */
  socket(): ClientSocket {
    return this.owner.socket(this.namespace);
  }

  isConnected(): boolean {
    return this.owner.isConnected(this.namespace);
  }

  /**
   * This namespace's sid, as the server's `request.sid` sees it (and the name of the client's
   * personal room): for `to: sid` and `skipSid` in tests. Undefined while not connected.
   */
  get sid(): string | undefined {
    return this.owner.sidOf(this.namespace);
  }
}

/**
 * A real socket.io client for tests: every payload crosses the real parser both ways, over
 * one connection per client (namespaces multiplexed, as in a browser). Like Flask-SocketIO's
 * test client, it records what the server sends for `getReceived()`.
 */
export class TestClient extends NamespaceClient {
  readonly timeout: number;
  readonly #manager: Manager;
  readonly #sockets = new Map<string, ClientSocket>();
  readonly #received: Received[] = [];
  readonly #waiters = new Set<{ match: (r: Received) => boolean; keep: boolean; resolve: (r: Received) => void }>();
  #closed = false;

  /**
   * A client for the server at `url` (`http://127.0.0.1:3000`), not yet connected: call
   * `connect()`. `createTestClient(app)` starts an app and connects in one step.
   */
  constructor(url: string, options: TestClientOptions = {}) {
    super(undefined, options.namespace ?? '/');
    openClients.add(this);
    this.timeout = options.timeout ?? DEFAULT_TEST_CLIENT_TIMEOUT;
    this.#manager = new Manager(url, {
      transports: ['websocket'],
      reconnection: false,
      autoConnect: false,
      autoUnref: true, // a forgotten client never keeps a test process alive
      timeout: this.timeout,
      ...(options.query !== undefined && { query: options.query }),
      ...(options.headers !== undefined && { extraHeaders: options.headers }),
    });
  }

  /**
   * The socket.io-client socket for `namespace`, made (not connected) on first use; what the
   * server sends it is recorded from then on, so listeners added before `connect()` see what a
   * connect handler emits. `auth` applies when it is made.
   */
  override socket(namespace = this.namespace, options?: { auth?: Record<string, unknown> }): ClientSocket {
    let socket = this.#sockets.get(namespace);
    if (socket === undefined) {
      socket = this.#manager.socket(namespace, options?.auth !== undefined ? { auth: options.auth } : {});
      this.#sockets.set(namespace, socket);
      socket.onAny((name: string, ...args: unknown[]) => this.#record({ name, args, namespace }));
    }
    return socket;
  }

  /** @internal */
  socketFor(namespace: string): ClientSocket {
    const socket = this.#sockets.get(namespace);
    if (!socket?.connected)
      throw new Error(`The test client is not connected to ${namespace}; call connect('${namespace}') first.`);
    return socket;
  }

  /** A view of this client for another namespace (connect it first). */
  of(namespace: string): NamespaceClient {
    return namespace === this.namespace ? this : new NamespaceClient(this, namespace);
  }

  /** Connects a namespace; rejects with `ConnectionRefused` when the server refuses. */
  connect(namespace = this.namespace, options?: { auth?: Record<string, unknown> }): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('This test client is closed.'));
    const existing = this.#sockets.get(namespace);
    if (existing?.connected) return Promise.resolve();
    // One socket per namespace, reused with the new auth.
    const socket = this.socket(namespace);
    socket.auth = options?.auth ?? {};
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        socket.close();
        reject(new Error(`Could not connect to ${namespace} within ${this.timeout} ms.`));
      }, this.timeout);
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (err: Error & { data?: unknown }) => {
        cleanup();
        reject(new ConnectionRefused(err.message, err.data, namespace));
      };
      const cleanup = () => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
      };
      socket.once('connect', onConnect);
      socket.once('connect_error', onError);
      socket.connect();
    });
  }

  /** Disconnects one namespace (default: this client's), waiting until the server has seen it. */
  async disconnect(namespace = this.namespace): Promise<void> {
    const socket = this.#sockets.get(namespace);
    if (socket?.connected) socket.disconnect();
  }

  /** The sid of a connected namespace (default: this client's), or undefined. */
  sidOf(namespace = this.namespace): string | undefined {
    const socket = this.#sockets.get(namespace);
    return socket?.connected ? socket.id : undefined;
  }

  override isConnected(namespace = this.namespace): boolean {
    return this.#sockets.get(namespace)?.connected ?? false;
  }

  override getReceived(namespace = this.namespace): Received[] {
    const mine: Received[] = [];
    for (let i = 0; i < this.#received.length; ) {
      if (this.#received[i]!.namespace === namespace) mine.push(...this.#received.splice(i, 1));
      else i++;
    }
    return mine;
  }

  override waitFor(
    event: string,
    options?: { timeout?: number; namespace?: string; keep?: boolean },
  ): Promise<Received> {
    const namespace = options?.namespace ?? this.namespace;
    const keep = options?.keep ?? false;
    const match = (r: Received) => r.name === event && r.namespace === namespace;
    const index = this.#received.findIndex(match);
    if (index >= 0) return Promise.resolve(keep ? this.#received[index]! : this.#received.splice(index, 1)[0]!);
    const ms = options?.timeout ?? this.timeout;
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        keep,
        resolve: (r: Received) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.#received.map((r) => `${r.namespace} ${r.name}`).join(', ') || 'nothing';
        reject(new Error(`No '${event}' on ${namespace} within ${ms} ms (received meanwhile: ${seen}).`));
      }, ms);
      this.#waiters.add(waiter);
    });
  }

  #record(r: Received): void {
    for (const waiter of this.#waiters) {
      if (!waiter.match(r)) continue;
      waiter.resolve(r);
      if (!waiter.keep) return;
    }
    this.#received.push(r);
  }

  /** Disconnects every namespace and the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const socket of this.#sockets.values()) socket.disconnect();
    this.#sockets.clear();
    this.#manager.engine?.close();
    openClients.delete(this);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
