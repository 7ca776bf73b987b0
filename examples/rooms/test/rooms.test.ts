import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RecordingClient, settle } from '../../_support/recording-client.js';
import { runEntry } from '../../_support/run-entry.js';
import { createRoomsApp } from '../server.js';

const msg = (text: string) => ({ event: 'message', args: [text] });

describe('rooms example', () => {
  const app = createRoomsApp();
  let url = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  test('join, message and leave reach only the room, in order', async () => {
    const alice = new RecordingClient(url);
    const bob = new RecordingClient(url);
    const carol = new RecordingClient(url);
    try {
      await Promise.all([alice.connect('/'), bob.connect('/'), carol.connect('/')]);
      const all: [RecordingClient, string][] = [
        [alice, '/'],
        [bob, '/'],
        [carol, '/'],
      ];

      alice.emit('/', 'join', { username: 'alice', room: 'sports' });
      await settle([alice, '/'], ...all);
      bob.emit('/', 'join', { username: 'bob', room: 'sports' });
      await settle([bob, '/'], ...all);
      carol.emit('/', 'join', { username: 'carol', room: 'music' });
      await settle([carol, '/'], ...all);

      alice.emit('/', 'message', { room: 'sports', msg: 'goal!' });
      await settle([alice, '/'], ...all);
      carol.emit('/', 'message', { room: 'music', msg: 'la la' });
      await settle([carol, '/'], ...all);

      bob.emit('/', 'leave', { username: 'bob', room: 'sports' });
      await settle([bob, '/'], ...all);
      alice.emit('/', 'message', { room: 'sports', msg: 'anyone?' });
      await settle([alice, '/'], ...all);

      assert.deepEqual(alice.take(), [
        msg('alice has entered the room.'),
        msg('bob has entered the room.'),
        msg('goal!'),
        msg('bob has left the room.'),
        msg('anyone?'),
      ]);
      assert.deepEqual(bob.take(), [msg('bob has entered the room.'), msg('goal!')]);
      assert.deepEqual(carol.take(), [msg('carol has entered the room.'), msg('la la')]);
    } finally {
      alice.close();
      bob.close();
      carol.close();
    }
  });

  test('a join without a name is refused: on the ack, or with socketeer:error', async () => {
    const client = new RecordingClient(url);
    try {
      await client.connect('/');
      const [answer] = await client.ask('/', 'join', { username: '  ', room: 'sports' });
      assert.deepEqual(answer, {
        error: {
          code: 'validation_error',
          message: "Invalid payload for 'join'.",
          issues: [
            {
              origin: 'string',
              code: 'invalid_format',
              format: 'regex',
              pattern: '/\\S/',
              path: ['username'],
              message: 'must not be blank',
            },
          ],
        },
      });
      client.emit('/', 'join', { room: 'sports' });
      await client.sync('/');
      const received = client.take();
      assert.equal(received.length, 1);
      assert.equal(received[0]!.event, 'socketeer:error');
      const payload = received[0]!.args[0] as { event: string; error: { code: string; issues: { path: string[] }[] } };
      assert.equal(payload.event, 'join');
      assert.equal(payload.error.code, 'validation_error');
      assert.deepEqual(
        payload.error.issues.map((i) => i.path),
        [['username']],
      );
    } finally {
      client.close();
    }
  });

  test('the entry serves the app and exits 0 on SIGINT', async () => {
    const server = await runEntry('examples/rooms/server.ts');
    const client = new RecordingClient(server.url);
    try {
      assert.match(await (await fetch(server.url)).text(), /join, leave and message events/);
      await client.connect('/');
      client.emit('/', 'join', { username: 'dan', room: 'r' });
      await client.sync('/');
      assert.deepEqual(client.take(), [msg('dan has entered the room.')]);
    } finally {
      client.close();
      assert.equal(await server.stop('SIGINT'), 0);
    }
  });
});
