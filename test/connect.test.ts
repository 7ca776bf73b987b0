import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import {
  ConnectionRefusedError,
  emit,
  joinRoom,
  Namespace,
  On,
  OnConnect,
  OnDisconnect,
  OnError,
  request,
  rooms,
  send,
  SocketeerError,
} from 'socketeer';
import { ask, captureStderr, flush, nextEvent, record, serve, until, type RefusedError } from './support/server.js';

const connects: unknown[] = [];
const disconnects: string[] = [];

@Namespace('/gate')
class Gate {
  @OnConnect() async connect(auth: { token?: string; mode?: string }) {
    connects.push(auth);
    if (auth.mode === 'emit-then-refuse') emit('secret', 'must not arrive');
    await sleep(1);
    if (auth.mode === 'false' || auth.mode === 'emit-then-refuse') return false;
    if (auth.mode === 'crash') throw new Error('database password is hunter2');
    if (auth.token !== 'secret')
      throw new ConnectionRefusedError('unauthorized!', { reason: 'bad token', retry: false });
    joinRoom('members');
    emit('welcome', { sid: request.sid, rooms: rooms().sort() });
    send('hello from connect');
    return undefined;
  }
  @On('rooms') myRooms() {
    return rooms().sort();
  }
  @OnDisconnect() bye(reason: string) {
    disconnects.push(`${request.sid}:${reason}`);
  }
}

const controllers = [Gate];

