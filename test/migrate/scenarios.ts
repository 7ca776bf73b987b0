/**
 * The event sequences the fixture programs produce under Flask-SocketIO, written down from its
 * documented behaviour: send/emit without `to` answer the sender, `to=room` reaches every member
 * (the sender too, when it is a member; membership is not needed to send to a room),
 * `broadcast=True` reaches the whole namespace including the sender, a client that left a room
 * no longer hears it, and a handler without a return value acks with no arguments.
 */
import type { Scenario } from './scripted-clients.js';

const member = (username: string, room: string) => ({ username, room });

/**
 * The room chat protocol (fixtures/rooms/app.py): `join`/`leave` with { username, room } announce
 * the change to the room with `send`; `message` with { room, msg } relays msg to the room.
 */
export const roomsScenario: Scenario = {
  name: 'rooms',
  clients: { alice: { namespace: '/' }, bob: { namespace: '/' }, carol: { namespace: '/' } },
  steps: [
    { connect: 'alice' },
    { connect: 'bob' },
    { connect: 'carol' },
    { emit: 'alice', event: 'join', args: [member('alice', 'lobby')] },
    { emit: 'bob', event: 'join', args: [member('bob', 'lobby')] },
    { emit: 'carol', event: 'join', args: [member('carol', 'garden')] },
    { emit: 'alice', event: 'message', args: [{ room: 'lobby', msg: 'hi all' }] },
    // sending to a room does not require being in it
    { emit: 'carol', event: 'message', args: [{ room: 'lobby', msg: 'psst' }] },
    { emit: 'bob', event: 'leave', args: [member('bob', 'lobby')] },
    { emit: 'alice', event: 'message', args: [{ room: 'lobby', msg: 'anyone?' }] },
    { disconnect: 'bob' },
    // carol leaves before the announcement, and nobody else is in the garden
    { emit: 'carol', event: 'leave', args: [member('carol', 'garden')] },
  ],
  expected: {
    alice: [
      ['message', 'alice has entered the room.'],
      ['ack'],
      ['message', 'bob has entered the room.'],
      ['message', 'hi all'],
      ['ack'],
      ['message', 'psst'],
      ['message', 'bob has left the room.'],
      ['message', 'anyone?'],
      ['ack'],
    ],
    bob: [['message', 'bob has entered the room.'], ['ack'], ['message', 'hi all'], ['message', 'psst'], ['ack']],
    carol: [['message', 'carol has entered the room.'], ['ack'], ['ack'], ['ack']],
  },
};

/**
 * The namespaces chat protocol (fixtures/chat/app.py): on '/chat', `register` { username }
 * broadcasts `user_list`, `join_room`/`leave_room` { username, room } announce on `room_message`,
 * `room_message` { username, message, room } relays to the room, `private_message`
 * { username, recipient, message } reaches the recipient and echoes to the sender; on
 * '/notifications', `broadcast_notification` { message } reaches everyone there.
 */
export const chatScenario: Scenario = {
  name: 'namespaces chat',
  clients: {
    alice: { namespace: '/chat' },
    bob: { namespace: '/chat' },
    nina: { namespace: '/notifications' },
    omar: { namespace: '/notifications' },
  },
  steps: [
    { connect: 'alice' },
    { connect: 'bob' },
    { connect: 'nina' },
    { connect: 'omar' },
    { emit: 'alice', event: 'register', args: [{ username: 'alice' }] },
    { emit: 'bob', event: 'register', args: [{ username: 'bob' }] },
    { emit: 'alice', event: 'join_room', args: [member('alice', 'r1')] },
    { emit: 'bob', event: 'join_room', args: [member('bob', 'r1')] },
    { emit: 'alice', event: 'room_message', args: [{ username: 'alice', room: 'r1', message: 'hey' }] },
    { emit: 'alice', event: 'private_message', args: [{ username: 'alice', recipient: 'bob', message: 'psst' }] },
    { emit: 'nina', event: 'broadcast_notification', args: [{ message: 'deploy at 5' }] },
    { emit: 'bob', event: 'leave_room', args: [member('bob', 'r1')] },
    { emit: 'alice', event: 'room_message', args: [{ username: 'alice', room: 'r1', message: 'still here' }] },
  ],
  expected: {
    alice: [
      ['user_list', { users: ['alice'] }],
      ['ack'],
      ['user_list', { users: ['alice', 'bob'] }],
      ['room_message', { msg: 'alice has joined the room' }],
      ['ack'],
      ['room_message', { msg: 'bob has joined the room' }],
      ['room_message', { username: 'alice', message: 'hey', room: 'r1' }],
      ['ack'],
      ['private_message', { username: 'alice', message: 'psst', recipient: 'bob' }],
      ['ack'],
      ['room_message', { msg: 'bob has left the room' }],
      ['room_message', { username: 'alice', message: 'still here', room: 'r1' }],
      ['ack'],
    ],
    bob: [
      ['user_list', { users: ['alice'] }],
      ['user_list', { users: ['alice', 'bob'] }],
      ['ack'],
      ['room_message', { msg: 'bob has joined the room' }],
      ['ack'],
      ['room_message', { username: 'alice', message: 'hey', room: 'r1' }],
      ['private_message', { username: 'alice', message: 'psst' }],
      ['ack'],
    ],
    nina: [['notification', { message: 'deploy at 5' }], ['ack']],
    omar: [['notification', { message: 'deploy at 5' }]],
  },
};

