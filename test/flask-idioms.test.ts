/**
 * Flask-SocketIO idioms that ported code relies on: disconnect() in a connect handler refuses
 * the client, request.headers in any casing, request.remoteAddr, and the test client's sid.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, createApp, disconnect, emit, Namespace, OnConnect, request, type SocketeerError } from 'socketeer';
import { createTestClient, ConnectionRefused } from 'socketeer/testing';
import { appFor } from './support/app.js';
import { ask, captureStderr, flush, record, serve, type RefusedError } from './support/server.js';

let afterDisconnect: string[] = [];

@Namespace('/members')
class Members {
  @OnConnect()
  connect(auth: { token?: string; how?: string }) {
    if (auth.token !== 'secret') {
      emit('leaked', 'a refused client must not get this');
      if (auth.how === 'sid') disconnect(request.sid);
      else disconnect();
      afterDisconnect.push('the handler carried on, as in Flask-SocketIO');
      return;
    }
    emit('welcome', 'in');
  }
}

describe('disconnect() in a connect handler refuses the connection, as in Flask-SocketIO', () => {
  for (const how of ['no argument', 'sid']) {
    test(`disconnect(${how === 'sid' ? 'request.sid' : ''})`, async (t) => {
      afterDisconnect = [];
      const server = await serve(t, { controllers: [Members] });
      const socket = server.socket('/members', { auth: { how } });
      const seen = record(socket);
      const refused = await new Promise<RefusedError>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('the client was let in')));
        socket.once('connect_error', resolve);
        socket.connect();
      });
      assert.equal(refused.message, 'Connection rejected by server');
      assert.equal(socket.connected, false);
      assert.deepEqual(seen, []);
      assert.deepEqual(afterDisconnect, ['the handler carried on, as in Flask-SocketIO']);
      assert.equal(server.app.io.of('/members').sockets.size, 0);
    });
  }

  test('an accepted client is not affected, and disconnect() later in a handler still disconnects', async (t) => {
    const server = await serve(t, { controllers: [Members] }, (app) =>
      app.on('leave', () => disconnect(), { namespace: '/members' }),
    );
    const socket = server.socket('/members', { auth: { token: 'secret' } });
    const seen = record(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()).connect());
    await flush(socket);
    assert.deepEqual(seen, [['welcome', 'in']]);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('leave');
    assert.equal(await gone, 'io server disconnect');
  });

  test('disconnect() from a guard refuses too', async (t) => {
    const server = await serve(t, {}, (app) =>
      app.guard('/guarded', () => {
        disconnect();
        return true;
      }),
    );
    await assert.rejects(
      server.connect('/guarded'),
      (err: RefusedError) => err.message === 'Connection rejected by server',
    );
  });
});

describe('request.headers and request.header()', () => {
  test('read in any casing, as Flask reads them', async (t) => {
    const app = appFor(t);
    app.on('ua', () => ({
      flask: request.headers['User-Agent'],
      lower: request.headers['user-agent'],
      upper: request.headers['X-CUSTOM'],
      has: 'X-Custom' in request.headers,
      header: request.header('x-custom'),
      missing: request.header('X-Nothing') ?? null,
    }));
    const client = await createTestClient(app, { headers: { 'user-agent': 'python-socketio/5', 'X-Custom': 'yes' } });
    assert.deepEqual(await client.emit('ua'), {
      flask: 'python-socketio/5',
      lower: 'python-socketio/5',
      upper: 'yes',
      has: true,
      header: 'yes',
      missing: null,
    });
  });
});

describe('request.remoteAddr', () => {
  const forwarded = { 'x-forwarded-for': '203.0.113.7, 10.0.0.2' };
  const addrOf = async (t: import('node:test').TestContext, trustProxy?: boolean | number) => {
    const app = appFor(t, trustProxy === undefined ? {} : { trustProxy });
    app.on('addr', () => request.remoteAddr);
    const client = await createTestClient(app, { headers: forwarded });
    return client.emit('addr');
  };

  test('is the peer address by default: a client cannot claim another with X-Forwarded-For', async (t) => {
    assert.equal(await addrOf(t), '127.0.0.1');
  });
  test('trustProxy: true believes the first X-Forwarded-For address', async (t) => {
    assert.equal(await addrOf(t, true), '203.0.113.7');
  });
  test('trustProxy: n trusts n proxies in front of the app', async (t) => {
    assert.equal(await addrOf(t, 1), '10.0.0.2');
    assert.equal(await addrOf(t, 2), '203.0.113.7');
    assert.equal(await addrOf(t, 5), '203.0.113.7');
  });
  test('a bad trustProxy is refused at createApp', () => {
    assert.throws(
      () => createApp({ trustProxy: 'yes' as unknown as boolean }),
      (err: SocketeerError) => err.code === 'invalid_option' && /trustProxy/.test(err.message),
    );
  });
});

describe("the test client exposes each namespace's sid", () => {
  test('client.sid and client.of(ns).sid are what the server sees as request.sid', async (t) => {
    const app = appFor(t);
    app.on('whoami', () => request.sid);
    app.on('whoami', () => request.sid, { namespace: '/other' });
    app.on('to-sid', (sid: string) => emit('direct', 'for you', { to: sid }));
    const client = await createTestClient(app);
    await client.connect('/other');
    assert.equal(typeof client.sid, 'string');
    assert.equal(await client.emit('whoami'), client.sid);
    assert.equal(await client.of('/other').emit('whoami'), client.of('/other').sid);
    assert.notEqual(client.sid, client.of('/other').sid);
    assert.equal(client.sidOf('/other'), client.of('/other').sid);
    const other = await createTestClient(app);
    await client.emit('to-sid', other.sid);
    assert.deepEqual((await other.waitFor('direct')).args, ['for you']);
    await client.disconnect('/other');
    assert.equal(client.of('/other').sid, undefined);
  });
});

describe('socket.io options and reserved names', () => {
  test('a socket.io option at the top level of createApp says to pass it as io: { ... }', () => {
    assert.throws(
      () => createApp({ connectTimeout: 1000 } as never),
      (err: SocketeerError) => {
        assert.equal(err.code, 'invalid_option');
        assert.match(err.message, /pass it as io: \{ connectTimeout \}/);
        return true;
      },
    );
    const ok = createApp({ io: { connectTimeout: 1000 } });
    return ok.close();
  });

  test('call() and app.call() of a reserved name throw reserved_event at the call', async (t) => {
    const server = await serve(t, {}, (app) => app.on('ask', () => call('disconnecting')));
    const socket = await server.connect('/');
    const { result, output } = await captureStderr(() => ask(socket, 'ask'));
    assert.deepEqual(result, { error: { code: 'internal_error', message: 'Internal server error.' } });
    assert.match(output, /handler failed .*reserved by socket\.io/);
    assert.throws(
      () => server.app.call('newListener', {}, { to: socket.id! }),
      (err: SocketeerError) => err.code === 'reserved_event',
    );
    assert.throws(
      () => server.app.emit('connect_error', {}),
      (err: SocketeerError) => err.code === 'reserved_event',
    );
  });

  test('a refused test client still reports the refusal', async (t) => {
    const app = appFor(t, { controllers: [Members] });
    await assert.rejects(createTestClient(app, { namespace: '/members' }), ConnectionRefused);
  });
});