describe('@OnConnect', () => {
  test('receives the auth payload', async (t) => {
    const server = await serve(t, { controllers });
    connects.length = 0;
    await server.connect('/gate', { auth: { token: 'secret', extra: 1 } });
    assert.deepEqual(connects, [{ token: 'secret', extra: 1 }]);
  });

  test('returning false refuses before the client counts as connected', async (t) => {
    const server = await serve(t, { controllers });
    disconnects.length = 0;
    const refused = await server.connect('/gate', { auth: { mode: 'false' } }).then(
      () => assert.fail('connected'),
      (err: RefusedError) => err,
    );
    assert.equal(refused.message, 'Connection rejected by server');
    assert.equal(refused.data, undefined);
    assert.equal(server.app.io.of('/gate').sockets.size, 0);
    assert.equal(server.app.io.of('/gate').adapter.rooms.size, 0, 'a refused client is in no room');
    assert.deepEqual(disconnects, [], 'a refused client never connected, so it never disconnects');
  });

  test('ConnectionRefusedError(message, data) reaches the client connect_error', async (t) => {
    const server = await serve(t, { controllers });
    await assert.rejects(server.connect('/gate', { auth: { token: 'wrong' } }), (err: RefusedError) => {
      assert.equal(err.message, 'unauthorized!');
      assert.deepEqual(err.data, { reason: 'bad token', retry: false });
      return true;
    });
    assert.equal(server.app.io.of('/gate').sockets.size, 0);
  });

  test('what a refused connect handler emitted is never delivered', async (t) => {
    const server = await serve(t, { controllers });
    const socket = server.socket('/gate', { auth: { mode: 'emit-then-refuse' } });
    const seen = record(socket);
    const refused = nextEvent(socket, 'connect_error');
    socket.connect();
    await refused;
    // the connection is refused; a fresh, accepted client on the same link proves nothing was queued for it
    const ok = await server.connect('/gate', { auth: { token: 'secret' } });
    await flush(ok);
    assert.deepEqual(seen, []);
  });

  test('an unexpected throw refuses with a generic message, logs, and leaks nothing', async (t) => {
    const server = await serve(t, { controllers });
    const { result: err, output } = await captureStderr(() =>
      server.connect('/gate', { auth: { mode: 'crash' } }).then(
        () => assert.fail('connected'),
        (e: RefusedError) => e,
      ),
    );
    assert.equal(err.message, 'Internal server error.');
    assert.doesNotMatch(JSON.stringify(err.data ?? null), /hunter2|at /);
    assert.match(output, /handler failed.*namespace=\/gate.*event=connect/);
  });

  test('a SocketeerError refuses with its code; a developer error with nothing internal', async (t) => {
    @Namespace('/coded')
    class Coded {
      @OnConnect() connect(auth: { mode?: string }) {
        if (auth.mode === 'misuse') emit('x', 1, { rooms: 'typo' } as never);
        throw new SocketeerError('unauthorized', 'Log in first.');
      }
    }
    const server = await serve(t, { controllers: [Coded] });
    const { result: coded } = await captureStderr(() =>
      server.connect('/coded').then(
        () => assert.fail('connected'),
        (e: RefusedError) => e,
      ),
    );
    assert.equal(coded.message, 'Log in first.');
    assert.deepEqual(coded.data, { code: 'unauthorized', message: 'Log in first.' });
    const { result: err } = await captureStderr(() =>
      server.connect('/coded', { auth: { mode: 'misuse' } }).then(
        () => assert.fail('connected'),
        (e: RefusedError) => e,
      ),
    );
    assert.equal(err.message, 'Internal server error.');
    assert.deepEqual(err.data, { code: 'internal_error', message: 'Internal server error.' });
  });

  test('an accepting handler may emit, send and join rooms; the client gets them once connected', async (t) => {
    const server = await serve(t, { controllers });
    const socket = server.socket('/gate', { auth: { token: 'secret' } });
    const seen = record(socket);
    const connected = nextEvent(socket, 'connect');
    let connectedWhenWelcomed: boolean | undefined;
    socket.on('welcome', () => (connectedWhenWelcomed = socket.connected));
    socket.connect();
    await connected;
    await flush(socket);
    assert.equal(connectedWhenWelcomed, true);
    assert.deepEqual(seen, [
      ['welcome', { sid: socket.id, rooms: [socket.id, 'members'].sort() }],
      ['message', 'hello from connect'],
    ]);
    assert.deepEqual(await ask(socket, 'rooms'), [socket.id, 'members'].sort());
    const news = nextEvent(socket, 'news');
    server.app.emit('news', 'for members', { namespace: '/gate', to: 'members' });
    assert.deepEqual(await news, ['for members']);
  });

  test('emits from a connect handler to its sid, to a room it joined, or broadcast include the new client', async (t) => {
    @Namespace('/announce')
    class Announce {
      @OnConnect() connect() {
        joinRoom('lobby');
        emit('by_sid', rooms().sort(), { to: request.sid });
        emit('by_room', 'lobby news', { to: 'lobby' });
        emit('by_broadcast', 'someone arrived', { broadcast: true });
      }
    }
    const server = await serve(t, { controllers: [Announce] });
    const socket = server.socket('/announce');
    const seen = record(socket);
    await new Promise<void>((resolve) => socket.once('connect', resolve).connect());
    await flush(socket);
    assert.deepEqual(seen, [
      ['by_sid', [socket.id, 'lobby'].sort()],
      ['by_room', 'lobby news'],
      ['by_broadcast', 'someone arrived'],
    ]);
  });

  test('several connect handlers in one namespace all run; any one may refuse', async (t) => {
    const order: string[] = [];
    @Namespace('/multi')
    class First {
      @OnConnect() first() {
        order.push('first');
      }
    }
    @Namespace('/multi')
    class Second {
      @OnConnect() second(auth: { deny?: boolean }) {
        order.push('second');
        if (auth.deny) throw new ConnectionRefusedError('second says no');
      }
    }
    const server = await serve(t, { controllers: [First, Second] });
    await server.connect('/multi');
    assert.deepEqual(order, ['first', 'second']);
    await assert.rejects(server.connect('/multi', { auth: { deny: true } }), { message: 'second says no' });
  });

  test('app.on("connect") and app.on("disconnect") work like the decorators', async (t) => {
    const seen: string[] = [];
    const server = await serve(t, {}, (app) => {
      app.on('connect', (auth: { name?: string }) => {
        if (!auth.name) return false;
        seen.push(`connect ${auth.name}`);
        emit('hi', auth.name);
        return undefined;
      });
      app.on('disconnect', (reason: string) => seen.push(`disconnect ${reason}`));
    });
    await assert.rejects(server.connect('/'), { message: 'Connection rejected by server' });
    const socket = server.socket('/', { auth: { name: 'zoe' } });
    const hi = nextEvent(socket, 'hi');
    socket.connect();
    assert.deepEqual(await hi, ['zoe']);
    socket.disconnect();
    await until(() => seen.length === 2, 2000, 'disconnect handler');
    assert.deepEqual(seen, ['connect zoe', 'disconnect client namespace disconnect']);
  });

  test('@OnDisconnect receives the reason', async (t) => {
    const server = await serve(t, { controllers });
    disconnects.length = 0;
    const socket = await server.connect('/gate', { auth: { token: 'secret' } });
    const sid = socket.id;
    socket.disconnect();
    await until(() => disconnects.length === 1, 2000, 'disconnect handler');
    assert.deepEqual(disconnects, [`${sid}:client namespace disconnect`]);
  });

  test('an error in @OnDisconnect goes to the error handler, and nothing crashes', async (t) => {
    const errors: string[] = [];
    @Namespace('/fragile')
    class Fragile {
      @OnDisconnect() async bye() {
        await sleep(1);
        throw new Error('cleanup failed');
      }
      @OnError() failed(err: Error) {
        errors.push(`${request.event}: ${err.message}`);
      }
    }
    const server = await serve(t, { controllers: [Fragile] });
    const socket = await server.connect('/fragile');
    socket.disconnect();
    await until(() => errors.length === 1, 2000, 'error handler');
    assert.deepEqual(errors, ['disconnect: cleanup failed']);
  });
});
