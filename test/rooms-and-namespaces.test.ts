import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emit, joinRoom, leaveRoom, Namespace, On, OnDisconnect, request, rooms } from 'socketeer';
import { ask, flush, nextEvent, record, serve, until } from './support/server.js';

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
  @On('my_rooms') myRooms() {
    return rooms().sort();
  }
  @OnDisconnect() gone() {
    left.push({ sid: request.sid, roomsAtDisconnect: request.socket.rooms.size });
  }
}

const controllers = [DefaultNs, Notifications, Chat];

describe('rooms', () => {
  test('messages to a room reach only its members', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob, cat] = await Promise.all([server.connect('/chat'), server.connect('/chat'), server.connect('/chat')]);
    await ask(ann, 'join_room', { username: 'ann', room: 'kitchen' });
    await ask(bob, 'join_room', { username: 'bob', room: 'kitchen' });
    await ask(cat, 'join_room', { username: 'cat', room: 'garden' });
    const seen = [record(ann), record(bob), record(cat)];
    await ask(ann, 'room_message', { username: 'ann', room: 'kitchen', msg: 'tea?' });
    await Promise.all([flush(ann), flush(bob), flush(cat)]);
    const msg = ['room_message', { username: 'ann', msg: 'tea?' }];
    assert.deepEqual(seen, [[msg], [msg], []]);
  });

  test('joining and leaving are announced to the room', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob] = await Promise.all([server.connect('/chat'), server.connect('/chat')]);
    await ask(ann, 'join_room', { username: 'ann', room: 'hall' });
    const joined = nextEvent(ann, 'room_message');
    await ask(bob, 'join_room', { username: 'bob', room: 'hall' });
    assert.deepEqual(await joined, [{ msg: 'bob has joined the room' }]);
    const seenBob = record(bob);
    const leftMsg = nextEvent(ann, 'room_message');
    await ask(bob, 'leave_room', { username: 'bob', room: 'hall' });
    assert.deepEqual(await leftMsg, [{ msg: 'bob has left the room' }]);
    await flush(bob);
    assert.deepEqual(seenBob, [], 'the leaver is no longer in the room');
  });

  test('a disconnect leaves every room', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob] = await Promise.all([server.connect('/chat'), server.connect('/chat')]);
    await ask(ann, 'join_room', { username: 'ann', room: 'one' });
    await ask(ann, 'join_room', { username: 'ann', room: 'two' });
    assert.deepEqual(await ask(ann, 'my_rooms'), [ann.id, 'one', 'two'].sort());
    const sid = ann.id!;
    const chat = server.app.io.of('/chat');
    assert.equal(chat.adapter.rooms.get('one')?.has(sid), true);
    ann.disconnect();
    await until(() => left.some((l) => l.sid === sid), 2000, 'the disconnect handler');
    assert.equal(chat.adapter.rooms.has('one'), false);
    assert.equal(chat.adapter.rooms.has('two'), false);
    assert.equal(chat.adapter.rooms.has(sid), false);
    assert.equal(left.find((l) => l.sid === sid)?.roomsAtDisconnect, 0, 'rooms are already left when @OnDisconnect runs');
    const seenBob = record(bob);
    await ask(bob, 'room_message', { username: 'bob', room: 'one', msg: 'anyone?' });
    await flush(bob);
    assert.deepEqual(seenBob, [], 'bob is not in room one, and nobody else is either');
  });

  test('private messages go through the recipient sid room', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob, cat] = await Promise.all([server.connect('/chat'), server.connect('/chat'), server.connect('/chat')]);
    const seenCat = record(cat);
    await ask(ann, 'register', { username: 'ann' });
    await ask(bob, 'register', { username: 'bob' });
    const toBob = nextEvent(bob, 'private_message');
    const toAnn = nextEvent(ann, 'private_message');
    assert.equal(await ask(ann, 'private_message', { sender: 'ann', recipient: 'bob', msg: 'hi bob' }), 'delivered');
    assert.deepEqual(await toBob, [{ from: 'ann', msg: 'hi bob' }]);
    assert.deepEqual(await toAnn, [{ to: 'bob', msg: 'hi bob', sent: true }]);
    await flush(cat);
    assert.deepEqual(seenCat.filter(([event]) => event !== 'user_list'), []);
  });

  test('a broadcast user list reaches everyone in the namespace', async (t) => {
    const server = await serve(t, { controllers });
    const [ann, bob] = await Promise.all([server.connect('/chat'), server.connect('/chat')]);
    const listAtBob = nextEvent(bob, 'user_list');
    await ask(ann, 'register', { username: 'zed' });
    const [payload] = (await listAtBob) as [{ users: string[] }];
    assert.ok(payload.users.includes('zed'));
  });
});

describe('namespaces', () => {
  test('the same event name is handled by each namespace on its own', async (t) => {
    const server = await serve(t, { controllers });
    const manager = server.manager();
    const [home, chat, notes] = await Promise.all([
      server.connect('/', { manager }),
      server.connect('/chat', { manager }),
      server.connect('/notifications', { manager }),
    ]);
    const seen = [record(home), record(chat), record(notes)];
    home.emit('message', 'a');
    chat.emit('message', 'b');
    notes.emit('message', 'c');
    await Promise.all([flush(home), flush(chat), flush(notes)]);
    assert.deepEqual(seen, [
      [['response', { data: 'default got a' }]],
      [['response', { data: 'chat got b' }]],
      [['response', { data: 'notifications got c' }]],
    ]);
  });

  test('a broadcast stays inside its namespace', async (t) => {
    const server = await serve(t, { controllers });
    const [n1, n2] = await Promise.all([server.connect('/notifications'), server.connect('/notifications')]);
    const [home, chat] = await Promise.all([server.connect('/'), server.connect('/chat')]);
    const seen = [record(n1), record(n2), record(home), record(chat)];
    await ask(n1, 'broadcast_notification', { message: 'maintenance at noon' });
    await Promise.all([flush(n1), flush(n2), flush(home), flush(chat)]);
    const note = ['notification', { message: 'maintenance at noon' }];
    assert.deepEqual(seen, [[note], [note], [], []]);
  });

  test('rooms of the same name in two namespaces are different rooms', async (t) => {
    const server = await serve(t, { controllers });
    const chat = await server.connect('/chat');
    await ask(chat, 'join_room', { username: 'ann', room: 'shared-name' });
    const home = await server.connect('/');
    const seenHome = record(home);
    server.app.emit('ping', 1, { to: 'shared-name' }); // namespace '/' by default
    await flush(home);
    assert.deepEqual(seenHome, []);
    const atChat = nextEvent(chat, 'ping');
    server.app.emit('ping', 2, { to: 'shared-name', namespace: '/chat' });
    assert.deepEqual(await atChat, [2]);
  });

  test('a client connecting to a namespace nobody handles is refused', async (t) => {
    const server = await serve(t, { controllers });
    await assert.rejects(server.connect('/nowhere'), { message: 'Invalid namespace' });
  });
});
