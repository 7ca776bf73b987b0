import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { collectingLogger, RecordingClient, settle, type Received } from '../../_support/recording-client.js';
import { runEntry } from '../../_support/run-entry.js';
import { createGettingStartedApp } from '../server.js';

const ev = (event: string, ...args: unknown[]): Received => ({ event, args });
const auth = { token: 'test-token' };
const connected = ev('my response', { data: 'Connected' });

describe('getting-started example', () => {
  const logger = collectingLogger();
  // A background task slow enough not to interleave with the exact sequences below.
  const app = createGettingStartedApp({ logger, token: 'test-token', tickMs: 60_000 });
  let url = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  test('connect needs the token: refused with ConnectionRefusedError message and data', async () => {
    for (const badAuth of [{}, { token: 'wrong' }]) {
      await assert.rejects(createTestClient(app, { auth: badAuth }), (err: Error & { data?: unknown }) => {
        assert.equal(err.message, 'unauthorized!');
        assert.deepEqual(err.data, { hint: 'connect with auth: { token }' });
        return true;
      });
    }
  });

  test('unnamed and custom events, acks with several values, send to another namespace, call()', async () => {
    const client = new RecordingClient(url);
    try {
      const socket = await client.connect('/', { auth });
      await client.connect('/chat');
      socket.on('are you there?', (_data: unknown, answer: (...a: unknown[]) => void) => answer('yes', 'I am'));

      client.emit('/', 'message', 'hello');
      client.emit('/', 'json', { a: [1, 2] });
      assert.deepEqual(await client.ask('/', 'my event', { data: 'I am connected!' }), ['one', 2]);
      assert.deepEqual(await client.ask('/', 'my_event', 'foo', 'bar', 'baz'), ['foobarbaz']);
      const [refused] = (await client.ask('/', 'my_event', 'foo', 2, 'baz')) as [
        { error: { code: string; issues: { path: unknown[] }[] } },
      ];
      assert.equal(refused.error.code, 'validation_error');
      assert.deepEqual(
        refused.error.issues.map((i) => i.path),
        [[1]],
      );
      client.emit('/', 'to chat', 'over to chat');
      assert.deepEqual(await client.ask('/', 'ask me'), []);
      await settle([client, '/'], [client, '/chat']);

      assert.deepEqual(client.take('/'), [
        connected,
        ev('message', 'hello'),
        ev('json', { a: [1, 2] }),
        ev('my response', { data: 'I am connected!' }),
        ev('my response', 'foo', 'bar', 'baz'),
        ev('are you there?', { data: 'ping' }),
        ev('you answered', ['yes', 'I am']),
      ]);
      assert.deepEqual(client.take('/chat'), [ev('message', 'over to chat')]);
    } finally {
      client.close();
    }
  });

  test('broadcast and rooms, as each of three clients sees them', async () => {
    const [a, b, c] = [new RecordingClient(url), new RecordingClient(url), new RecordingClient(url)];
    try {
      for (const client of [a, b, c]) await client.connect('/', { auth });
      const all: [RecordingClient, string][] = [
        [a, '/'],
        [b, '/'],
        [c, '/'],
      ];
      const step = async (who: RecordingClient, event: string, data: unknown) => {
        who.emit('/', event, data);
        await settle([who, '/'], ...all);
      };
      await step(a, 'broadcast event', { data: 'to everyone' });
      await step(a, 'join', { username: 'a', room: 'r1' });
      await step(b, 'join', { username: 'b', room: 'r1' });
      await step(c, 'join', { username: 'c', room: 'r2' });
      await step(a, 'leave', { username: 'a', room: 'r1' });

      const everyone = ev('my response', { data: 'to everyone' });
      assert.deepEqual(a.take(), [
        connected,
        everyone,
        ev('message', 'a has entered the room.'),
        ev('message', 'b has entered the room.'),
      ]);
      assert.deepEqual(b.take(), [
        connected,
        everyone,
        ev('message', 'b has entered the room.'),
        ev('message', 'a has left the room.'),
      ]);
      assert.deepEqual(c.take(), [connected, everyone, ev('message', 'c has entered the room.')]);
    } finally {
      for (const client of [a, b, c]) client.close();
    }
  });

  test('a class-based namespace and a function handler on /test', async () => {
    await using client = await createTestClient(app, { namespace: '/test' });
    assert.equal(await client.emit('my_event', { n: 1 }), undefined);
    assert.equal(await client.emit('my event', 'from a function handler'), undefined);
    assert.deepEqual(client.getReceived(), [
      { name: 'my_response', args: [{ n: 1 }], namespace: '/test' },
      { name: 'my response', args: [{ namespace: '/test', data: 'from a function handler' }], namespace: '/test' },
    ]);
  });

  test('error handlers see request.event and request.args: the namespace one, then the default', async () => {
    await using client = await createTestClient(app, { auth });
    await client.connect('/test');
    logger.lines.length = 0;
    assert.deepEqual(await client.emit('my error event', { x: 1 }), {
      error: { code: 'internal_error', message: "'my error event' failed." },
    });
    assert.deepEqual(await client.of('/test').emit('fail', 'a', 'b'), {
      error: { code: 'internal_error', message: "'fail' failed." },
    });
    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.deepEqual(errors, [
      {
        level: 'error',
        msg: 'handler failed',
        obj: { event: 'my error event', args: [{ x: 1 }], err: 'Error: this handler always fails' },
      },
      {
        level: 'error',
        msg: 'handler failed (default handler)',
        obj: { namespace: '/test', event: 'fail', args: ['a', 'b'], err: 'TypeError: failing on purpose' },
      },
    ]);
  });

  test('logging: connects, events and disconnects reach the logger', async () => {
    const client = new RecordingClient(url);
    const socket = await client.connect('/', { auth });
    const sid = socket.id;
    logger.lines.length = 0;
    client.emit('/', 'message', 'logged');
    await client.sync('/');
    client.close();
    const deadline = Date.now() + 3000;
    while (!logger.lines.some((l) => l.msg === 'client disconnected') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    const info = logger.lines.filter((l) => l.level === 'info').map((l) => l.msg);
    assert.deepEqual(info.slice(0, 1), ['event']);
    assert.ok(info.includes('disconnected'), info.join(', '));
    const mine = logger.lines.find((l) => l.msg === 'client disconnected');
    assert.deepEqual(mine?.obj, { sid, reason: 'client namespace disconnect' });
  });
});

describe('getting-started background task', () => {
  test('app.emit() from a timer reaches every client; the timer stops with the app', async () => {
    const logger = collectingLogger();
    const app = createGettingStartedApp({ logger, token: 't', tickMs: 20 });
    const { port } = await app.listen(0, '127.0.0.1');
    const a = new RecordingClient(`http://127.0.0.1:${port}`);
    const b = new RecordingClient(`http://127.0.0.1:${port}`);
    try {
      await a.connect('/', { auth: { token: 't' } });
      await b.connect('/', { auth: { token: 't' } });
      await a.waitFor('/', 'some event');
      await b.waitFor('/', 'some event');
      for (const client of [a, b]) {
        const ticks = client.take().filter((r) => r.event === 'some event');
        assert.ok(ticks.length >= 1);
        assert.deepEqual(ticks[0]!.args[0], { data: 42, count: (ticks[0]!.args[0] as { count: number }).count });
      }
    } finally {
      a.close();
      b.close();
      await app.close();
    }
    assert.ok(
      logger.lines.some((l) => l.msg === 'background task stopped'),
      'the task logs that it stopped',
    );
    const ticks = logger.lines.filter((l) => l.msg === 'tick').length;
    await new Promise((r) => setTimeout(r, 120)); // six periods
    assert.equal(logger.lines.filter((l) => l.msg === 'tick').length, ticks, 'no tick after close');
  });

  test('the entry logs to stderr, serves clients and exits 0 on SIGTERM', async () => {
    const server = await runEntry('examples/getting-started/server.ts', { TOKEN: 'entry-token' });
    const client = new RecordingClient(server.url);
    try {
      await client.connect('/', { auth: { token: 'entry-token' } });
      assert.deepEqual(await client.ask('/', 'my event', { data: 'x' }), ['one', 2]);
    } finally {
      client.close();
      assert.equal(await server.stop(), 0);
    }
    // logger: true and engineioLogger: true write to stderr.
    assert.match(server.output(), /socketeer info event .*event="my event"/);
    assert.match(server.output(), /engine\.io open/);
  });
});
