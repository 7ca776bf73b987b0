import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  call,
  closeRoom,
  disconnect,
  emit,
  joinRoom,
  leaveRoom,
  Namespace,
  On,
  rooms,
  send,
  SocketeerError,
  tuple,
  type EmitOptions,
  type SendOptions,
} from 'socketeer';
import { ask, flush, nextEvent, record, serve, until, type TestServer } from './support/server.js';

/** Runs whichever helper the client asks for, with the options it sends. */
@Namespace('/')
class Lobby {
  @On('emit') doEmit(spec: { event: string; data?: unknown; several?: unknown[]; opts?: EmitOptions }) {
    emit(spec.event, spec.several ? tuple(...spec.several) : spec.data, spec.opts);
  }
  @On('send') doSend(spec: { data: unknown; opts?: SendOptions }) {
    send(spec.data, spec.opts);
  }
  @On('join') join(room: string) {
    joinRoom(room);
    return rooms();
  }
  @On('join_for') joinFor(spec: { sid: string; room: string }) {
    joinRoom(spec.room, { sid: spec.sid });
  }
  @On('leave') leave(room: string) {
    leaveRoom(room);
    return rooms();
  }
  @On('leave_for') leaveFor(spec: { sid: string; room: string }) {
    leaveRoom(spec.room, { sid: spec.sid });
  }
  @On('close') close(room: string) {
    closeRoom(room);
  }
  @On('rooms') roomsOf(sid?: string) {
    return rooms(sid);
  }
  @On('kick') kick(sid?: string) {
    disconnect(sid);
  }
  @On('ask') async ask(spec: { event: string; data?: unknown; timeout?: number; to?: string }) {
    try {
      const opts = {
        ...(spec.timeout !== undefined && { timeout: spec.timeout }),
        ...(spec.to !== undefined && { to: spec.to }),
      };
      return { answer: await call(spec.event, spec.data, opts) };
    } catch (err) {
      return { failed: (err as SocketeerError).code };
    }
  }
  @On('emit_callback') emitCallback(spec: { to?: string }) {
    return new Promise((resolve) =>
      emit('question', 'ready?', { ...spec, callback: (...args: unknown[]) => resolve(args) }),
    );
  }
  @On('broadcast_callback') broadcastCallback() {
    emit('question', 'anyone?', { broadcast: true, callback: () => callbackCalls.push('broadcast') });
  }
  @On('misspelt') misspelt(spec: { helper: 'emit' | 'send' | 'call' | 'joinRoom' | 'rooms' }) {
    try {
      const bad = { rooms: 'x' } as unknown as EmitOptions;
      if (spec.helper === 'emit') emit('x', 1, bad);
      else if (spec.helper === 'send') send('x', bad);
      else if (spec.helper === 'joinRoom') joinRoom('r', bad as never);
      else if (spec.helper === 'rooms') rooms(undefined, bad as never);
      else void call('x', 1, bad as never);
      return 'accepted';
    } catch (err) {
      return { code: (err as SocketeerError).code, message: (err as Error).message };
    }
  }
}
const callbackCalls: string[] = [];

@Namespace('/other')
class Other {
  @On('hello') hello() {
    return 'other';
  }
}

async function lobby(t: import('node:test').TestContext): Promise<TestServer> {
  return serve(t, { controllers: [Lobby, Other] });
}

