// The request context reaches everything a handler calls, awaits, returns or schedules, with
// default options, over real socket.io-client connections.
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import {
  createApp,
  emit,
  Guard,
  joinRoom,
  Namespace,
  On,
  OnConnect,
  OnDisconnect,
  OnError,
  request,
  SocketeerError,
  tryGetContext,
  Use,
  type Container,
} from 'socketeer';
import { captureStderr, nextEvent, serve, until, type TestServer } from './support/server.js';

/** A generous ack deadline: the machine running the suite is shared and loaded. */
const askSlowly = (socket: Socket, event: string, ...args: unknown[]): Promise<any> =>
  socket.timeout(15_000).emitWithAck(event, ...args);

describe("a NestJS-style controller that returns its service's promise without awaiting it", () => {
  interface Post {
    id: number;
    room: string;
  }

  /** The service layer: its own awaits, emits and timers, none of them visible in the controller. */
  class ChatService {
    running = 0;
    mostRunning = 0;
    async post(d: Post) {
      this.mostRunning = Math.max(this.mostRunning, ++this.running);
      await sleep(Math.random() * 20);
      emit('message', { id: d.id, from: request.sid, user: request.session['user'] }, { to: d.room });
      setTimeout(() => emit('later', { id: d.id, sid: request.sid, event: request.event }), Math.random() * 20);
      this.running--;
      return { id: d.id, sid: request.sid, event: request.event, user: request.session['user'] };
    }
  }

  @Namespace('/chat')
  class ChatController {
    constructor(private readonly chat: ChatService) {}
    @OnConnect() connect(auth: { user: string; room: string }) {
      request.session['user'] = auth.user;
      joinRoom(auth.room);
    }
    @On('post') post(d: Post) {
      return this.chat.post(d);
    }
  }

  test('1,000 interleaved events from 6 clients each see their own request, in the service, its emits and its timers', async (t) => {
    const service = new ChatService();
    const container: Container = {
      get: (cls) => (cls === (ChatController as Function) ? new ChatController(service) : new cls()) as never,
    };
    const server = await serve(t, { controllers: [ChatController], container });
    const rooms = ['r0', 'r1', 'r2'];
    const clients = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const socket = await server.connect('/chat', { auth: { user: `user${i}`, room: rooms[i % 3]! } });
        const messages: { id: number; from: string; user: string }[] = [];
        const later: { id: number; sid: string; event: string }[] = [];
        socket.on('message', (m) => messages.push(m));
        socket.on('later', (m) => later.push(m));
        return { i, socket, user: `user${i}`, sid: socket.id!, messages, later, posted: [] as Post[] };
      }),
    );

    // 6 clients x 167 events (1,002), each client with up to 16 in flight at once, rooms chosen at random.
    let nextId = 0;
    const acks: { client: number; post: Post; ack: any }[] = [];
    await Promise.all(
      clients.map(async (c) => {
        const lanes = Array.from({ length: 16 }, async (_, lane) => {
          for (let k = lane; k < 167; k += 16) {
            const post = { id: nextId++, room: rooms[Math.floor(Math.random() * 3)]! };
            c.posted.push(post);
            acks.push({ client: c.i, post, ack: await askSlowly(c.socket, 'post', post) });
          }
        });
        await Promise.all(lanes);
      }),
    );
    assert.equal(acks.length, 1002);
    assert.ok(service.mostRunning >= 16, `requests overlapped in the service (at most ${service.mostRunning} at once)`);
    for (const { client, post, ack } of acks) {
      assert.deepEqual(ack, { id: post.id, sid: clients[client]!.sid, event: 'post', user: clients[client]!.user });
    }

    // Every timer fired in its own request: each client gets 'later' for exactly its own posts.
    const deadline = Date.now() + 15_000;
    while (clients.some((c) => c.later.length < c.posted.length) && Date.now() < deadline) await sleep(20);
    for (const c of clients) {
      const expected = c.posted.map((p) => ({ id: p.id, sid: c.sid, event: 'post' })).sort((a, b) => a.id - b.id);
      assert.deepEqual(
        [...c.later].sort((a, b) => a.id - b.id),
        expected,
      );
    }

    // Every room emit came from the request that made it, and reached exactly that room's members.
    for (const receiver of clients) {
      const expected = clients
        .flatMap((sender) =>
          sender.posted
            .filter((p) => p.room === rooms[receiver.i % 3])
            .map((p) => ({ id: p.id, from: sender.sid, user: sender.user })),
        )
        .sort((a, b) => a.id - b.id);
      assert.deepEqual(
        [...receiver.messages].sort((a, b) => a.id - b.id),
        expected,
      );
    }
  });
});

