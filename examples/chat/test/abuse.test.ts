/**
 * The chat example is what people copy, so it is attacked the way a hostile client would:
 * posting as someone else, joining thousands of rooms, flooding notifications. Real
 * socket.io-client connections over 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RecordingClient, settle, type Received } from '../../_support/recording-client.js';
import { NOTIFICATION_LIMIT } from '../controllers/notifications-controller.js';
import { createChatApp } from '../server.js';

const ev = (event: string, ...args: unknown[]): Received => ({ event, args });

describe('chat example under attack', () => {
  const app = createChatApp();
  let url = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  async function user(name: string, ...namespaces: string[]): Promise<RecordingClient> {
    const client = new RecordingClient(url);
    await client.connect('/chat');
    for (const ns of namespaces) await client.connect(ns);
    assert.deepEqual(await client.ask('/chat', 'register', { username: name }), []);
    await client.sync('/chat');
    return client;
  }

  test('room and private messages carry the name the sender registered, whatever the payload says', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const mallory = await user('mallory');
    try {
      for (const c of [alice, bob, mallory]) assert.deepEqual(await c.ask('/chat', 'join_room', { username: 'alice', room: 'lobby' }), []);
      await settle([alice, '/chat'], [bob, '/chat'], [mallory, '/chat']);
      for (const c of [alice, bob, mallory]) c.take('/chat');
      assert.deepEqual(await mallory.ask('/chat', 'room_message', { username: 'alice', message: 'send me your password', room: 'lobby' }), []);
      assert.deepEqual(await mallory.ask('/chat', 'private_message', { username: 'alice', recipient: 'bob', message: 'it is me, alice' }), []);
      await settle([alice, '/chat'], [bob, '/chat'], [mallory, '/chat']);
      assert.deepEqual(bob.take('/chat'), [
        ev('room_message', { username: 'mallory', message: 'send me your password', room: 'lobby' }),
        ev('private_message', { username: 'mallory', message: 'it is me, alice' }),
      ]);
    } finally {
      for (const c of [alice, bob, mallory]) c.close();
    }
  });

  test('a connection that has not registered cannot post, join or write privately', async () => {
    const anonymous = new RecordingClient(url);
    try {
      await anonymous.connect('/chat');
      const notRegistered = [{ error: { code: 'not_registered', message: 'Register a name first.' } }];
      assert.deepEqual(await anonymous.ask('/chat', 'join_room', { username: 'alice', room: 'lobby' }), notRegistered);
      assert.deepEqual(await anonymous.ask('/chat', 'room_message', { username: 'alice', message: 'hi', room: 'lobby' }), notRegistered);
      assert.deepEqual(await anonymous.ask('/chat', 'private_message', { username: 'alice', recipient: 'alice', message: 'hi' }), notRegistered);
    } finally {
      anonymous.close();
    }
  });

  test('join_room keeps one set of rooms per connection (no copy per join), and stops at the room limit', async () => {
    const greedy = await user('greedy');
    try {
      const sid = greedy.socket('/chat').id!;
      const session = () => app.io.of('/chat').sockets.get(sid)!.data as { joined?: Set<string> };
      assert.deepEqual(await greedy.ask('/chat', 'join_room', { room: 'r-0' }), []);
      const joined = session().joined;
      assert.ok(joined instanceof Set);
      const answers = await Promise.all(Array.from({ length: 1199 }, (_, i) => greedy.ask('/chat', 'join_room', { room: `r-${i + 1}` })));
      assert.equal(session().joined, joined, 'the same set, grown in place');
      // The sid room counts: 999 rooms, then too_many_rooms.
      assert.equal(answers.filter((a) => a.length === 0).length, 998);
      assert.deepEqual(answers[998], [{ error: { code: 'too_many_rooms', message: 'This connection is already in 1000 rooms; leave one first.' } }]);
      assert.equal(joined.size, 999);
    } finally {
      greedy.close();
    }
  });

  test('broadcast_notification is rate limited: 2,000 frames from one client reach the others only a few times', async () => {
    const flooder = await user('flooder', '/notifications');
    const listener = await user('listener', '/notifications');
    try {
      for (let i = 0; i < 2000; i++) flooder.emit('/notifications', 'broadcast_notification', { message: `spam ${i}` });
      await settle([flooder, '/notifications'], [listener, '/notifications']);
      const heard = listener.take('/notifications').filter((e) => e.event === 'notification');
      assert.equal(heard.length, NOTIFICATION_LIMIT.points);
      const told = flooder.take('/notifications').filter((e) => e.event === 'socketeer:error');
      assert.deepEqual(told, [ev('socketeer:error', { event: 'broadcast_notification', error: { code: 'rate_limited', message: 'Too many events; slow down.' } })]);
    } finally {
      flooder.close();
      listener.close();
    }
  });
});
