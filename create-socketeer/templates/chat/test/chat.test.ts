import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { buildApp } from '../src/app.js';

type Client = Awaited<ReturnType<typeof createTestClient>>;

// A fresh app per test, so usernames and rooms never leak from one test into the next.
let app: ReturnType<typeof buildApp>;
const clients: Client[] = [];

beforeEach(() => {
  app = buildApp();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await app.close();
});

/** A client on /chat, registered under `username`, with the user lists it got so far consumed. */
async function user(username: string): Promise<Client> {
  const client = await createTestClient(app, { namespace: '/chat' });
  clients.push(client);
  assert.deepEqual(await client.emit('register', { username }), { username });
  client.getReceived();
  return client;
}

function errorCode(ack: unknown): string | undefined {
  return (ack as { error?: { code: string } } | undefined)?.error?.code;
}

test('registering sends everyone the user list', async () => {
  const alice = await user('alice');
  await user('bob');
  const list = await alice.waitFor('user_list');
  assert.deepEqual(list.args[0], { users: ['alice', 'bob'] });
});

test('a username held by someone else is refused', async () => {
  await user('alice');
  const impostor = await createTestClient(app, { namespace: '/chat' });
  clients.push(impostor);
  assert.equal(errorCode(await impostor.emit('register', { username: 'alice' })), 'username_taken');
});

test('room messages reach the members of the room only', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  const carol = await user('carol');
  await alice.emit('join_room', { room: 'lobby' });
  await bob.emit('join_room', { room: 'lobby' });
  alice.getReceived();
  bob.getReceived();
  await alice.emit('room_message', { room: 'lobby', message: 'hi all' });
  const heard = await bob.waitFor('room_message');
  assert.deepEqual(heard.args[0], { username: 'alice', message: 'hi all', room: 'lobby' });
  assert.deepEqual(
    carol.getReceived().filter((event) => event.name === 'room_message'),
    [],
  );
});

test('joining and leaving are announced to the room', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  await alice.emit('join_room', { room: 'lobby' });
  await bob.emit('join_room', { room: 'lobby' });
  assert.deepEqual((await alice.waitFor('room_message')).args[0], { msg: 'alice has joined the room' });
  assert.deepEqual((await alice.waitFor('room_message')).args[0], { msg: 'bob has joined the room' });
  await bob.emit('leave_room', { room: 'lobby' });
  assert.deepEqual((await alice.waitFor('room_message')).args[0], { msg: 'bob has left the room' });
});

test('posting to a room you have not joined is refused', async () => {
  const alice = await user('alice');
  assert.equal(errorCode(await alice.emit('room_message', { room: 'lobby', message: 'hello?' })), 'forbidden');
});

test('a private message reaches its recipient, and the sender gets a copy', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  await alice.emit('private_message', { recipient: 'bob', message: 'psst' });
  assert.deepEqual((await bob.waitFor('private_message')).args[0], { username: 'alice', message: 'psst' });
  assert.deepEqual((await alice.waitFor('private_message')).args[0], { username: 'alice', message: 'psst', recipient: 'bob' });
});

test('a private message to nobody online is refused', async () => {
  const alice = await user('alice');
  assert.equal(errorCode(await alice.emit('private_message', { recipient: 'zed', message: 'hi' })), 'unknown_user');
});

test('nothing works before registering', async () => {
  const anonymous = await createTestClient(app, { namespace: '/chat' });
  clients.push(anonymous);
  assert.equal(errorCode(await anonymous.emit('join_room', { room: 'lobby' })), 'unauthorized');
});

test('bad payloads are refused with a validation error', async () => {
  const alice = await user('alice');
  assert.equal(errorCode(await alice.emit('join_room', { room: '' })), 'validation_error');
});

test('a user who disconnects leaves the user list', async () => {
  const alice = await user('alice');
  const bob = await user('bob');
  alice.getReceived();
  await bob.disconnect();
  assert.deepEqual((await alice.waitFor('user_list')).args[0], { users: ['alice'] });
});