describe('every entry point keeps its request in everything it schedules', () => {
  type Seen = Map<string, unknown>;

  /** Code elsewhere in the app: schedules work in every way Node offers and records the sid each one sees. */
  function scheduleEverything(seen: Seen, prefix: string): void {
    const note = (how: string) => () => seen.set(`${prefix}:${how}`, tryGetContext()?.sid);
    setTimeout(note('setTimeout'), 5);
    setImmediate(note('setImmediate'));
    queueMicrotask(note('queueMicrotask'));
    process.nextTick(note('nextTick'));
    void Promise.resolve().then(note('then'));
    void sleep(5).then(note('awaited timer'));
    const emitter = new EventEmitter();
    emitter.on('tick', note('listener of an emitter this code emits'));
    setTimeout(() => emitter.emit('tick'), 5);
    async function* sids() {
      for (let i = 0; i < 2; i++) {
        await sleep(2);
        yield tryGetContext()?.sid;
      }
    }
    void (async () => {
      const all: unknown[] = [];
      for await (const sid of sids()) all.push(sid);
      seen.set(`${prefix}:async iterator`, all[0] === all[1] ? all[0] : all);
    })();
  }

  const HOWS = [
    'setTimeout',
    'setImmediate',
    'queueMicrotask',
    'nextTick',
    'then',
    'awaited timer',
    'listener of an emitter this code emits',
    'async iterator',
  ];

  test('guards, connect, sync and async handlers, with and without middleware, error and disconnect handlers', async (t) => {
    const seen: Seen = new Map();
    const passThrough = (_ctx: unknown, next: () => Promise<unknown>) => next();

    @Guard((ctx) => {
      scheduleEverything(seen, `guard ${ctx.auth['name']}`);
      return true;
    })
    @Namespace('/everywhere')
    class Everywhere {
      @OnConnect() connect(auth: { name: string }) {
        scheduleEverything(seen, `connect ${auth.name}`);
      }
      @On('sync') sync(name: string) {
        scheduleEverything(seen, `sync ${name}`);
      }
      @On('async') async async(name: string) {
        await sleep(1);
        scheduleEverything(seen, `async ${name}`);
      }
      @Use(passThrough) @On('middleware') middleware(name: string) {
        scheduleEverything(seen, `middleware ${name}`);
      }
      @On('fails') fails(name: string) {
        throw new Error(name);
      }
      @OnError() failed(err: Error) {
        scheduleEverything(seen, `error ${err.message}`);
        return 'handled';
      }
      @OnDisconnect() left() {
        scheduleEverything(seen, `disconnect ${request.sid}`);
      }
    }

    const server = await serve(t, { controllers: [Everywhere] });
    const a = await server.connect('/everywhere', { auth: { name: 'a' } });
    const b = await server.connect('/everywhere', { auth: { name: 'b' } });
    const sids = { a: a.id!, b: b.id! };
    const entries = ['sync', 'async', 'middleware', 'fails'];
    // Both clients at once, so their callbacks interleave.
    await Promise.all(entries.flatMap((e) => [askSlowly(a, e, 'a'), askSlowly(b, e, 'b')]));
    a.disconnect();
    const expected = new Map<string, unknown>();
    for (const [name, sid] of Object.entries(sids)) {
      for (const how of HOWS) {
        for (const entry of ['guard', 'connect', 'sync', 'async', 'middleware', 'error'])
          expected.set(`${entry} ${name}:${how}`, sid);
      }
    }
    for (const how of HOWS) expected.set(`disconnect ${sids.a}:${how}`, sids.a);
    // The disconnect handler's timers fire a few ms after the client leaves; a loaded machine may take longer.
    // On a timeout the assertion below shows what is missing.
    await until(() => seen.size >= expected.size, 5000).catch(() => {});
    assert.deepEqual(new Map([...seen].sort()), new Map([...expected].sort()));
  });

  test("what it does not cover: a listener of an emitter that code outside the handler emits runs in that code's context", async (t) => {
    const bus = new EventEmitter();
    const heard: unknown[] = [];
    @Namespace('/')
    class Subscriber {
      @On('subscribe') subscribe() {
        bus.once('news', () => heard.push(tryGetContext()?.sid ?? 'no request'));
        bus.once('own', () => heard.push(tryGetContext()?.sid ?? 'no request'));
        setTimeout(() => bus.emit('own'), 5); // emitted by the handler's own timer: its request
      }
    }
    const server = await serve(t, { controllers: [Subscriber] });
    const client = await server.connect();
    await askSlowly(client, 'subscribe');
    bus.emit('news'); // emitted here, outside any handler
    await until(() => heard.length >= 2, 5000).catch(() => {}); // the assertion shows what was heard
    assert.deepEqual(heard, ['no request', client.id]);
  });
});

