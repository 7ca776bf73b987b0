// A lean socket.io client: the engine.io v4 / socket.io v5 text protocol over a plain `ws` WebSocket.
// It costs the load generator far less CPU per message than socket.io-client, so the server,
// not the client, is what saturates. Only what the bench needs: connect a namespace, answer
// pings, emit with an ack (payload passed pre-serialized), and count events.
//
// Frames: server `0{...}` open -> client `40` (or `40/nsp,`) -> server `40{"sid":...}`;
// events `42<id>["event",data]`, acks `43<id>[...]`; ping `2` -> pong `3`.
import WebSocket from 'ws';

export interface LeanOptions {
  port: number;
  namespace?: string;
  /** Called with the raw frame of every event (not ack) the server sends. */
  onEvent?: (frame: string) => void;
}

export class LeanSocket {
  readonly #ws: WebSocket;
  readonly #prefix: string;
  readonly #pending = new Map<number, (refused: boolean) => void>();
  readonly #onEvent: ((frame: string) => void) | undefined;
  #nextId = 0;

  private constructor(ws: WebSocket, namespace: string, onEvent: ((frame: string) => void) | undefined) {
    this.#ws = ws;
    this.#prefix = namespace === '/' ? '' : `${namespace},`;
    this.#onEvent = onEvent;
  }

  /** Opens the WebSocket and resolves once the namespace is connected. */
  static connect(options: LeanOptions): Promise<LeanSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${options.port}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    const socket = new LeanSocket(ws, options.namespace ?? '/', options.onEvent);
    return new Promise((resolve, reject) => {
      const connected = `40${socket.#prefix}`;
      const refused = `44${socket.#prefix}`;
      ws.on('error', reject);
      ws.on('close', () => reject(new Error('closed before the namespace connected')));
      ws.on('message', (raw) => {
        const frame = String(raw);
        if (frame.startsWith(connected) && frame.charCodeAt(connected.length) === 123 /* { */) {
          resolve(socket);
        } else if (frame.startsWith(refused)) {
          reject(new Error(`namespace refused the connection: ${frame}`));
        } else {
          socket.#receive(frame);
        }
      });
    });
  }

  /**
   * Sends `42<id>["event",json]` and resolves on the matching `43<id>` ack: true when the ack
   * carried an error (a framework refused the event).
   */
  emitWithAck(event: string, json: string): Promise<boolean> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#ws.send(`42${this.#prefix}${id}["${event}",${json}]`);
    });
  }

  close(): void {
    this.#ws.terminate();
  }

  #receive(frame: string): void {
    const type = frame.charCodeAt(0);
    if (type === 50 /* 2: ping */) {
      this.#ws.send('3');
    } else if (type === 48 /* 0: open */) {
      this.#ws.send(`40${this.#prefix}`);
    } else if (frame.startsWith('43', 0)) {
      const start = 2 + this.#prefix.length;
      const id = Number.parseInt(frame.slice(start, frame.indexOf('[', start)), 10);
      const resolve = this.#pending.get(id);
      if (resolve) {
        this.#pending.delete(id);
        resolve(frame.includes('"error":{', start));
      }
    } else if (frame.startsWith('42', 0)) {
      this.#onEvent?.(frame);
    }
  }
}

/** Connects `count` lean sockets, at most `concurrency` handshakes at a time. */
export async function connectMany(count: number, options: LeanOptions, concurrency = 100): Promise<LeanSocket[]> {
  const sockets: LeanSocket[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = Math.min(concurrency, count - i);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => LeanSocket.connect(options)))));
  }
  return sockets;
}
