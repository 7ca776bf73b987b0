/**
 * A plain `ws` WebSocket speaking engine.io/socket.io framing by hand, for sending what a
 * well-behaved client never would (garbage, half packets, huge or binary frames) and for
 * flooding without socket.io-client's per-emit cost.
 */
import WebSocket from 'ws';

export interface RawClient {
  ws: WebSocket;
  /** Text frames received, in order. */
  frames: string[];
  send(frame: string | Buffer): void;
  /** Resolves with the first received frame (from now on) that `match` accepts; rejects on close or after `ms`. */
  waitFor(match: (frame: string) => boolean, ms?: number): Promise<string>;
  closed: Promise<void>;
  close(): void;
}

/** Opens the websocket and waits for the engine.io open packet; does not join a namespace. */
export function rawConnect(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers });
  const frames: string[] = [];
  const waiters = new Set<(frame: string) => void>();
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('error', () => {}); // a refused or cut connection shows up as 'close'
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? `<binary ${(data as Buffer).length}>` : String(data);
    if (frame === '2') ws.send('3'); // engine.io ping -> pong
    frames.push(frame);
    for (const w of waiters) w(frame);
  });
  const client: RawClient = {
    ws,
    frames,
    closed,
    send(frame) {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    waitFor(match, ms = 3000) {
      return new Promise((resolve, reject) => {
        const give = (why: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`${why}; got ${JSON.stringify(frames.slice(-5))}`));
        };
        const timer = setTimeout(() => give(`no matching frame within ${ms} ms`), ms);
        const check = (frame: string) => {
          if (!match(frame)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(frame);
        };
        waiters.add(check);
        void closed.then(() => give('the connection closed'));
      });
    },
    close() {
      ws.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve(client));
    ws.once('close', () => reject(new Error('closed before the engine.io open packet')));
  });
}

/** Opens and joins `namespace` ('/' by default); resolves once the server accepted. */
export async function rawJoin(url: string, namespace = '/'): Promise<RawClient> {
  const client = await rawConnect(url);
  const prefix = namespace === '/' ? '40' : `40${namespace},`;
  const accepted = client.waitFor(
    (f) => f.startsWith(`${prefix}{`) || f.startsWith(namespace === '/' ? '44' : `44${namespace},`),
  );
  client.send(prefix);
  const frame = await accepted;
  if (frame.startsWith('44')) throw new Error(`namespace refused: ${frame}`);
  return client;
}
