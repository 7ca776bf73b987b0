import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { createRoomsApp } from '../src/server.js';

// createTestClient starts the app on a free port and connects a real socket.io client.
const app = createRoomsApp();

after(async () => {
  await app.close();
});

type Client = Awaited<ReturnType<typeof createTestClient>>;

/** The next `count` messages a client received, oldest first. */
async function messages(client: Client, count: number): Promise<unknown[]> {
  const texts: unknown[] = [];
  for (let i = 0; i < count; i += 1) texts.push((await client.waitFor('message')).args[0]);
  return texts;
}

/** Anything the server sent this client before now has arrived once a round trip completes. */
async function nothingElse(client: Client): Promise<void> {
  await client.emit('message', { room: 'an-empty-room', msg: 'ping' });
  assert.deepEqual(client.getReceived(), []);
}

test('join, message and leave reach the room, and only the room', async () => {
  const alice = await createTestClient(app);
  const bob = await createTestClient(app);
  const carol = await createTestClient(app);
  try {
    await alice.emit('join', { username: 'alice', room: 'sports' });
    await bob.emit('join', { username: 'bob', room: 'sports' });
    await carol.emit('join', { username: 'carol', room: 'music' });
    await alice.emit('message', { room: 'sports', msg: 'goal!' });
    await carol.emit('message', { room: 'music', msg: 'la la' });
    await bob.emit('leave', { username: 'bob', room: 'sports' });
    await alice.emit('message', { room: 'sports', msg: 'anyone?' });

    assert.deepEqual(await messages(alice, 5), [
      'alice has entered the room.',
      'bob has entered the room.',
      'goal!',
      'bob has left the room.',
      'anyone?',
    ]);
    assert.deepEqual(await messages(bob, 2), ['bob has entered the room.', 'goal!']);
    assert.deepEqual(await messages(carol, 2), ['carol has entered the room.', 'la la']);
    await Promise.all([alice, bob, carol].map(nothingElse));
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  }
});

test('a payload that does not fit the schema is refused with its issues', async () => {
  const client = await createTestClient(app);
  try {
    const ack = (await client.emit('join', { username: ' ', room: 'sports' })) as {
      error: { code: string; issues: { path: string[] }[] };
    };
    assert.equal(ack.error.code, 'validation_error');
    assert.deepEqual(ack.error.issues.map((issue) => issue.path), [['username']]);
  } finally {
    await client.close();
  }
});

test('the app answers plain HTTP too', async () => {
  const client = await createTestClient(app);
  try {
    const home = await fetch(`http://127.0.0.1:${app.port}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /join, leave and message events/);
  } finally {
    await client.close();
  }
});
