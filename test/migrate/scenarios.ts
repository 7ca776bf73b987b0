/**
 * The event sequences the fixture programs produce under Flask-SocketIO, written down from its
 * documented behaviour: send/emit without `to` answer the sender, `to=room` reaches every member
 * (the sender too, when it is a member; membership is not needed to send to a room),
 * `broadcast=True` reaches the whole namespace including the sender, a client that left a room
 * no longer hears it, and a handler without a return value acks with no arguments.
 */
import type { Scenario } from './scripted-clients.js';

const join = (nickname: string, room: string) => ({ nickname, room });

/** fixtures/rooms/app.py: rooms in the default namespace. */
export const roomsScenario: Scenario = {
  name: 'rooms',
  clients: { alice: { namespace: '/' }, bob: { namespace: '/' }, carol: { namespace: '/' } },
  steps: [
    { connect: 'alice' },
    { connect: 'bob' },
    { connect: 'carol' },
    { emit: 'alice', event: 'join', args: [join('alice', 'lobby')] },
    { emit: 'bob', event: 'join', args: [join('bob', 'lobby')] },
    { emit: 'carol', event: 'join', args: [join('carol', 'garden')] },
    { emit: 'alice', event: 'say', args: [{ nickname: 'alice', room: 'lobby', text: 'hi all' }] },
    { emit: 'carol', event: 'say', args: [{ nickname: 'carol', room: 'lobby', text: 'psst' }] },
    { emit: 'bob', event: 'leave', args: [join('bob', 'lobby')] },
    { emit: 'alice', event: 'say', args: [{ nickname: 'alice', room: 'lobby', text: 'anyone?' }] },
    { disconnect: 'bob' },
    { emit: 'carol', event: 'leave', args: [join('carol', 'garden')] },
  ],
  expected: {
    alice: [
      ['welcome', 'Pick a room to start chatting.'],
      ['message', 'alice joined lobby.'],
      ['ack', 'joined'],
      ['message', 'bob joined lobby.'],
      ['said', { from: 'alice', text: 'hi all' }],
      ['ack'],
      ['said', { from: 'carol', text: 'psst' }],
      ['message', 'bob left lobby.'],
      ['said', { from: 'alice', text: 'anyone?' }],
      ['ack'],
    ],
    bob: [
      ['welcome', 'Pick a room to start chatting.'],
      ['message', 'bob joined lobby.'],
      ['ack', 'joined'],
      ['said', { from: 'alice', text: 'hi all' }],
      ['said', { from: 'carol', text: 'psst' }],
      ['ack'],
    ],
    carol: [
      ['welcome', 'Pick a room to start chatting.'],
      ['message', 'carol joined garden.'],
      ['ack', 'joined'],
      ['ack'],
      ['ack'],
    ],
  },
};

/** fixtures/chat/app.py: '/', '/chat' (rooms, members, private messages) and '/notifications'. */
export const chatScenario: Scenario = {
  name: 'namespaces chat',
  clients: {
    alice: { namespace: '/chat' },
    bob: { namespace: '/chat' },
    carol: { namespace: '/notifications' },
    dave: { namespace: '/' },
  },
  steps: [
    { connect: 'alice' },
    { connect: 'bob' },
    { connect: 'carol' },
    { connect: 'dave' },
    { emit: 'dave', event: 'message', args: ['hello'] },
    { emit: 'alice', event: 'register', args: [{ nickname: 'alice' }] },
    { emit: 'bob', event: 'register', args: [{ nickname: 'bob' }] },
    { emit: 'alice', event: 'enter', args: [join('alice', 'r1')] },
    { emit: 'bob', event: 'enter', args: [join('bob', 'r1')] },
    { emit: 'alice', event: 'room_message', args: [{ nickname: 'alice', room: 'r1', message: 'hey' }] },
    { emit: 'alice', event: 'private_message', args: [{ nickname: 'alice', recipient: 'bob', message: 'psst' }] },
    { emit: 'alice', event: 'private_message', args: [{ nickname: 'alice', recipient: 'zed', message: 'hello?' }] },
    { emit: 'carol', event: 'broadcast_notification', args: [{ message: 'deploy at 5' }] },
    { emit: 'bob', event: 'exit', args: [join('bob', 'r1')] },
    { disconnect: 'bob' },
    { emit: 'alice', event: 'private_message', args: [{ nickname: 'alice', recipient: 'bob', message: 'still there?' }] },
  ],
  expected: {
    alice: [
      ['member_list', { members: ['alice'] }],
      ['ack'],
      ['member_list', { members: ['alice', 'bob'] }],
      ['room_event', { msg: 'alice entered r1' }],
      ['ack'],
      ['room_event', { msg: 'bob entered r1' }],
      ['room_message', { nickname: 'alice', message: 'hey', room: 'r1' }],
      ['ack'],
      ['private_message', { nickname: 'alice', message: 'psst', recipient: 'bob' }],
      ['ack'],
      ['private_error', { message: 'no member called zed' }],
      ['ack'],
      ['room_event', { msg: 'bob left r1' }],
      // bob's disconnect handler removed him from the members
      ['private_error', { message: 'no member called bob' }],
      ['ack'],
    ],
    bob: [
      ['member_list', { members: ['alice'] }],
      ['member_list', { members: ['alice', 'bob'] }],
      ['ack'],
      ['room_event', { msg: 'bob entered r1' }],
      ['ack'],
      ['room_message', { nickname: 'alice', message: 'hey', room: 'r1' }],
      ['private_message', { nickname: 'alice', message: 'psst' }],
      ['ack'],
    ],
    carol: [
      ['notification', { message: 'deploy at 5' }],
      ['ack'],
    ],
    dave: [
      ['response', { data: 'default namespace answer' }],
      ['ack'],
    ],
  },
};
