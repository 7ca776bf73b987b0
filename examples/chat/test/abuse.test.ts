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
      for (const c of [alice, bob, mallory])
        assert.deepEqual(await c.ask('/chat', 'join_room', { username: 'alice', room: 'lobby' }), []);
      await settle([alice, '/chat'], [bob, '/chat'], [mallory, '/chat']);
      for (const c of [alice, bob, mallory]) c.take('/chat');
      assert.deepEqual(
        await mallory.ask('/chat', 'room_message', {
          username: 'alice',
          message: 'send me your password',
          room: 'lobby',
        }),
        [],
      );
      assert.deepEqual(
        await mallory.ask('/chat', 'private_message', {
          username: 'alice',
          recipient: 'bob',
          message: 'it is me, alice',
        }),
        [],
      );
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
      assert.deepEqual(
        await anonymous.ask('/chat', 'room_message', { username: 'alice', message: 'hi', room: 'lobby' }),
        notRegistered,
      );
      assert.deepEqual(
        await anonymous.ask('/chat', 'private_message', { username: 'alice', recipient: 'alice', message: 'hi' }),
        notRegistered,
      );
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
      // Without acks, then one asked: its answer comes once every join before it was handled.
      for (let i = 1; i < 1200; i++) greedy.emit('/chat', 'join_room', { room: `r-${i}` });
      const tooMany = { code: 'too_many_rooms', message: 'This connection is already in 1000 rooms; leave one first.' };
      // (a generous timeout: on a busy machine the answer queues behind 1,199 events)
      assert.deepEqual(await greedy.socket('/chat').timeout(30_000).emitWithAck('join_room', { room: 'one-more' }), {
        error: tooMany,
      });
      assert.equal(session().joined, joined, 'the same set, grown in place');
      // The sid room counts: r-0 to r-998 are in, r-999 onwards were refused.
      assert.equal(joined.size, 999);
      assert.ok(joined.has('r-998') && !joined.has('r-999'));
      const refused = greedy.take('/chat').filter((e) => e.event === 'socketeer:error');
      assert.equal(refused.length, 201);
      assert.deepEqual(refused[0], ev('socketeer:error', { event: 'join_room', error: tooMany }));
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
      assert.deepEqual(told, [
        ev('socketeer:error', {
          event: 'broadcast_notification',
          error: { code: 'rate_limited', message: 'Too many events; slow down.' },
        }),
      ]);
    } finally {
      flooder.close();
      listener.close();
    }
  });
});