describe("the app's other AsyncLocalStorage stores", () => {
  test('a store a handler enters reaches its own later work and ends with its event', async (t) => {
    const tenant = new AsyncLocalStorage<string>();
    @Namespace('/')
    class Stores {
      @On('read') read() {
        return { tenant: tenant.getStore() ?? null, sid: request.sid };
      }
      @On('enter') enter(value: string) {
        tenant.enterWith(value);
        return { tenant: tenant.getStore(), sid: request.sid };
      }
      @On('enter later') async enterLater(value: string) {
        await sleep(2);
        tenant.enterWith(value);
        await sleep(2);
        return { tenant: tenant.getStore(), sid: request.sid };
      }
    }
    const server = await serve(t, { controllers: [Stores] });
    const [a, b] = [await server.connect(), await server.connect()];
    const asks = [
      askSlowly(a, 'enter', 'a-1'),
      askSlowly(b, 'enter later', 'b-1'),
      askSlowly(a, 'read'),
      askSlowly(b, 'enter', 'b-2'),
      askSlowly(a, 'enter later', 'a-2'),
      askSlowly(b, 'read'),
    ];
    assert.deepEqual(await Promise.all(asks), [
      { tenant: 'a-1', sid: a.id },
      { tenant: 'b-1', sid: b.id },
      { tenant: null, sid: a.id },
      { tenant: 'b-2', sid: b.id },
      { tenant: 'a-2', sid: a.id },
      { tenant: null, sid: b.id },
    ]);
    assert.deepEqual(await askSlowly(a, 'read'), { tenant: null, sid: a.id });
  });
});

describe("asyncContext: 'sync-only'", () => {
  @Namespace('/')
  class Fast {
    @On('sync') sync() {
      return request.sid;
    }
    @On('after_await') async afterAwait() {
      await sleep(1);
      return request.sid;
    }
    @Use((_ctx, next) => next()) @On('middleware') async middleware() {
      await sleep(1);
      return request.sid;
    }
  }

  async function start(t: Parameters<typeof serve>[0]): Promise<{ server: TestServer; client: Socket }> {
    const server = await serve(t, { controllers: [Fast], asyncContext: 'sync-only' });
    return { server, client: await server.connect() };
  }

  test('a handler sees its request during its synchronous call', async (t) => {
    const { client } = await start(t);
    assert.equal(await askSlowly(client, 'sync'), client.id);
  });

  test('after an await, the request is gone: the event fails with internal_error, as the option says', async (t) => {
    const { client } = await start(t);
    const { result, output } = await captureStderr(() => askSlowly(client, 'after_await'));
    assert.deepEqual(result, { error: { code: 'internal_error', message: 'Internal server error.' } });
    assert.match(output, /request\.sid can only be used inside an event handler/);
  });

  test('a handler with middleware keeps AsyncLocalStorage, since middleware may await before calling it', async (t) => {
    const { client } = await start(t);
    assert.equal(await askSlowly(client, 'middleware'), client.id);
  });
});

describe('the asyncContext option', () => {
  test("'always' is the default and is still accepted", async (t) => {
    @Namespace('/')
    class Late {
      @On('late') late() {
        return new Promise((resolve) => setTimeout(() => resolve(request.sid), 2));
      }
    }
    const server = await serve(t, { controllers: [Late], asyncContext: 'always' });
    const client = await server.connect();
    assert.equal(await askSlowly(client, 'late'), client.id);
  });

  test("'auto' is refused at boot with invalid_option naming what replaces it", () => {
    assert.throws(
      () => createApp({ asyncContext: 'auto' as 'always' }),
      (err: SocketeerError) =>
        err instanceof SocketeerError &&
        err.code === 'invalid_option' &&
        /'auto' was removed/.test(err.message) &&
        err.message.includes("'always', the default") &&
        err.message.includes("'sync-only'"),
    );
  });

  test('anything else is refused with invalid_option', () => {
    assert.throws(
      () => createApp({ asyncContext: 'never' as 'always' }),
      /asyncContext is 'always' \(the default\) or 'sync-only'/,
    );
  });
});

test("a connect handler's timer emits to its own client after the connection is up", async (t) => {
  @Namespace('/greet')
  class Greeter {
    @OnConnect() connect() {
      setTimeout(() => emit('hello', request.sid), 10);
    }
  }
  const server = await serve(t, { controllers: [Greeter] });
  const socket = server.socket('/greet');
  const hello = nextEvent(socket, 'hello', 10_000);
  socket.connect();
  assert.deepEqual(await hello, [socket.id]);
});
