import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emit, joinRoom, leaveRoom, Namespace, On, OnDisconnect, request, rooms } from 'socketeer';
import { createTestClient } from 'socketeer/testing';
import { appFor, received } from './support/app.js';
import { until } from './support/server.js';

/** The seeds' three namespaces, each answering `message` in its own words. */
@Namespace('/')
class DefaultNs {
  @On('message') message(text: string) {
    emit('response', { data: `default got ${text}` });
  }
}

@Namespace('/notifications')
class Notifications {
  @On('message') message(text: string) {
    emit('response', { data: `notifications got ${text}` });
  }
  @On('broadcast_notification') notify(data: { message: string }) {
    emit('notification', { message: data.message }, { broadcast: true });
  }
}

const users = new Map<string, string>();
const left: { sid: string; roomsAtDisconnect: number }[] = [];

/** The seeds' chat: a user list, rooms, private messages through the sid room. */
@Namespace('/chat')
class Chat {
  @On('message') message(text: string) {
    emit('response', { data: `chat got ${text}` });
  }
  @On('register') register(data: { username: string }) {
    users.set(data.username, request.sid);
    emit('user_list', { users: [...users.keys()] }, { broadcast: true });
    return request.sid;
  }
  @On('join_room') join(data: { username: string; room: string }) {
    joinRoom(data.room);
    emit('room_message', { msg: `${data.username} has joined the room` }, { to: data.room });
  }
  @On('leave_room') leave(data: { username: string; room: string }) {
    leaveRoom(data.room);
    emit('room_message', { msg: `${data.username} has left the room` }, { to: data.room });
  }
  @On('room_message') roomMessage(data: { username: string; room: string; msg: string }) {
    emit('room_message', { username: data.username, msg: data.msg }, { to: data.room });
  }
  @On('private_message') privateMessage(data: { sender: string; recipient: string; msg: string }) {
    const sid = users.get(data.recipient);
    if (sid === undefined) return { error: 'no such user' };
    emit('private_message', { from: data.sender, msg: data.msg }, { to: sid });
    emit('private_message', { to: data.recipient, msg: data.msg, sent: true }, { to: request.sid });
    return 'delivered';
  }
  @On('whoami') whoami() {
    return { sid: request.sid, rooms: rooms().sort() };
  }
  @OnDisconnect() gone() {
    left.push({ sid: request.sid, roomsAtDisconnect: request.socket.rooms.size });
  }
}

const controllers = [DefaultNs, Notifications, Chat];
const chatClient = (app: Parameters<typeof createTestClient>[0]) => createTestClient(app, { namespace: '/chat' });

