/**
 * Test support for the examples: real socket.io-client connections that record every event
 * they receive, in order, so a test can assert the exact sequence each client saw.
 */
import { Manager, type Socket } from 'socket.io-client';

export interface Received {
  event: string;
  args: unknown[];
}

export interface ConnectOptions {
  auth?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** One client (one connection) that can join several namespaces of the same server. */
export class RecordingClient {
  readonly #manager: Manager;
  readonly #sockets = new Map<string, Socket>();
  readonly #received = new Map<string, Received[]>();

  constructor(url: string, headers?: Record<string, string>) {
    // websocket only: one ordered stream per client, so a round trip proves earlier packets arrived.
    this.#manager = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false, ...(headers && { extraHeaders: headers }) });
  }

  /** Connects to `namespace`; rejects with the server's error (message and data) when refused. */
  async connect(namespace = '/', options: ConnectOptions = {}): Promise<Socket> {
    const socket = this.#manager.socket(namespace, options.auth ? { auth: options.auth } : {});
    const log: Received[] = [];
    this.#received.set(namespace, log);
    // Attached before connecting, so events a connect handler emits are recorded too.
    // An ack callback the server asked for is not part of what was received; answer it with socket.on().
    socket.onAny((event: string, ...args: unknown[]) => log.push({ event, args: args.filter((a) => typeof a !== 'function') }));
    this.#sockets.set(namespace, socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connect to ${namespace} timed out`)), 3000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.connect();
    });
    return socket;
  }

  socket(namespace = '/'): Socket {
    const socket = this.#sockets.get(namespace);
    if (!socket) throw new Error(`not connected to ${namespace}`);
    return socket;
  }

  /** Emits without an ack. */
  emit(namespace: string, event: string, ...args: unknown[]): void {
    this.socket(namespace).emit(event, ...args);
  }

  /** Emits with an ack and resolves with the ack's arguments (always an array). */
  ask(namespace: string, event: string, ...args: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.socket(namespace)
        .timeout(3000)
        .emit(event, ...args, (err: Error | null, ...values: unknown[]) => (err ? reject(err) : resolve(values)));
    });
  }

  /**
   * A round trip on `namespace`: every event the server sent this client before it saw the
   * ping has arrived once this resolves. The ping is an event no example handles, answered
   * by Socketeer's `unknown_event` ack (or by a catch-all handler's return value).
   */
  async sync(namespace = '/'): Promise<void> {
    await this.ask(namespace, 'test:sync');
  }

  /** What `namespace` received since the last take, in order; clears it. */
  take(namespace = '/'): Received[] {
    const log = this.#received.get(namespace);
    if (!log) throw new Error(`not connected to ${namespace}`);
    return log.splice(0, log.length);
  }

  /** Waits until `namespace` has received `event` (bounded), without consuming anything. */
  async waitFor(namespace: string, event: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.#received.get(namespace) ?? []).some((r) => r.event === event)) {
      if (Date.now() > deadline) throw new Error(`no '${event}' on ${namespace} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  disconnect(namespace: string): void {
    this.socket(namespace).disconnect();
  }

  close(): void {
    for (const socket of this.#sockets.values()) socket.disconnect();
    this.#manager.engine?.close();
  }
}

/**
 * Round trips, one after another, on every client and namespace given, so all pending
 * deliveries have landed. Put the client that just emitted first: its round trip proves the
 * server handled its event before the others ask.
 */
export async function settle(...pairs: [RecordingClient, string][]): Promise<void> {
  for (const [client, ns] of pairs) await client.sync(ns);
}

/** A logger that keeps lines instead of printing them, so tests stay quiet. */
export function collectingLogger() {
  const lines: { level: string; msg: string | undefined; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, msg, obj });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
