import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { createChatApp } from '../src/server.js';

type Client = Awaited<ReturnType<typeof createTestClient>>;

// A fresh app per test, so names and rooms never leak from one test into the next.
let app: ReturnType<typeof createChatApp>;
let clients: Client[] = [];

beforeEach(() => {
  app = createChatApp();
});

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients = [];
  await app.close();
});

async function connect(namespace = '/chat'): Promise<Client> {
  const client = await createTestClient(app, { namespace });
  clients.push(client);
  return client;
}

/** A client on /chat registered as `username`, with nothing left to read. */
async function user(username: string): Promise<Client> {
  const client = await connect();
  assert.equal(await client.emit('register', { username }), undefined);
  await client.waitFor('user_list');
  client.getReceived();
  return client;
}

test('every namespace answers message with its own response', async () => {
  const client = await connect('/');
  await client.connect('/chat');
  await client.emit('message', 'hello');
  await client.of('/chat').emit('message', 'hello');
  assert.deepEqual((await client.waitFor('response')).args, [{ data: 'Default namespace response' }]);
  assert.deepEqual((await client.of('/chat').waitFor('response')).args, [{ data: 'Chat namespace response' }]);
});

test('registering sends everyone the user list', async () => {
  const alice = await user('alice');
  await user('bob');
  assert.deepEqual((await alice.waitFor('user_list')).args, [{ users: ['alice', 'bob'] }]);
});

test('a name another connection holds is refused', async () => {
  await user('alice');
  const impostor = await connect();
  assert.deepEqual(await impostor.emit('register', { username: 'alice' }), {
    error: { code: 'name_taken', message: "The name 'alice' is already taken." },
  });
});

test('room messages reach the room, and only the room', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  const carol = await user('carol');
  await alice.emit('join_room', { username: 'alice', room: 'lobby' });
  await bob.emit('join_room', { username: 'bob', room: 'lobby' });
  await carol.emit('join_room', { username: 'carol', room: 'garden' });
  await alice.emit('room_message', { username: 'alice', message: 'hi lobby', room: 'lobby' });
  assert.deepEqual((await bob.waitFor('room_message')).args, [{ msg: 'bob has joined the room' }]);
  assert.deepEqual((await bob.waitFor('room_message')).args, [{ username: 'alice', message: 'hi lobby', room: 'lobby' }]);
  const carolHeard = carol.getReceived().filter((event) => event.name === 'room_message');
  assert.deepEqual(carolHeard.map((event) => event.args), [[{ msg: 'carol has joined the room' }]]);
});

test('leaving, and disconnecting, are announced to the room', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  const carol = await user('carol');
  for (const [client, username] of [[alice, 'alice'], [bob, 'bob'], [carol, 'carol']] as const) {
    await client.emit('join_room', { username, room: 'lobby' });
  }
  alice.getReceived();
  await bob.emit('leave_room', { username: 'bob', room: 'lobby' });
  assert.deepEqual((await alice.waitFor('room_message')).args, [{ msg: 'bob has left the room' }]);
  await carol.disconnect();
  assert.deepEqual((await alice.waitFor('room_message')).args, [{ msg: 'carol has left the room' }]);
  assert.deepEqual((await alice.waitFor('user_list')).args, [{ users: ['alice', 'bob'] }]);
});

test('posting to a room you are not in is refused', async () => {
  const alice = await user('alice');
  assert.deepEqual(await alice.emit('room_message', { username: 'alice', message: 'hello?', room: 'lobby' }), {
    error: { code: 'not_in_room', message: "You are not in the room 'lobby'; join it first." },
  });
});

test('a private message reaches its recipient, and the sender gets a copy', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  await alice.emit('private_message', { username: 'alice', recipient: 'bob', message: 'psst' });
  assert.deepEqual((await bob.waitFor('private_message')).args, [{ username: 'alice', message: 'psst' }]);
  assert.deepEqual((await alice.waitFor('private_message')).args, [{ username: 'alice', message: 'psst', recipient: 'bob' }]);
});

test('a private message to nobody online is refused', async () => {
  const alice = await user('alice');
  const ack = (await alice.emit('private_message', { username: 'alice', recipient: 'zed', message: 'hi' })) as { error: { code: string } };
  assert.equal(ack.error.code, 'unknown_user');
});

test('without an acknowledgement, a refusal arrives as socketeer:error', async () => {
  const alice = await user('alice');
  alice.emitNoAck('room_message', { username: 'alice', message: 'hello?', room: 'lobby' });
  const refusal = await alice.waitFor('socketeer:error');
  assert.deepEqual(refusal.args, [
    { event: 'room_message', error: { code: 'not_in_room', message: "You are not in the room 'lobby'; join it first." } },
  ]);
});

test('a payload that does not fit the schema is refused with its issues', async () => {
  const alice = await user('alice');
  const ack = (await alice.emit('join_room', { room: '' })) as {
    error: { code: string; issues: { path: string[] }[] };
  };
  assert.equal(ack.error.code, 'validation_error');
  assert.deepEqual(ack.error.issues.map((issue) => issue.path), [['room']]);
});

test('messages carry the name the sender registered, never one from the payload', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  await alice.emit('join_room', { room: 'lobby' });
  await bob.emit('join_room', { room: 'lobby' });
  await bob.emit('room_message', { username: 'alice', message: 'I am alice', room: 'lobby' });
  await bob.emit('private_message', { username: 'alice', recipient: 'alice', message: 'really' });
  const heard = alice.getReceived().filter((event) => ['room_message', 'private_message'].includes(event.name) && 'username' in (event.args[0] as object));
  assert.deepEqual(heard.map((event) => event.args[0]), [
    { username: 'bob', message: 'I am alice', room: 'lobby' },
    { username: 'bob', message: 'really' },
  ]);
});

test('a connection must register before it joins or posts', async () => {
  const anonymous = await connect();
  assert.deepEqual(await anonymous.emit('join_room', { room: 'lobby' }), {
    error: { code: 'not_registered', message: 'Register a name first.' },
  });
});
