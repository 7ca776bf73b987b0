import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { createApp, type App, type AppOptions } from 'socketeer';
import { ask, connect, gate, next, sleep, start, type Client } from './support.js';

/** The engine.io polling handshake, as a browser page would send it. */
function pollingHandshake(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/socket.io/?EIO=4&transport=polling`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A WebSocket-first connection (browsers apply no CORS to these). Resolves 'open', or
 * 'refused' when engine.io answers the upgrade with 400 and our origin message.
 */
function websocketHandshake(url: string, origin: string | undefined): Promise<'open' | 'refused' | string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      ...(origin !== undefined && { origin }),
      headers: { cookie: 'session=victim' },
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve(res.statusCode === 400 && /is not allowed/.test(body) ? 'refused' : `${res.statusCode} ${body}`),
      );
    });
    ws.on('error', reject);
  });
}

describe('safe defaults', () => {
  const apps: App[] = [];
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(apps.map((a) => a.close({ deadline: 0 })));
  });
  async function serve(options: AppOptions = {}, setup?: (app: App) => void): Promise<string> {
    const app = createApp(options);
    setup?.(app);
    apps.push(app);
    return start(app);
  }

  describe('cross-origin requests', () => {
    it('refuses other origins by default, over polling and websocket, cookie or not', async () => {
      const url = await serve();
      const host = new URL(url).host;
      const evil = { origin: 'http://evil.example', cookie: 'session=victim' };
      assert.equal((await pollingHandshake(url, evil)).status, 403);
      assert.equal(await websocketHandshake(url, 'http://evil.example'), 'refused');
      const sandboxed = await pollingHandshake(url, { origin: 'null' });
      assert.equal(sandboxed.status, 403, "sandboxed pages send Origin 'null'");
      assert.equal(
        JSON.parse(sandboxed.body).message,
        'Origin null is not allowed (see the cors option)',
        'the message docs/security.md states',
      );
      assert.equal(await websocketHandshake(url, 'null'), 'refused');
      // Same-origin pages and non-browser clients (no Origin header) connect.
      assert.equal((await pollingHandshake(url, { origin: `http://${host}` })).status, 200);
      assert.equal(await websocketHandshake(url, `http://${host}`), 'open');
      assert.equal((await pollingHandshake(url, {})).status, 200);
      assert.equal(await websocketHandshake(url, undefined), 'open');
    });

    it('lets listed origins in (strings, RegExps, or a cors-style function)', async () => {
      const listed = await serve({
        cors: { origin: ['https://app.example', /\.trusted\.example$/], credentials: true },
      });
      assert.equal((await pollingHandshake(listed, { origin: 'https://app.example' })).status, 200);
      assert.equal(await websocketHandshake(listed, 'https://a.trusted.example'), 'open');
      assert.equal(await websocketHandshake(listed, 'https://evil.example'), 'refused');
      const fn = await serve({ cors: { origin: (origin, cb) => cb(null, origin === 'https://ok.example') } });
      assert.equal(await websocketHandshake(fn, 'https://ok.example'), 'open');
      assert.equal(
        await websocketHandshake(fn, 'https://evil.example'),
        'refused',
        'the function is asked for websocket handshakes too',
      );
      assert.equal((await pollingHandshake(fn, { origin: 'https://evil.example' })).status, 403);
    });
  });

  describe('payload size', () => {
    it('closes a connection that sends more than 1 MB by default; the server keeps serving', async () => {
      const url = await serve({}, (app) => app.on('echo', (s: string) => s.length));
      const c = await connect(url);
      clients.push(c);
      assert.equal(await ask(c, 'echo', 'x'.repeat(900_000)), 900_000);
      const closed = next(c, 'disconnect');
      c.emit('echo', 'x'.repeat(1_100_000));
      assert.equal((await closed)[0], 'transport close');
      const d = await connect(url);
      clients.push(d);
      assert.equal(await ask(d, 'echo', 'ok'), 2);
    });

    it('honours maxHttpBufferSize over polling too', async () => {
      const url = await serve({ maxHttpBufferSize: 10_000 }, (app) => app.on('echo', (s: string) => s.length));
      const c = await connect(url, '/', { transports: ['polling'] });
      clients.push(c);
      assert.equal(await ask(c, 'echo', 'x'.repeat(5_000)), 5_000);
      const closed = next(c, 'disconnect');
      c.emit('echo', 'x'.repeat(20_000));
      assert.match((await closed)[0], /transport (close|error)/);
    });
  });

  describe('events in flight', () => {
    it('refuses events beyond maxInFlight (default 64) with too_many_pending, without running them', async () => {
      const release = gate();
      let started = 0;
      const url = await serve({}, (app) => {
        app.on('wait', async () => {
          started++;
          await release.promise;
          return 'done';
        });
        app.on('quick', () => 'quick');
      });
      const c = await connect(url);
      clients.push(c);
      const waiting = Array.from({ length: 64 }, () => ask(c, 'wait'));
      const until = performance.now() + 3000;
      while (started < 64 && performance.now() < until) await sleep(5);
      assert.equal(started, 64);
      const refused = await ask(c, 'wait');
      assert.deepEqual(refused, {
        error: {
          code: 'too_many_pending',
          message: 'Too many unfinished events on this connection; wait for acknowledgements.',
        },
      });
      const noAck = next(c, 'socketeer:error');
      c.emit('quick');
      assert.equal((await noAck)[0].error.code, 'too_many_pending');
      assert.equal(started, 64);
      // Another connection is not affected.
      const d = await connect(url);
      clients.push(d);
      assert.equal(await ask(d, 'quick'), 'quick');
      release.open();
      assert.deepEqual(new Set(await Promise.all(waiting)), new Set(['done']));
      assert.equal(await ask(c, 'quick'), 'quick', 'the connection recovers once its handlers finish');
    });

    it('takes a custom maxInFlight and rejects nonsense', async () => {
      const release = gate();
      const url = await serve({ maxInFlight: 1 }, (app) => app.on('wait', () => release.promise.then(() => 'done')));
      const c = await connect(url);
      clients.push(c);
      const first = ask(c, 'wait');
      assert.equal((await ask(c, 'wait')).error.code, 'too_many_pending');
      release.open();
      assert.equal(await first, 'done');
      assert.throws(
        () => createApp({ maxInFlight: 0 }),
        (e: any) => e.code === 'invalid_option',
      );
    });
  });

  it('refuses a namespace nobody serves', async () => {
    const url = await serve({}, (app) => app.on('x', () => 1, { namespace: '/known' }));
    const err = await connect(url, '/unknown').then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(err.message, 'Invalid namespace');
    const ok = await connect(url, '/known');
    clients.push(ok);
    assert.equal(await ask(ok, 'x'), 1);
  });
});