describe('emit', () => {
  test('goes to the sender only by default', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const seenB = record(b);
    const got = nextEvent(a, 'news');
    await ask(a, 'emit', { event: 'news', data: { n: 1 } });
    assert.deepEqual(await got, [{ n: 1 }]);
    await flush(b);
    assert.deepEqual(seenB, []);
  });

  test('sends no argument without data, and several with tuple()', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    const none = nextEvent(a, 'bare');
    await ask(a, 'emit', { event: 'bare' });
    assert.deepEqual(await none, []);
    const several = nextEvent(a, 'multi');
    await ask(a, 'emit', { event: 'multi', several: ['one', 2, { three: 3 }] });
    assert.deepEqual(await several, ['one', 2, { three: 3 }]);
  });

  test('to a room reaches its members, the sender included by default', async (t) => {
    const server = await lobby(t);
    const [a, b, c] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    await ask(a, 'join', 'red');
    await ask(b, 'join', 'red');
    const seenC = record(c);
    const gotA = nextEvent(a, 'news');
    const gotB = nextEvent(b, 'news');
    await ask(a, 'emit', { event: 'news', data: 'red only', opts: { to: 'red' } });
    assert.deepEqual(await gotA, ['red only']);
    assert.deepEqual(await gotB, ['red only']);
    await flush(c);
    assert.deepEqual(seenC, []);
  });

  test('room is an alias of to', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    await ask(b, 'join', 'blue');
    const gotB = nextEvent(b, 'news');
    await ask(a, 'emit', { event: 'news', data: 'via room', opts: { room: 'blue' } });
    assert.deepEqual(await gotB, ['via room']);
  });

  test('includeSelf: false leaves the sender out', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    await ask(a, 'join', 'red');
    await ask(b, 'join', 'red');
    const seenA = record(a);
    const gotB = nextEvent(b, 'news');
    await ask(a, 'emit', { event: 'news', data: 'not me', opts: { to: 'red', includeSelf: false } });
    assert.deepEqual(await gotB, ['not me']);
    await flush(a);
    assert.deepEqual(seenA, []);
  });

  test('to a sid reaches that client (every connection is in a room named by its sid)', async (t) => {
    const server = await lobby(t);
    const [a, b, c] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    const seenA = record(a);
    const seenC = record(c);
    const gotB = nextEvent(b, 'private');
    await ask(a, 'emit', { event: 'private', data: 'psst', opts: { to: b.id } });
    assert.deepEqual(await gotB, ['psst']);
    await Promise.all([flush(a), flush(c)]);
    assert.deepEqual(seenA, []);
    assert.deepEqual(seenC, []);
  });

  test('to a list reaches every room and sid in it, once each', async (t) => {
    const server = await lobby(t);
    const [a, b, c, d] = await Promise.all([server.connect(), server.connect(), server.connect(), server.connect()]);
    await ask(b, 'join', 'red');
    await ask(c, 'join', 'red');
    const seen = [record(b), record(c), record(d)];
    await ask(a, 'emit', { event: 'news', data: 'list', opts: { to: ['red', c.id, d.id] } });
    await Promise.all([flush(b), flush(c), flush(d)]);
    assert.deepEqual(seen, [[['news', 'list']], [['news', 'list']], [['news', 'list']]]);
  });

  test('skipSid takes one sid or a list', async (t) => {
    const server = await lobby(t);
    const [a, b, c] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    const seen = [record(a), record(b), record(c)];
    await ask(a, 'emit', { event: 'news', data: 1, opts: { broadcast: true, skipSid: b.id } });
    await ask(a, 'emit', { event: 'news', data: 2, opts: { broadcast: true, skipSid: [a.id, c.id] } });
    await Promise.all([flush(a), flush(b), flush(c)]);
    assert.deepEqual(seen, [[['news', 1]], [['news', 2]], [['news', 1]]]);
  });

  test('broadcast reaches the whole namespace, sender included unless includeSelf is false', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const elsewhere = await server.connect('/other');
    const seen = [record(a), record(b), record(elsewhere)];
    await ask(a, 'emit', { event: 'all', data: 1, opts: { broadcast: true } });
    await ask(a, 'emit', { event: 'all', data: 2, opts: { broadcast: true, includeSelf: false } });
    await Promise.all([flush(a), flush(b), flush(elsewhere)]);
    assert.deepEqual(seen, [
      [['all', 1]],
      [
        ['all', 1],
        ['all', 2],
      ],
      [],
    ]);
  });

  test('namespace: emitting to another namespace reaches the same client there', async (t) => {
    const server = await lobby(t);
    const manager = server.manager();
    const a = await server.connect('/', { manager });
    const aOther = await server.connect('/other', { manager });
    const bOther = await server.connect('/other');
    const seenA = record(a);
    const seenB = record(bOther);
    const got = nextEvent(aOther, 'cross');
    await ask(a, 'emit', { event: 'cross', data: 'hi there', opts: { namespace: '/other' } });
    assert.deepEqual(await got, ['hi there']);
    await Promise.all([flush(a), flush(bOther)]);
    assert.deepEqual(seenA, []);
    assert.deepEqual(seenB, []);
  });

  test('namespace with broadcast reaches everyone in that namespace only', async (t) => {
    const server = await lobby(t);
    const a = await server.connect('/');
    const [x, y] = await Promise.all([server.connect('/other'), server.connect('/other')]);
    const seen = [record(a), record(x), record(y)];
    await ask(a, 'emit', { event: 'cast', data: 'other ns', opts: { namespace: '/other', broadcast: true } });
    await Promise.all([flush(a), flush(x), flush(y)]);
    assert.deepEqual(seen, [[], [['cast', 'other ns']], [['cast', 'other ns']]]);
  });

  test('includeSelf: false or skipSid of the sender, with no other target, reaches nobody', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const seen = [record(a), record(b)];
    await ask(a, 'emit', { event: 'news', data: 1, opts: { includeSelf: false } });
    await ask(a, 'emit', { event: 'news', data: 2, opts: { skipSid: a.id } });
    await ask(a, 'emit', { event: 'news', data: 3, opts: { skipSid: [a.id] } });
    await Promise.all([flush(a), flush(b)]);
    assert.deepEqual(seen, [[], []]);
  });

  test('an empty to list reaches nobody (not the whole namespace)', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const seen = [record(a), record(b)];
    await ask(a, 'emit', { event: 'news', data: 'from a handler', opts: { to: [] } });
    server.app.emit('news', 'from the app', { to: [] });
    await Promise.all([flush(a), flush(b)]);
    assert.deepEqual(seen, [[], []]);
  });

  test('callback receives the ack of the sender, or of a single sid', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    a.on('question', (q: string, ack: (...args: unknown[]) => void) => ack('a says yes', q));
    b.on('question', (_q: string, ack: (...args: unknown[]) => void) => ack('b says yes'));
    assert.deepEqual(await ask(a, 'emit_callback', {}), ['a says yes', 'ready?']);
    assert.deepEqual(await ask(a, 'emit_callback', { to: b.id }), ['b says yes']);
  });

  test('callbacks are not invoked for broadcasts', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const asked: unknown[] = [];
    for (const s of [a, b]) {
      s.on('question', (q: unknown, ack?: (...args: unknown[]) => void) => {
        asked.push(q);
        ack?.('answer');
      });
    }
    callbackCalls.length = 0;
    await ask(a, 'broadcast_callback');
    await Promise.all([flush(a), flush(b)]);
    assert.deepEqual(asked, ['anyone?', 'anyone?']);
    // any ack the clients sent would have been processed before their flush round trip
    assert.deepEqual(callbackCalls, []);
  });
});

