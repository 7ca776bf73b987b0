import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { collectingLogger, RecordingClient, settle, type Received } from '../../_support/recording-client.js';
import { runEntry } from '../../_support/run-entry.js';
import { createChatApp } from '../server.js';

const ev = (event: string, ...args: unknown[]): Received => ({ event, args });

describe('chat example', () => {
  const logger = collectingLogger();
  const app = createChatApp({ logger });
  let url = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  test('each namespace answers message with its own response', async () => {
    await using client = await createTestClient(app);
    await client.connect('/chat');
    await client.connect('/notifications');
    assert.equal(await client.emit('message', 'Hello default namespace'), undefined);
    assert.equal(await client.of('/chat').emit('message', 'Hello chat namespace'), undefined);
    assert.equal(await client.of('/notifications').emit('message', 'Hello notification namespace'), undefined);
    assert.deepEqual(client.getReceived('/'), [
      { name: 'response', args: [{ data: 'Default namespace response' }], namespace: '/' },
    ]);
    assert.deepEqual(client.getReceived('/chat'), [
      { name: 'response', args: [{ data: 'Chat namespace response' }], namespace: '/chat' },
    ]);
    assert.deepEqual(client.getReceived('/notifications'), [
      { name: 'response', args: [{ data: 'Notification namespace response' }], namespace: '/notifications' },
    ]);
  });

  test('register, rooms, private messages, notifications and leaving, as each client sees them', async () => {
    const alice = new RecordingClient(url);
    const bob = new RecordingClient(url);
    const carol = new RecordingClient(url);
    try {
      for (const c of [alice, bob, carol]) {
        await c.connect('/chat');
        await c.connect('/notifications');
      }
      const chat: [RecordingClient, string][] = [
        [alice, '/chat'],
        [bob, '/chat'],
        [carol, '/chat'],
      ];
      const step = async (who: RecordingClient, ns: string, event: string, data: unknown) => {
        who.emit(ns, event, data);
        await settle([who, ns], ...chat, [alice, '/notifications'], [bob, '/notifications'], [carol, '/notifications']);
      };

      await step(alice, '/chat', 'register', { username: 'alice' });
      await step(bob, '/chat', 'register', { username: 'bob' });
      await step(carol, '/chat', 'register', { username: 'carol' });
      await step(alice, '/chat', 'join_room', { username: 'alice', room: 'lobby' });
      await step(bob, '/chat', 'join_room', { username: 'bob', room: 'lobby' });
      await step(carol, '/chat', 'join_room', { username: 'carol', room: 'garden' });
      await step(alice, '/chat', 'room_message', { username: 'alice', message: 'hi lobby', room: 'lobby' });
      await step(bob, '/chat', 'private_message', { username: 'bob', recipient: 'carol', message: 'psst' });
      await step(carol, '/notifications', 'broadcast_notification', { message: 'Deploy at noon' });
      await step(bob, '/chat', 'leave_room', { username: 'bob', room: 'lobby' });
      await step(carol, '/chat', 'leave_room', { username: 'carol', room: 'garden' });
      await step(carol, '/chat', 'join_room', { username: 'carol', room: 'lobby' });
      alice.close();
      await bob.waitFor('/chat', 'user_list');
      await settle(...chat.slice(1));

      const users = (...names: string[]) => ev('user_list', { users: names });
      assert.deepEqual(alice.take('/chat'), [
        users('alice'),
        users('alice', 'bob'),
        users('alice', 'bob', 'carol'),
        ev('room_message', { msg: 'alice has joined the room' }),
        ev('room_message', { msg: 'bob has joined the room' }),
        ev('room_message', { username: 'alice', message: 'hi lobby', room: 'lobby' }),
        ev('room_message', { msg: 'bob has left the room' }),
        ev('room_message', { msg: 'carol has joined the room' }),
      ]);
      assert.deepEqual(bob.take('/chat'), [
        users('alice'),
        users('alice', 'bob'),
        users('alice', 'bob', 'carol'),
        ev('room_message', { msg: 'bob has joined the room' }),
        ev('room_message', { username: 'alice', message: 'hi lobby', room: 'lobby' }),
        ev('private_message', { username: 'bob', message: 'psst', recipient: 'carol' }),
        users('bob', 'carol'),
      ]);
      assert.deepEqual(carol.take('/chat'), [
        users('alice'),
        users('alice', 'bob'),
        users('alice', 'bob', 'carol'),
        ev('room_message', { msg: 'carol has joined the room' }),
        ev('private_message', { username: 'bob', message: 'psst' }),
        ev('room_message', { msg: 'carol has joined the room' }),
        ev('room_message', { msg: 'alice has left the room' }),
        users('bob', 'carol'),
      ]);
      const note = ev('notification', { message: 'Deploy at noon' });
      assert.deepEqual(alice.take('/notifications'), [note]);
      assert.deepEqual(bob.take('/notifications'), [note]);
      assert.deepEqual(carol.take('/notifications'), [note]);
    } finally {
      for (const c of [alice, bob, carol]) c.close();
    }
  });

  test('refusals: on the ack when asked for one, otherwise as socketeer:error; nobody else hears', async () => {
    const dora = new RecordingClient(url);
    const eve = new RecordingClient(url);
    try {
      await dora.connect('/chat');
      await eve.connect('/chat');
      dora.emit('/chat', 'register', { username: 'dora' });
      await settle([dora, '/chat'], [eve, '/chat']);
      eve.emit('/chat', 'register', { username: 'eve' });
      await settle([eve, '/chat'], [dora, '/chat']);
      dora.take('/chat');
      eve.take('/chat');

      const notInRoom = { code: 'not_in_room', message: "You are not in the room 'lobby'; join it first." };
      const unknownUser = { code: 'unknown_user', message: "No user named 'nobody' is online." };
      const taken = { code: 'name_taken', message: "The name 'dora' is already taken." };

      assert.deepEqual(await eve.ask('/chat', 'room_message', { username: 'eve', message: 'hi', room: 'lobby' }), [
        { error: notInRoom },
      ]);
      assert.deepEqual(
        await eve.ask('/chat', 'private_message', { username: 'eve', recipient: 'nobody', message: 'hi' }),
        [{ error: unknownUser }],
      );
      assert.deepEqual(await eve.ask('/chat', 'register', { username: 'dora' }), [{ error: taken }]);
      assert.deepEqual(await eve.ask('/chat', 'leave_room', { username: 'eve', room: 'lobby' }), [
        { error: { code: 'not_in_room', message: "You are not in the room 'lobby'; join it first." } },
      ]);
      const [noRoom] = (await eve.ask('/chat', 'join_room', { room: '' })) as [
        { error: { code: string; issues: { path: string[] }[] } },
      ];
      assert.equal(noRoom.error.code, 'validation_error');
      assert.deepEqual(
        noRoom.error.issues.map((i) => i.path),
        [['room']],
      );

      eve.emit('/chat', 'room_message', { username: 'eve', message: 'hi', room: 'lobby' });
      eve.emit('/chat', 'private_message', { username: 'eve', recipient: 'nobody', message: 'hi' });
      eve.emit('/chat', 'register', { username: 'dora' });
      eve.emit('/chat', 'join_room', { username: 'eve' });
      await settle([eve, '/chat'], [dora, '/chat']);
      const received = eve.take('/chat');
      assert.deepEqual(received.slice(0, 3), [
        ev('socketeer:error', { event: 'room_message', error: notInRoom }),
        ev('socketeer:error', { event: 'private_message', error: unknownUser }),
        ev('socketeer:error', { event: 'register', error: taken }),
      ]);
      assert.equal(received.length, 4);
      const last = received[3]!.args[0] as { event: string; error: { code: string } };
      assert.equal(received[3]!.event, 'socketeer:error');
      assert.equal(last.event, 'join_room');
      assert.equal(last.error.code, 'validation_error');
      assert.deepEqual(dora.take('/chat'), []);
    } finally {
      dora.close();
      eve.close();
    }
  });

  test('a name is freed when its holder leaves; re-registering renames', async () => {
    const frank = new RecordingClient(url);
    const gina = new RecordingClient(url);
    try {
      await frank.connect('/chat');
      await gina.connect('/chat');
      frank.emit('/chat', 'register', { username: 'frank' });
      await settle([frank, '/chat'], [gina, '/chat']);
      frank.emit('/chat', 'register', { username: 'franky' });
      await settle([frank, '/chat'], [gina, '/chat']);
      assert.deepEqual(await gina.ask('/chat', 'register', { username: 'frank' }), []);
      await settle([gina, '/chat'], [frank, '/chat']);
      frank.close();
      await gina.waitFor('/chat', 'user_list');
      await settle([gina, '/chat']);
      assert.deepEqual(gina.take('/chat'), [
        ev('user_list', { users: ['frank'] }),
        ev('user_list', { users: ['franky'] }),
        ev('user_list', { users: ['franky', 'frank'] }),
        ev('user_list', { users: ['frank'] }),
      ]);
    } finally {
      frank.close();
      gina.close();
    }
  });

  test('the page and the socket.io client are served by the app itself', async () => {
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<script src="\/socket.io\/socket.io.js"><\/script>/);
    assert.doesNotMatch(html, /https?:\/\//);
    const client = await fetch(`${url}/socket.io/socket.io.js`);
    assert.equal(client.status, 200);
    assert.match(await client.text(), /Socket\.IO v4/);
  });

  test('npm start: the entry serves the chat and exits 0 on SIGTERM', async () => {
    const server = await runEntry('examples/chat/server.ts');
    const client = new RecordingClient(server.url);
    try {
      assert.match(await (await fetch(server.url)).text(), /Socketeer chat/);
      await client.connect('/chat');
      client.emit('/chat', 'message', 'hi');
      await client.sync('/chat');
      assert.deepEqual(client.take('/chat'), [ev('response', { data: 'Chat namespace response' })]);
    } finally {
      client.close();
      assert.equal(await server.stop(), 0);
    }
  });
});