/** fixtures/chat/app.py also answers plain messages on the default namespace. */
export const defaultNamespaceScenario: Scenario = {
  name: 'default namespace',
  clients: { dave: { namespace: '/' }, erin: { namespace: '/' } },
  steps: [{ connect: 'dave' }, { connect: 'erin' }, { emit: 'dave', event: 'message', args: ['hello'] }],
  expected: {
    // emit() without a recipient answers the sender only
    dave: [['response', { data: 'Default namespace response' }], ['ack']],
    erin: [],
  },
};

/**
 * fixtures/getting-started/app.py: auth checked on connect, the session, several-argument acks
 * and events, broadcasts without the sender, send/json, call() and the error handler's ack.
 */
export const gettingStartedScenario: Scenario = {
  name: 'getting started',
  clients: {
    eve: { namespace: '/' },
    ada: { namespace: '/', auth: { token: 's3cret' }, replies: { question: ['yes'] } },
    ben: { namespace: '/', auth: { token: 'hunter2' } },
    carol: { namespace: '/admin' },
  },
  steps: [
    { connect: 'eve' },
    { connect: 'ada' },
    { connect: 'ben' },
    { emit: 'ada', event: 'my_event', args: ['a', 'b', 'c'] },
    { emit: 'ada', event: 'my event', args: [{ n: 1 }] },
    { emit: 'ben', event: 'my event', args: [{ n: 2 }] },
    { emit: 'ben', event: 'my_event', args: ['a', 'b', 'c'] },
    { emit: 'ada', event: 'message', args: ['hello'] },
    { emit: 'ada', event: 'json', args: [{ a: 1 }] },
    { emit: 'ada', event: 'ask', args: ['ready?'] },
    { emit: 'ada', event: 'who', args: [] },
    { emit: 'ada', event: 'fail', args: [{}] },
    { connect: 'carol' },
    { emit: 'carol', event: 'greet', args: [{ name: 'dan' }] },
  ],
  expected: {
    // no auth: None in Flask-SocketIO, so the connect handler refuses
    eve: [['connect_error', 'unauthorized!']],
    ada: [
      ['my response', { data: 'Connected', user: 'ada' }],
      ['ack', 'one', 1],
      // include_self=False: the sender gets only its own count
      ['counted', 0],
      ['ack'],
      ['my response', 'foo', 'bar', { n: 2 }],
      ['message', 'hello'],
      ['ack'],
      ['json', { a: 1 }],
      ['ack'],
      ['question', 'ready?'],
      ['ack', 'the client said yes'],
      ['ack', ['BEN']],
      // the '/' error handler returns nothing, which acknowledges with no arguments
      ['ack'],
    ],
    ben: [
      ['my response', { data: 'Connected', user: 'ben' }],
      ['my response', 'foo', 'bar', { n: 1 }],
      ['counted', 1],
      ['ack'],
      ['ack', 'one', 2],
    ],
    carol: [['greeting', 'hello, dan'], ['ack']],
  },
};

/**
 * fixtures/chat/app.py, as Flask-SocketIO runs it: a private message to a name nobody
 * registered sends nothing, and the acknowledgement carries nothing. (examples/chat answers
 * with an `unknown_user` error instead, a deliberate change, so this one is not shared.)
 */
export const unknownRecipientScenario: Scenario = {
  name: 'private message to nobody',
  clients: { alice: { namespace: '/chat' } },
  steps: [
    { connect: 'alice' },
    { emit: 'alice', event: 'private_message', args: [{ username: 'alice', recipient: 'zed', message: 'hello?' }] },
  ],
  expected: { alice: [['ack']] },
};
