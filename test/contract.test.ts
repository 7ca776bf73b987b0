/**
 * The contract at run time: contract() checks its names against the decorators, the typed
 * emit sends what the untyped one would, and validateEmits checks outgoing payloads (real
 * socket.io clients over 127.0.0.1).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  contract,
  createApp,
  emit,
  Emits,
  emits,
  Namespace,
  On,
  request,
  send,
  SocketeerError,
  tuple,
  type ClientToServer,
  type ServerToClient,
} from 'socketeer';
import { captureStderr, flush, nextEvent, record, serve } from './support/server.js';

const NewsEmits = emits({
  news: z.object({ text: z.string().min(1) }),
  moved: z.tuple([z.number(), z.number()]),
  message: z.string(),
});

/** Each handler emits what the client asks for, so one controller covers good and bad payloads. */
@Emits(NewsEmits)
@Namespace('/news')
class NewsController {
  @On('typed') typed(text: string) {
    NewsEmits.emit('news', { text });
    return 'sent';
  }
  @On('raw') raw(event: string, payload: unknown) {
    emit(event, payload);
    return 'sent';
  }
  @On('move') move(x: number, y: number) {
    NewsEmits.emit('moved', tuple(x, y));
  }
  @On('say') say(text: unknown) {
    send(text);
  }
  @On('whoami') whoami() {
    return request.sid;
  }
}

/** A namespace without @Emits: never checked. */
@Namespace('/free')
class FreeController {
  @On('raw') raw(event: string, payload: unknown) {
    emit(event, payload);
  }
}

const news = contract(NewsController, {
  events: { typed: 'typed', raw: 'raw', move: 'move', say: 'say', whoami: 'whoami' },
  emits: NewsEmits,
});
type NewsSocket = Socket<ServerToClient<typeof news>, ClientToServer<typeof news>>;

const controllers = [NewsController, FreeController];

test('contract() returns the controller, namespace, events and emits', () => {
  assert.equal(news.controller, NewsController);
  assert.equal(news.namespace, '/news');
  assert.deepEqual(Object.keys(news.events), ['typed', 'raw', 'move', 'say', 'whoami']);
  assert.equal(news.emits, NewsEmits.schemas);
});

test('contract() refuses names that differ from the decorators: contract_mismatch', () => {
  const mismatch = (spec: () => unknown, message: RegExp) =>
    assert.throws(
      spec,
      (err: unknown) => err instanceof SocketeerError && err.code === 'contract_mismatch' && message.test(err.message),
    );
  // A method that handles another event (the types allow any method name of the class).
  mismatch(
    () =>
      contract(NewsController, {
        events: { typed: 'raw', raw: 'typed', move: 'move', say: 'say', whoami: 'whoami' },
        emits: NewsEmits,
      }),
    /'typed' is handled by NewsController\.typed, not NewsController\.raw/,
  );
  mismatch(
    () =>
      contract(NewsController, {
        events: { typed: 'typed', raw: 'raw', move: 'move', say: 'say', whoami: 'whoami', gone: 'typed' },
        emits: NewsEmits,
      }),
    /no method has @On\('gone'\)/,
  );
  mismatch(
    () => contract(NewsController, { events: { typed: 'typed' }, emits: NewsEmits }),
    /@On\('raw'\) on NewsController\.raw is missing from events/,
  );
  mismatch(
    () =>
      contract(NewsController, { events: { typed: 'typed', raw: 'raw', move: 'move', say: 'say', whoami: 'whoami' } }),
    /emits and the class's @Emits\(\) differ on 'news'/,
  );
  mismatch(
    () =>
      contract(NewsController, {
        events: { typed: 'typed', raw: 'raw', move: 'move', say: 'say', whoami: 'whoami' },
        emits: emits({ news: z.string() }),
      }),
    /differ on 'news'/,
  );
  class Plain {
    run() {}
  }
  mismatch(() => contract(Plain, { events: { run: 'run' } }), /has no @Namespace/);
});

test('@Emits() and emits() refuse what is not a schema, at decoration time', () => {
  assert.throws(() => emits({ news: 'text' as never }), /the schema of 'news' is not a zod or Standard Schema/);
  assert.throws(() => Emits({ news: 42 as never }), /@Emits\(\): the schema of 'news'/);
});

test('two controllers of one namespace may not declare one event with different schemas', async (t) => {
  @Emits({ news: z.string() })
  @Namespace('/news')
  class Other {}
  await assert.rejects(
    async () => serve(t, { controllers: [NewsController, Other] }),
    (err: unknown) =>
      err instanceof SocketeerError &&
      err.code === 'invalid_controller' &&
      /NewsController and Other both declare 'news'/.test(err.message),
  );
});

test('the typed emit sends what emit() sends, tuples as several arguments', async (t) => {
  const server = await serve(t, { controllers });
  const socket = (await server.connect('/news')) as NewsSocket;
  const newsArrived = new Promise<{ text: string }>((resolve) => socket.once('news', resolve));
  assert.equal(await socket.timeout(2000).emitWithAck('typed', 'hello'), 'sent');
  assert.deepEqual(await newsArrived, { text: 'hello' });
  const moved = new Promise<number[]>((resolve) => socket.once('moved', (x, y) => resolve([x, y])));
  socket.emit('move', 3, 4);
  assert.deepEqual(await moved, [3, 4]);
});

