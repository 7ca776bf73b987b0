import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import express from 'express';
import { Manager } from 'socket.io-client';
import { Server } from 'socket.io';
import { createApp, Namespace, On, type SocketeerError } from 'socketeer';
import { ask, flush, nextEvent, record, serve, type RefusedError } from './support/server.js';

@Namespace('/')
class Echo {
  @On('echo') echo(value: unknown) {
    return value;
  }
}

/** Connects a raw client with its own engine options (path, origin...), closed when the test ends. */
function rawConnect(
  t: import('node:test').TestContext,
  url: string,
  options: ConstructorParameters<typeof Manager>[1] = {},
) {
  const manager = new Manager(url, { transports: ['websocket'], reconnection: false, ...options });
  const socket = manager.socket('/');
  t.after(() => {
    socket.disconnect();
    manager.engine?.close();
  });
  return new Promise<typeof socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('the app', () => {
  test('serves express routes and socket.io on the same port', async (t) => {
    const server = await serve(t, { controllers: [Echo] }, (app) => {
      app.express.get('/health', (_req, res) => {
        res.send('ok');
      });
    });
    const res = await fetch(`${server.url}/health`);
    assert.equal(await res.text(), 'ok');
    const client = await server.connect();
    assert.equal(await ask(client, 'echo', 'hi'), 'hi');
  });

  test('uses your own express app when given one', async (t) => {
    const mine = express();
    mine.get('/mine', (_req, res) => {
      res.json({ mine: true });
    });
    const server = await serve(t, { controllers: [Echo], express: mine });
    assert.equal(server.app.express, mine);
    assert.deepEqual(await (await fetch(`${server.url}/mine`)).json(), { mine: true });
  });

  test('listen resolves with the address; port is there once listening', async (t) => {
    const app = createApp({ controllers: [Echo] });
    t.after(() => app.close());
    assert.throws(
      () => app.port,
      (err: SocketeerError) => err.code === 'not_listening' && /call app\.listen\(\) first/.test(err.message),
    );
    const address = await app.listen(0, '127.0.0.1');
    assert.equal(address.host, '127.0.0.1');
    assert.ok(address.port > 0);
    assert.equal(app.port, address.port);
  });

  test('close disconnects clients, stops listening and resolves', async (t) => {
    const server = await serve(t, { controllers: [Echo] });
    const client = await server.connect();
    const gone = nextEvent(client, 'disconnect');
    await server.app.close();
    assert.equal(server.app.http.listening, false);
    assert.equal(typeof (await gone)[0], 'string');
    assert.equal(client.connected, false);
    await assert.rejects(fetch(`${server.url}/`));
    await server.app.close(); // closing twice is harmless
  });

  test('app.io is the socket.io server, the escape hatch', async (t) => {
    const server = await serve(t, { controllers: [Echo] });
    assert.ok(server.app.io instanceof Server);
    const client = await server.connect();
    const raw = nextEvent(client, 'raw');
    server.app.io.emit('raw', 'through socket.io directly');
    assert.deepEqual(await raw, ['through socket.io directly']);
  });

  test('app.on handles an event with a function, in any namespace', async (t) => {
    const server = await serve(t, {}, (app) => {
      app.on('add', (a: number, b: number) => a + b);
      app.on('where', () => 'in /fn', { namespace: '/fn' });
    });
    const root = await server.connect('/');
    const fn = await server.connect('/fn');
    assert.equal(await ask(root, 'add', 2, 3), 5);
    assert.equal(await ask(fn, 'where'), 'in /fn');
    assert.equal((await ask(root, 'where')).error.code, 'unknown_event');
  });

  test('an unknown option key is an error', () => {
    assert.throws(
      () => createApp({ controlers: [Echo] } as never),
      (err: SocketeerError) => {
        assert.equal(err.code, 'invalid_option');
        assert.match(err.message, /^createApp: unknown option 'controlers'\./);
        return true;
      },
    );
    assert.throws(() => createApp({ ping_interval: 5 } as never), /Did you mean 'pingInterval'\?/);
  });
});

describe('options reach socket.io', () => {
  test('path moves the endpoint', async (t) => {
    const server = await serve(t, { controllers: [Echo], path: '/rt' });
    const client = await rawConnect(t, server.url, { path: '/rt' });
    assert.equal(await client.timeout(2000).emitWithAck('echo', 'via /rt'), 'via /rt');
    await assert.rejects(rawConnect(t, server.url, { timeout: 300 }));
  });

  test('pingInterval, pingTimeout, maxHttpBufferSize and any io option pass through', async (t) => {
    const server = await serve(t, {
      controllers: [Echo],
      pingInterval: 1111,
      pingTimeout: 2222,
      maxHttpBufferSize: 1000,
      io: { connectTimeout: 3333 },
    });
    const engineOpts = (server.app.io.engine as unknown as { opts: Record<string, unknown> }).opts;
    assert.equal(engineOpts['pingInterval'], 1111);
    assert.equal(engineOpts['pingTimeout'], 2222);
    assert.equal(engineOpts['maxHttpBufferSize'], 1000);
    assert.equal((server.app.io as unknown as { _connectTimeout: number })._connectTimeout, 3333);
    // a message over maxHttpBufferSize closes the connection instead of reaching a handler
    const client = await server.connect();
    const gone = nextEvent(client, 'disconnect');
    client.emit('echo', 'x'.repeat(5000));
    assert.equal((await gone)[0], 'transport close');
  });

  test('cors: by default only same-origin pages and clients without an Origin connect', async (t) => {
    const server = await serve(t, { controllers: [Echo] });
    await server.connect(); // Node client: no Origin header
    await server.connect('/', { headers: { origin: server.url } }); // same origin
    await assert.rejects(
      rawConnect(t, server.url, { extraHeaders: { origin: 'http://evil.example' } }),
      (err: RefusedError) => {
        assert.match(err.message, /websocket error|xhr poll error|Origin/i);
        return true;
      },
    );
  });

  test('cors: listed origins are allowed', async (t) => {
    const server = await serve(t, { controllers: [Echo], cors: { origin: ['http://friend.example'] } });
    await server.connect('/', { headers: { origin: 'http://friend.example' } });
    await assert.rejects(rawConnect(t, server.url, { extraHeaders: { origin: 'http://stranger.example' } }));
  });

  test('engineioLogger logs transport-level events', async (t) => {
    const lines: string[] = [];
    const logger = {
      debug() {},
      info: (_o: object, msg?: string) => void lines.push(msg ?? ''),
      warn: (_o: object, msg?: string) => void lines.push(msg ?? ''),
      error() {},
    };
    const server = await serve(t, { controllers: [Echo], engineioLogger: logger });
    const client = await server.connect();
    const seen = record(client);
    await flush(client);
    assert.deepEqual(seen, []);
    assert.ok(lines.includes('engine.io open'), lines.join(', '));
  });
});
