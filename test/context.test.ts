import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import {
  emit,
  getContext,
  Namespace,
  On,
  OnConnect,
  request,
  RequestContext,
  type SocketeerError,
  tryGetContext,
} from 'socketeer';
import { ask, nextEvent, serve } from './support/server.js';

/** What a handler sees of the request, read at the moment it is called. */
function snapshot() {
  return {
    sid: request.sid,
    namespace: request.namespace,
    event: request.event,
    args: request.args,
    auth: request.auth,
    query: { room: request.query['room'] },
    header: request.headers['x-test'],
    cookies: request.cookies,
    handshakeAuth: request.handshake.auth,
    socketIsSid: request.socket.id === request.sid,
    session: { ...request.session },
  };
}

@Namespace('/ctx')
class ContextController {
  @OnConnect() connect(auth: { user?: string }) {
    request.session['user'] = auth.user;
  }
  @On('fields') fields(..._args: unknown[]) {
    return snapshot();
  }
  @On('after_await') async afterAwait(ms: number) {
    await sleep(ms);
    await Promise.resolve();
    return snapshot();
  }
  @On('chain') chain(ms: number) {
    return Promise.resolve()
      .then(() => sleep(ms))
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => snapshot());
  }
  @On('timer') timer(ms: number) {
    // the handler returns at once; the timer fires after the ack, still inside this request
    setTimeout(() => emit('later', snapshot()), ms);
    return 'scheduled';
  }
  @On('remember') remember(value: unknown) {
    request.session['value'] = value;
  }
  @On('recall') recall() {
    return request.session['value'] ?? null;
  }
  @On('context') context() {
    return getContext('test') instanceof RequestContext && tryGetContext() === getContext('test');
  }
}

const controllers = [ContextController];
const connectAs = (server: Awaited<ReturnType<typeof serve>>, user: string) =>
  server.connect('/ctx', {
    auth: { user },
    query: { room: `room-of-${user}` },
    headers: { 'x-test': `header-of-${user}`, cookie: `theme=dark; user=${user}` },
  });

describe('request', () => {
  test('exposes sid, namespace, event, args, auth, query, headers, cookies, handshake and socket', async (t) => {
    const server = await serve(t, { controllers });
    const ann = await connectAs(server, 'ann');
    const seen = await ask(ann, 'fields', 1, 'two', { three: 3 });
    assert.deepEqual(seen, {
      sid: ann.id,
      namespace: '/ctx',
      event: 'fields',
      args: [1, 'two', { three: 3 }],
      auth: { user: 'ann' },
      query: { room: 'room-of-ann' },
      header: 'header-of-ann',
      cookies: { theme: 'dark', user: 'ann' },
      handshakeAuth: { user: 'ann' },
      socketIsSid: true,
      session: { user: 'ann' },
    });
  });

  test('args holds the arguments without the ack callback', async (t) => {
    const server = await serve(t, { controllers });
    const ann = await connectAs(server, 'ann');
    assert.deepEqual((await ask(ann, 'fields')).args, []);
  });

  test('getContext() and tryGetContext() give the same context inside a handler', async (t) => {
    const server = await serve(t, { controllers });
    const ann = await connectAs(server, 'ann');
    assert.equal(await ask(ann, 'context'), true);
  });

  for (const [event, label] of [
    ['after_await', 'await'],
    ['chain', 'a promise chain'],
  ] as const) {
    test(`survives ${label}, with concurrent requests kept apart`, async (t) => {
      const server = await serve(t, { controllers });
      const [ann, bob] = await Promise.all([connectAs(server, 'ann'), connectAs(server, 'bob')]);
      // ann's request starts first and finishes last, so the two overlap
      const [a, b] = await Promise.all([ask(ann, event, 40), ask(bob, event, 5)]);
      assert.deepEqual(
        [a.sid, a.event, a.args, a.auth, a.cookies.user, a.session.user],
        [ann.id, event, [40], { user: 'ann' }, 'ann', 'ann'],
      );
      assert.deepEqual(
        [b.sid, b.event, b.args, b.auth, b.cookies.user, b.session.user],
        [bob.id, event, [5], { user: 'bob' }, 'bob', 'bob'],
      );
    });
  }

  test('survives a timer started in the handler: emits from it reach the sender', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob] = await Promise.all([connectAs(server, 'ann'), connectAs(server, 'bob')]);
    const annLater = nextEvent(ann, 'later');
    const bobLater = nextEvent(bob, 'later');
    assert.equal(await ask(ann, 'timer', 30), 'scheduled');
    assert.equal(await ask(bob, 'timer', 1), 'scheduled');
    const [[a], [b]] = (await Promise.all([annLater, bobLater])) as [
      [{ sid: string; event: string }],
      [{ sid: string; event: string }],
    ];
    assert.deepEqual([a.sid, a.event], [ann.id, 'timer']);
    assert.deepEqual([b.sid, b.event], [bob.id, 'timer']);
  });

  test('request.signal aborts when the handler passes its deadline', async (t) => {
    let aborted: unknown;
    @Namespace('/slow')
    class Slow {
      @On('wait') async wait() {
        const signal = request.signal;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        aborted = [signal.aborted, (signal.reason as SocketeerError).code];
      }
    }
    const server = await serve(t, { controllers: [Slow], timeout: 20 });
    const client = await server.connect('/slow');
    assert.equal((await ask(client, 'wait')).error.code, 'timeout');
    assert.deepEqual(aborted, [true, 'timeout']);
  });

  test('outside a handler, reading request throws no_context', () => {
    assert.throws(
      () => request.sid,
      (err: SocketeerError) =>
        err.code === 'no_context' &&
        err.message.startsWith(
          'request.sid can only be used inside an event handler (or code it calls, awaits or schedules). ',
        ) &&
        err.message.includes('EventEmitter'),
    );
    assert.equal(tryGetContext(), undefined);
  });
});

describe('session', () => {
  test("persists across one connection's events, set by the connect handler or any event", async (t) => {
    const server = await serve(t, { controllers });
    const ann = await connectAs(server, 'ann');
    assert.equal(await ask(ann, 'recall'), null);
    await ask(ann, 'remember', { cart: ['apple'] });
    assert.deepEqual(await ask(ann, 'recall'), { cart: ['apple'] });
    assert.equal((await ask(ann, 'fields')).session.user, 'ann');
  });

  test('is per connection: another client has its own', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob] = await Promise.all([connectAs(server, 'ann'), connectAs(server, 'bob')]);
    await ask(ann, 'remember', 'ann-value');
    assert.equal(await ask(bob, 'recall'), null);
    assert.equal((await ask(bob, 'fields')).session.user, 'bob');
  });

  test('starts empty again after a reconnect', async (t) => {
    const server = await serve(t, { controllers });
    const ann = await connectAs(server, 'ann');
    await ask(ann, 'remember', 'before');
    ann.disconnect();
    const again = await connectAs(server, 'ann');
    assert.equal(await ask(again, 'recall'), null);
  });
});
