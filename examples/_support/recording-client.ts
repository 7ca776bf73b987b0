/**
 * Test support for the examples: socketeer/testing's `TestClient`, seen as a log per namespace
 * of `{ event, args }` (acknowledgement callbacks left out), so a test can assert the exact
 * sequence each client saw.
 */
import type { Socket } from 'socket.io-client';
import { TestClient } from 'socketeer/testing';

export interface Received {
  event: string;
  args: unknown[];
}

export interface ConnectOptions {
  auth?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const TIMEOUT = 3000;

/** One client (one connection) that can join several namespaces of the same server. */
export class RecordingClient {
  readonly #client: TestClient;

  constructor(url: string, headers?: Record<string, string>) {
    this.#client = new TestClient(url, { timeout: TIMEOUT, ...(headers && { headers }) });
  }

  /** Connects to `namespace`; rejects with the server's error (message and data) when refused. */
  async connect(namespace = '/', options: ConnectOptions = {}): Promise<Socket> {
    await this.#client.connect(namespace, options.auth ? { auth: options.auth } : undefined);
    return this.#client.socket(namespace);
  }

  socket(namespace = '/'): Socket {
    return this.#client.socket(namespace);
  }

  /** Emits without an ack. */
  emit(namespace: string, event: string, ...args: unknown[]): void {
    this.#client.of(namespace).emitNoAck(event, ...args);
  }

  /** Emits with an ack and resolves with the ack's arguments (always an array). */
  ask(namespace: string, event: string, ...args: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.socket(namespace)
        .timeout(TIMEOUT)
        .emit(event, ...args, (err: Error | null, ...values: unknown[]) => (err ? reject(err) : resolve(values)));
    });
  }

  /** A round trip on `namespace`: every event the server sent before it has arrived. */
  async sync(namespace = '/'): Promise<void> {
    await this.#client.of(namespace).sync();
  }

  /** What `namespace` received since the last take, in order; clears it. */
  take(namespace = '/'): Received[] {
    return this.#client
      .getReceived(namespace)
      .map((r) => ({ event: r.name, args: r.args.filter((a) => typeof a !== 'function') }));
  }

  /** Waits until `namespace` has received `event` (bounded), without consuming anything. */
  async waitFor(namespace: string, event: string, timeoutMs = TIMEOUT): Promise<void> {
    await this.#client.waitFor(event, { namespace, timeout: timeoutMs, keep: true });
  }

  disconnect(namespace: string): void {
    void this.#client.disconnect(namespace);
  }

  close(): void {
    void this.#client.close();
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