test('validateEmits is off by default: an undeclared event or a bad payload goes out unchecked', async (t) => {
  const server = await serve(t, { controllers });
  const socket = await server.connect('/news');
  const seen = record(socket);
  assert.equal(await socket.timeout(2000).emitWithAck('raw', 'news', { text: 42 }), 'sent');
  assert.equal(await socket.timeout(2000).emitWithAck('raw', 'gossip', 1), 'sent');
  await flush(socket);
  assert.deepEqual(seen.slice(0, 2), [
    ['news', { text: 42 }],
    ['gossip', 1],
  ]);
});

test('validateEmits: good payloads go out unchanged', async (t) => {
  const server = await serve(t, { controllers, validateEmits: true });
  const socket = await server.connect('/news');
  const seen = record(socket);
  await socket.timeout(2000).emitWithAck('raw', 'news', { text: 'ok', extra: true });
  socket.emit('move', 1, 2);
  socket.emit('say', 'plain text');
  await flush(socket);
  assert.deepEqual(seen.slice(0, 3), [
    ['news', { text: 'ok', extra: true }],
    ['moved', 1, 2],
    ['message', 'plain text'],
  ]);
});

test('validateEmits: a bad payload or an undeclared event throws invalid_emit in the handler, and nothing is sent', async (t) => {
  const server = await serve(t, { controllers, validateEmits: true });
  const socket = await server.connect('/news');
  const seen = record(socket);
  const { output } = await captureStderr(async () => {
    // The handler's error is a developer error: the client gets internal_error, the log the detail.
    assert.deepEqual(await socket.timeout(2000).emitWithAck('raw', 'news', { text: '' }), {
      error: { code: 'internal_error', message: 'Internal server error.' },
    });
    assert.deepEqual(await socket.timeout(2000).emitWithAck('raw', 'gossip', 1), {
      error: { code: 'internal_error', message: 'Internal server error.' },
    });
    assert.deepEqual(await socket.timeout(2000).emitWithAck('say', 42), {
      error: { code: 'internal_error', message: 'Internal server error.' },
    });
  });
  await flush(socket);
  assert.deepEqual(
    seen.filter(([event]) => event !== 'socketeer:error'),
    [],
  );
  assert.match(
    output,
    /emit\('news'\) in namespace \/news: the payload does not match the schema declared by NewsController: text: Too small/,
  );
  assert.match(
    output,
    /emit\('gossip'\) in namespace \/news: the event is not declared with @Emits\(\) \(declared: news, moved, message\)/,
  );
  assert.match(output, /send\('message'\) in namespace \/news/);
});

test('validateEmits: app.emit is checked too, with the issues as data; undeclared namespaces are not', async (t) => {
  const server = await serve(t, { controllers, validateEmits: true });
  const socket = await server.connect('/news');
  const free = await server.connect('/free');
  const freeSeen = record(free);
  const err = (() => {
    try {
      server.app.emit('news', { text: 7 }, { namespace: '/news' });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof SocketeerError);
  assert.equal(err.code, 'invalid_emit');
  assert.match(err.message, /^app\.emit\('news'\) in namespace \/news/);
  assert.deepEqual(
    (err.data as { path: unknown[]; code: string }[]).map((i) => [i.code, i.path]),
    [['invalid_type', ['text']]],
  );
  assert.throws(() => server.app.emit('moved', 1, { namespace: '/news' }), /the payload does not match/);
  assert.throws(() => server.app.emit('moved', tuple(1, 2, 3), { namespace: '/news' }), /the payload does not match/);
  const good = nextEvent(socket, 'moved');
  server.app.emit('moved', tuple(5, 6), { namespace: '/news' });
  assert.deepEqual(await good, [5, 6]);
  server.app.emit('anything', { at: 'all' }, { namespace: '/free' });
  await flush(free);
  assert.deepEqual(freeSeen, [['anything', { at: 'all' }]]);
});

test('validateEmits covers dynamic namespaces through their pattern', async (t) => {
  @Emits({ hello: z.object({ tenant: z.string() }) })
  @Namespace(/^\/tenant-\w+$/)
  class TenantController {
    @On('greet') greet(tenant: unknown) {
      emit('hello', { tenant });
      return 'ok';
    }
  }
  const server = await serve(t, { controllers: [TenantController], validateEmits: true });
  const socket = await server.connect('/tenant-acme');
  const hello = nextEvent(socket, 'hello');
  assert.equal(await socket.timeout(2000).emitWithAck('greet', 'acme'), 'ok');
  assert.deepEqual(await hello, [{ tenant: 'acme' }]);
  const { result } = await captureStderr(() => socket.timeout(2000).emitWithAck('greet', 1));
  assert.deepEqual(result, { error: { code: 'internal_error', message: 'Internal server error.' } });
});

test("a subclass declares its own emits on top of its parent's", async (t) => {
  @Emits({ hello: z.string(), bye: z.string() })
  class Base {}
  @Emits({ bye: z.number(), extra: z.boolean() })
  @Namespace('/derived')
  class Derived extends Base {
    @On('x') x() {}
  }
  const server = await serve(t, { controllers: [Derived] });
  const ns = (await server.app.routes()).namespaces.find((n) => n.namespace === '/derived')!;
  assert.deepEqual(
    ns.emits.map((e) => [e.event, e.schema['type'], e.declaredBy]),
    [
      ['bye', 'number', 'Derived'],
      ['extra', 'boolean', 'Derived'],
      ['hello', 'string', 'Derived'],
    ],
  );
});

test('validateEmits must be a boolean', () => {
  assert.throws(
    () => createApp({ validateEmits: 'yes' as never }),
    (err: unknown) =>
      err instanceof SocketeerError &&
      err.code === 'invalid_option' &&
      /validateEmits is true or false/.test(err.message),
  );
});
