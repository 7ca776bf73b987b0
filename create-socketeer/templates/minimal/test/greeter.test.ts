import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { buildApp } from '../src/app.js';

// One app for the file; createTestClient starts it on a free port and connects a real client.
const app = buildApp();
let client: Awaited<ReturnType<typeof createTestClient>>;

before(async () => {
  client = await createTestClient(app);
});

after(async () => {
  await client.close();
  await app.close();
});

test('a new client is welcomed', async () => {
  const welcome = await client.waitFor('welcome');
  assert.equal((welcome.args[0] as { message: string }).message, 'Welcome to Socketeer!');
});

test('greet answers through the acknowledgement', async () => {
  assert.deepEqual(await client.emit('greet', { name: 'Ada' }), { message: 'Hello, Ada!' });
});

test('a greet without a name is refused with a validation error', async () => {
  const ack = (await client.emit('greet', { name: '' })) as { error: { code: string } };
  assert.equal(ack.error.code, 'validation_error');
});