describe('send', () => {
  test('sends the message event to the sender by default', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    const got = nextEvent(a, 'message');
    await ask(a, 'send', { data: 'hello' });
    assert.deepEqual(await got, ['hello']);
  });

  test('json: true sends the json event', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    const seen = record(a);
    await ask(a, 'send', { data: { a: 1 }, opts: { json: true } });
    await flush(a);
    assert.deepEqual(seen, [['json', { a: 1 }]]);
  });

  test('takes the emit options (to a room)', async (t) => {
    const server = await lobby(t);
    const [a, b, c] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    await ask(b, 'join', 'green');
    const seen = [record(a), record(b), record(c)];
    await ask(a, 'send', { data: 'b has entered the room.', opts: { to: 'green' } });
    await Promise.all([flush(a), flush(b), flush(c)]);
    assert.deepEqual(seen, [[], [['message', 'b has entered the room.']], []]);
  });
});

describe('call', () => {
  test('resolves with the client ack: one value, an array for several, undefined for none', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    a.on('one', (x: number, ack: (...args: unknown[]) => void) => ack(x + 1));
    a.on('two', (ack: (...args: unknown[]) => void) => ack('x', 'y'));
    a.on('zero', (ack: (...args: unknown[]) => void) => ack());
    assert.deepEqual(await ask(a, 'ask', { event: 'one', data: 41 }), { answer: 42 });
    assert.deepEqual(await ask(a, 'ask', { event: 'two' }), { answer: ['x', 'y'] });
    assert.deepEqual(await ask(a, 'ask', { event: 'zero' }), {});
  });

  test('rejects with ack_timeout when the client does not answer in time', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    a.on('silent', () => {});
    const started = Date.now();
    assert.deepEqual(await ask(a, 'ask', { event: 'silent', timeout: 50 }), { failed: 'ack_timeout' });
    assert.ok(Date.now() - started < 1500, 'the timeout option was honoured');
  });

  test('to: asks another client', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    b.on('who', (ack: (id: string) => void) => ack(b.id!));
    assert.deepEqual(await ask(a, 'ask', { event: 'who', to: b.id }), { answer: b.id });
  });
});

