import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import {
  ConnectionRefusedError,
  Namespace,
  On,
  OnConnect,
  createApp,
  emit,
  joinRoom,
  send,
  tuple,
  request,
} from 'socketeer';
import { ConnectionRefused, createTestClient } from 'socketeer/testing';

@Namespace('/')
class Root {
  @On('echo') echo(...args: unknown[]) {
    return tuple(...args);
  }
  @On('nothing') nothing() {}
  @On('hello') hello(name: string) {
    emit('greeting', `hi ${name}`);
  }
  @On('message') message(text: string) {
    send(text);
  }
  @On('json') json(data: unknown) {
    send(data, { json: true });
  }
  @On('later') later(ms: number) {
    setTimeout(() => emit('done', ms), ms);
  }
  @On('mutate') mutate() {
    const payload = { n: 1 };
    emit('snapshot', payload);
    payload.n = 2; // the client must see what was sent, not the later value
  }
  @On('bigint') bigint() {
    emit('bad', { n: 10n });
  }
}

@Namespace('/chat')
class Chat {
  @OnConnect() connect(auth: { token?: string }) {
    if (auth.token !== 'secret') throw new ConnectionRefusedError('unauthorized!', { need: 'token' });
    emit('welcome', request.sid);
  }
  @On('join', z.object({ room: z.string().min(1), name: z.string() }))
  join({ room, name }: { room: string; name: string }) {
    joinRoom(room);
    send(`${name} has entered the room.`, { to: room });
    return 'joined';
  }
  @On('say') say(room: string, text: string) {
    emit('said', text, { to: room });
  }
}

const logged: string[] = [];
const quiet = { debug() {}, info() {}, warn() {}, error: (_obj: object, msg?: string) => void logged.push(msg ?? '') };
const app = createApp({ controllers: [Root, Chat], logger: quiet });

test('emit resolves with the ack: one value, several, none', async () => {
  const client = await createTestClient(app);
  assert.equal(await client.emit('echo', 'a'), 'a');
  assert.deepEqual(await client.emit('echo', 'a', 2, { b: true }), ['a', 2, { b: true }]);
  assert.equal(await client.emit('nothing'), undefined);
  await client.close();
});

test('getReceived returns and clears what the server sent, in order', async () => {
  const client = await createTestClient(app);
  await client.emit('hello', 'ann');
  await client.emit('hello', 'bob');
  client.send('plain');
  client.send({ a: 1 }, { json: true });
  await client.waitFor('json');
  assert.deepEqual(client.getReceived(), [
    { name: 'greeting', args: ['hi ann'], namespace: '/' },
    { name: 'greeting', args: ['hi bob'], namespace: '/' },
    { name: 'message', args: ['plain'], namespace: '/' },
  ]);
  assert.deepEqual(client.getReceived(), []);
  await client.close();
});

test('waitFor sees events that arrive later, and times out with what it saw', async () => {
  const client = await createTestClient(app);
  await client.emit('later', 30);
  assert.deepEqual((await client.waitFor('done')).args, [30]);
  await client.emit('hello', 'x');
  await assert.rejects(
    client.waitFor('never', { timeout: 50 }),
    /No 'never' on \/ within 50 ms \(received meanwhile: \/ greeting\)/,
  );
  await client.close();
});

test('a client holds several namespaces; rejected connections are observable', async () => {
  const client = await createTestClient(app);
  await assert.rejects(client.connect('/chat', { auth: { token: 'nope' } }), (err: unknown) => {
    assert.ok(err instanceof ConnectionRefused);
    assert.equal(err.message, 'unauthorized!');
    assert.deepEqual(err.data, { need: 'token' });
    return true;
  });
  assert.equal(client.isConnected('/chat'), false);
  await client.connect('/chat', { auth: { token: 'secret' } });
  assert.equal(client.isConnected('/chat'), true);
  assert.equal(client.isConnected(), true);
  const welcome = await client.waitFor('welcome', { namespace: '/chat' });
  assert.equal(typeof welcome.args[0], 'string');
  assert.equal(await client.of('/chat').emit('join', { room: 'r', name: 'ann' }), 'joined');
  await client.disconnect('/chat');
  assert.equal(client.isConnected('/chat'), false);
  assert.equal(client.isConnected('/'), true);
  await client.close();
});

test('createTestClient rejects when the first connection is refused', async () => {
  await assert.rejects(
    createTestClient(app, { namespace: '/chat' }),
    (err: unknown) => err instanceof ConnectionRefused && err.message === 'unauthorized!',
  );
});

test("several clients see each other's room traffic", async () => {
  const ann = await createTestClient(app, { namespace: '/chat', auth: { token: 'secret' } });
  const bob = await createTestClient(app, { namespace: '/chat', auth: { token: 'secret' } });
  const eve = await createTestClient(app, { namespace: '/chat', auth: { token: 'secret' } });
  await ann.emit('join', { room: 'r1', name: 'ann' });
  await bob.emit('join', { room: 'r1', name: 'bob' });
  await ann.emit('say', 'r1', 'hello');
  await bob.waitFor('said');
  await ann.waitFor('said');
  const names = (c: typeof ann) => c.getReceived().map((r) => `${r.name}:${r.args.join(',')}`);
  assert.deepEqual(
    names(ann).filter((n) => !n.startsWith('welcome')),
    ['message:ann has entered the room.', 'message:bob has entered the room.'],
  );
  assert.deepEqual(
    names(bob).filter((n) => !n.startsWith('welcome')),
    ['message:bob has entered the room.'],
  );
  await eve.emit('join', { room: 'r2', name: 'eve' });
  assert.deepEqual(
    names(eve).filter((n) => !n.startsWith('welcome')),
    ['message:eve has entered the room.'],
  );
  await Promise.all([ann.close(), bob.close(), eve.close()]);
});

test('a validation error reaches the client as a structured ack', async () => {
  const client = await createTestClient(app, { namespace: '/chat', auth: { token: 'secret' } });
  const reply = (await client.emit('join', { room: '', name: 'ann' })) as {
    error: { code: string; issues: { path: unknown[] }[] };
  };
  assert.equal(reply.error.code, 'validation_error');
  assert.deepEqual(
    reply.error.issues.map((i) => i.path),
    [['room']],
  );
  await client.close();
});

test('payloads cross the real parser: what arrives is a snapshot, unserialisable data fails', async () => {
  const client = await createTestClient(app);
  await client.emit('mutate');
  assert.deepEqual((await client.waitFor('snapshot')).args, [{ n: 1 }]);
  // BigInt cannot be encoded by socket.io's parser: the handler fails as in production.
  const reply = (await client.emit('bigint')) as { error: { code: string } };
  assert.equal(reply.error.code, 'internal_error');
  assert.deepEqual(logged, ['handler failed']);
  await client.close();
});

test('headers and query reach the handshake', async () => {
  const local = createApp();
  local.on('whoami', () => ({ cookie: request.cookies.session, q: request.query.v }));
  const client = await createTestClient(local, { headers: { cookie: 'session=abc' }, query: { v: '1' } });
  assert.deepEqual(await client.emit('whoami'), { cookie: 'abc', q: '1' });
  // No close: the file must still exit (the testing module cleans up after the tests).
});
