/** Shared helpers for the hardening tests: real servers on 127.0.0.1:0, real socket.io clients. */
import { io as ioClient, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { App } from 'socketeer';

export type Client = ClientSocket;

export async function start(app: App): Promise<string> {
  const { port } = await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

/** Connects and resolves once connected; rejects with the connect_error (message and data). */
export function connect(
  url: string,
  namespace = '/',
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Client> {
  const socket = ioClient(url + namespace, {
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits and resolves with the ack's first argument (rejects after `ms`). */
export function ask(socket: Client, event: string, ...args: unknown[]): Promise<any> {
  return socket.timeout(3000).emitWithAck(event, ...args);
}

/** The next `event` the client receives, within `ms`. */
export function next(socket: Client, event: string, ms = 3000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${ms} ms`)), ms);
    socket.once(event, (...args: any[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise with its resolver, for handlers the test releases. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** A logger that keeps what it is told (tests must not print on success). */
export function recordingLogger() {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}