describe('rooms', () => {
  test('joinRoom and leaveRoom change rooms(); the sid room is always there', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    assert.deepEqual(await ask(a, 'rooms'), [a.id]);
    assert.deepEqual((await ask(a, 'join', 'red')).sort(), [a.id, 'red'].sort());
    assert.deepEqual((await ask(a, 'join', 'blue')).sort(), [a.id, 'blue', 'red'].sort());
    assert.deepEqual((await ask(a, 'leave', 'red')).sort(), [a.id, 'blue'].sort());
  });

  test('joinRoom/leaveRoom/rooms/disconnect take another sid', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    await ask(a, 'join_for', { sid: b.id, room: 'vip' });
    assert.deepEqual((await ask(a, 'rooms', b.id)).sort(), [b.id, 'vip'].sort());
    await ask(a, 'leave_for', { sid: b.id, room: 'vip' });
    assert.deepEqual(await ask(a, 'rooms', b.id), [b.id]);
    const gone = nextEvent(b, 'disconnect');
    await ask(a, 'kick', b.id);
    assert.equal((await gone)[0], 'io server disconnect');
    assert.equal(a.connected, true);
  });

  test('disconnect() with no sid disconnects the sender', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    const gone = nextEvent(a, 'disconnect');
    a.emit('kick');
    assert.equal((await gone)[0], 'io server disconnect');
  });

  test('closeRoom empties the room for every member', async (t) => {
    const server = await lobby(t);
    const [a, b, c] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    await ask(a, 'join', 'doomed');
    await ask(b, 'join', 'doomed');
    await ask(c, 'close', 'doomed');
    assert.deepEqual(await ask(a, 'rooms'), [a.id]);
    assert.deepEqual(await ask(b, 'rooms'), [b.id]);
    const seen = [record(a), record(b)];
    await ask(c, 'emit', { event: 'news', opts: { to: 'doomed' } });
    await Promise.all([flush(a), flush(b)]);
    assert.deepEqual(seen, [[], []]);
  });
});

describe('options', () => {
  for (const helper of ['emit', 'send', 'call', 'joinRoom', 'rooms'] as const) {
    test(`${helper}: an unknown option key throws invalid_option`, async (t) => {
      const server = await lobby(t);
      const a = await server.connect();
      const answer = await ask(a, 'misspelt', { helper });
      assert.equal(answer.code, 'invalid_option');
      assert.match(answer.message, new RegExp(`^${helper}: unknown option 'rooms'`));
    });
  }

  test('a Python-style spelling gets a camelCase suggestion', async (t) => {
    const server = await lobby(t);
    assert.throws(
      () => server.app.emit('x', 1, { include_self: false } as never),
      (err: SocketeerError) =>
        err.code === 'invalid_option' &&
        /unknown option 'include_self'\. Did you mean 'includeSelf'\?/.test(err.message),
    );
  });
});

describe('outside a handler', () => {
  const cases: [string, () => unknown, string][] = [
    ['emit', () => emit('x'), 'app.emit()'],
    ['send', () => send('x'), 'app.send()'],
    ['call', () => call('x'), 'app.call()'],
    ['joinRoom', () => joinRoom('r'), 'app.joinRoom()'],
    ['leaveRoom', () => leaveRoom('r'), 'app.leaveRoom()'],
    ['closeRoom', () => closeRoom('r'), 'app.closeRoom()'],
    ['rooms', () => rooms(), 'app.rooms()'],
    ['disconnect', () => disconnect(), 'app.disconnect()'],
  ];
  for (const [name, fn, instead] of cases) {
    test(`${name}() throws no_context naming ${instead}`, () => {
      assert.throws(fn, (err: SocketeerError) => {
        assert.ok(err instanceof SocketeerError);
        assert.equal(err.code, 'no_context');
        assert.ok(
          err.message.startsWith(
            `${name}() can only be used inside an event handler (or code it calls, awaits or schedules); elsewhere, use ${instead}. `,
          ),
          err.message,
        );
        return true;
      });
    });
  }
});

