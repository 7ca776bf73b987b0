/**
 * engine.io long-polling spoken by hand: one POST can carry any number of packets, all parsed
 * in one go, which is how a hostile client packs a burst into a single read.
 */
import { request } from 'node:http';

const SEPARATOR = '\x1e';

function http(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: body === undefined ? {} : { 'content-type': 'text/plain;charset=UTF-8' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface PollingClient {
  /** Sends socket.io packets (e.g. `42["event"]`) in one POST. */
  post(packets: string[]): Promise<number>;
  /** One GET: the packets the server had queued (waits up to the server's poll duration). */
  poll(): Promise<string[]>;
}

/** Opens an engine.io polling session; does not join a namespace. */
export async function pollingSession(url: string): Promise<PollingClient> {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await http(base, 'GET');
  const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
  const at = `${base}&sid=${sid}`;
  return {
    post: async (packets) => (await http(at, 'POST', packets.map((p) => `4${p}`).join(SEPARATOR))).status,
    poll: async () =>
      (await http(at, 'GET')).body
        .split(SEPARATOR)
        .filter((p) => p !== '')
        .map((p) => p.slice(1)),
  };
}