describe('rooms', () => {
  test('messages to a room reach only its members', async (t) => {
    const app = appFor(t, { controllers });
    const [ann, bob, cat] = await Promise.all([chatClient(app), chatClient(app), chatClient(app)]);
    await ann.emit('join_room', { username: 'ann', room: 'kitchen' });
    await bob.emit('join_room', { username: 'bob', room: 'kitchen' });
    await cat.emit('join_room', { username: 'cat', room: 'garden' });
    await Promise.all([received(ann), received(bob), received(cat)]); // drop the join announcements
    await ann.emit('room_message', { username: 'ann', room: 'kitchen', msg: 'tea?' });
    const msg = ['room_message', { username: 'ann', msg: 'tea?' }];
    assert.deepEqual(await Promise.all([received(ann), received(bob), received(cat)]), [[msg], [msg], []]);
  });

  test('joining and leaving are announced to the room', async (t) => {
    const app = appFor(t, { controllers });
    const [ann, bob] = await Promise.all([chatClient(app), chatClient(app)]);
    await ann.emit('join_room', { username: 'ann', room: 'hall' });
    await bob.emit('join_room', { username: 'bob', room: 'hall' });
    await bob.emit('leave_room', { username: 'bob', room: 'hall' });
    assert.deepEqual(await received(ann), [
      ['room_message', { msg: 'ann has joined the room' }],
      ['room_message', { msg: 'bob has joined the room' }],
      ['room_message', { msg: 'bob has left the room' }],
    ]);
    assert.deepEqual(
      await received(bob),
      [['room_message', { msg: 'bob has joined the room' }]],
      'the leaver is no longer in the room',
    );
  });

  test('a disconnect leaves every room', async (t) => {
    const app = appFor(t, { controllers });
    const [ann, bob] = await Promise.all([chatClient(app), chatClient(app)]);
    await ann.emit('join_room', { username: 'ann', room: 'one' });
    await ann.emit('join_room', { username: 'ann', room: 'two' });
    const { sid, rooms: annRooms } = (await ann.emit('whoami')) as { sid: string; rooms: string[] };
    assert.deepEqual(annRooms, [sid, 'one', 'two'].sort());
    const chat = app.io.of('/chat');
    assert.equal(chat.adapter.rooms.get('one')?.has(sid), true);
    await ann.disconnect();
    await until(() => left.some((l) => l.sid === sid), 2000, 'the disconnect handler');
    assert.equal(chat.adapter.rooms.has('one'), false);
    assert.equal(chat.adapter.rooms.has('two'), false);
    assert.equal(chat.adapter.rooms.has(sid), false);
    assert.equal(
      left.find((l) => l.sid === sid)?.roomsAtDisconnect,
      0,
      'rooms are already left when @OnDisconnect runs',
    );
    await bob.emit('room_message', { username: 'bob', room: 'one', msg: 'anyone?' });
    assert.deepEqual(await received(bob), [], 'bob is not in room one, and nobody else is either');
  });

  test('private messages go through the recipient sid room', async (t) => {
    const app = appFor(t, { controllers });
    const [ann, bob, cat] = await Promise.all([chatClient(app), chatClient(app), chatClient(app)]);
    await ann.emit('register', { username: 'ann' });
    await bob.emit('register', { username: 'bob' });
    await Promise.all([received(ann), received(bob), received(cat)]); // drop the user lists
    assert.equal(await ann.emit('private_message', { sender: 'ann', recipient: 'bob', msg: 'hi bob' }), 'delivered');
    assert.deepEqual(await received(bob), [['private_message', { from: 'ann', msg: 'hi bob' }]]);
    assert.deepEqual(await received(ann), [['private_message', { to: 'bob', msg: 'hi bob', sent: true }]]);
    assert.deepEqual(await received(cat), []);
  });

  test('a broadcast user list reaches everyone in the namespace', async (t) => {
    const app = appFor(t, { controllers });
    const [ann, bob] = await Promise.all([chatClient(app), chatClient(app)]);
    await ann.emit('register', { username: 'zed' });
    const { args } = await bob.waitFor('user_list');
    assert.ok((args[0] as { users: string[] }).users.includes('zed'));
  });
});

describe('namespaces', () => {
  test('the same event name is handled by each namespace on its own', async (t) => {
    const app = appFor(t, { controllers });
    const client = await createTestClient(app);
    await client.connect('/chat');
    await client.connect('/notifications');
    client.emitNoAck('message', 'a');
    client.of('/chat').emitNoAck('message', 'b');
    client.of('/notifications').emitNoAck('message', 'c');
    assert.deepEqual(await received(client), [['response', { data: 'default got a' }]]);
    assert.deepEqual(await received(client.of('/chat')), [['response', { data: 'chat got b' }]]);
    assert.deepEqual(await received(client.of('/notifications')), [['response', { data: 'notifications got c' }]]);
  });

  test('a broadcast stays inside its namespace', async (t) => {
    const app = appFor(t, { controllers });
    const n1 = await createTestClient(app, { namespace: '/notifications' });
    const n2 = await createTestClient(app, { namespace: '/notifications' });
    const home = await createTestClient(app);
    const chat = await chatClient(app);
    await n1.emit('broadcast_notification', { message: 'maintenance at noon' });
    const note = ['notification', { message: 'maintenance at noon' }];
    assert.deepEqual(await Promise.all([received(n1), received(n2), received(home), received(chat)]), [
      [note],
      [note],
      [],
      [],
    ]);
  });

  test('rooms of the same name in two namespaces are different rooms', async (t) => {
    const app = appFor(t, { controllers });
    const chat = await chatClient(app);
    await chat.emit('join_room', { username: 'ann', room: 'shared-name' });
    await received(chat);
    const home = await createTestClient(app);
    app.emit('ping', 1, { to: 'shared-name' }); // namespace '/' by default
    assert.deepEqual(await received(home), []);
    app.emit('ping', 2, { to: 'shared-name', namespace: '/chat' });
    assert.deepEqual(await received(chat), [['ping', 2]]);
  });

  test('a client connecting to a namespace nobody handles is refused', async (t) => {
    const app = appFor(t, { controllers });
    await assert.rejects(createTestClient(app, { namespace: '/nowhere' }), {
      name: 'ConnectionRefused',
      message: 'Invalid namespace',
    });
  });
});