describe('context-free app methods', () => {
  test('app.emit reaches everyone in / and no other namespace by default', async (t) => {
    const server = await lobby(t);
    const [a, b, x] = await Promise.all([server.connect(), server.connect(), server.connect('/other')]);
    const seen = [record(a), record(b), record(x)];
    server.app.emit('news', { hi: 1 });
    await Promise.all([flush(a), flush(b), flush(x)]);
    assert.deepEqual(seen, [[['news', { hi: 1 }]], [['news', { hi: 1 }]], []]);
  });

  test('app.emit takes namespace, to, skipSid and tuple data', async (t) => {
    const server = await lobby(t);
    const [a, x, y] = await Promise.all([server.connect(), server.connect('/other'), server.connect('/other')]);
    const seen = [record(a), record(x), record(y)];
    server.app.emit('ns', 1, { namespace: '/other' });
    server.app.emit('ns', 2, { namespace: '/other', skipSid: x.id! });
    server.app.emit('ns', tuple(3, 'three'), { namespace: '/other', to: x.id! });
    await Promise.all([flush(a), flush(x), flush(y)]);
    assert.deepEqual(seen, [
      [],
      [
        ['ns', 1],
        ['ns', 3, 'three'],
      ],
      [
        ['ns', 1],
        ['ns', 2],
      ],
    ]);
  });

  test('app.emit to a room reaches only its members', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    await ask(a, 'join', 'lobby');
    const seen = [record(a), record(b)];
    server.app.emit('news', 'room only', { to: 'lobby' });
    await Promise.all([flush(a), flush(b)]);
    assert.deepEqual(seen, [[['news', 'room only']], []]);
  });

  test('app.send sends message, or json with json: true, to everyone', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    const seen = [record(a), record(b)];
    server.app.send('plain');
    server.app.send({ j: 1 }, { json: true });
    await Promise.all([flush(a), flush(b)]);
    const expected = [
      ['message', 'plain'],
      ['json', { j: 1 }],
    ];
    assert.deepEqual(seen, [expected, expected]);
  });

  test('app.closeRoom empties a room of / by default', async (t) => {
    const server = await lobby(t);
    const [a, b] = await Promise.all([server.connect(), server.connect()]);
    await ask(a, 'join', 'temp');
    await ask(b, 'join', 'temp');
    server.app.closeRoom('temp');
    await until(
      () => server.app.rooms(a.id!).length === 1 && server.app.rooms(b.id!).length === 1,
      2000,
      'room closed',
    );
    assert.deepEqual(await ask(a, 'rooms'), [a.id]);
  });

  test('app.joinRoom, app.leaveRoom, app.rooms, app.disconnect and app.call act on a sid', async (t) => {
    const server = await lobby(t);
    const a = await server.connect();
    server.app.joinRoom(a.id!, 'ops');
    assert.deepEqual(server.app.rooms(a.id!).sort(), [a.id, 'ops'].sort());
    server.app.leaveRoom(a.id!, 'ops');
    assert.deepEqual(server.app.rooms(a.id!), [a.id]);
    a.on('ping', (n: number, ack: (v: number) => void) => ack(n * 2));
    assert.equal(await server.app.call('ping', 21, { to: a.id!, timeout: 1000 }), 42);
    const gone = nextEvent(a, 'disconnect');
    server.app.disconnect(a.id!);
    assert.equal((await gone)[0], 'io server disconnect');
  });

  test('app.emit with an unknown option throws instead of ignoring it', async (t) => {
    const server = await lobby(t);
    assert.throws(() => server.app.emit('x', 1, { rooms: 'a' } as never), /app\.emit: unknown option 'rooms'/);
    assert.throws(() => server.app.send('x', { broadcats: true } as never), /app\.send: unknown option 'broadcats'/);
  });
});
