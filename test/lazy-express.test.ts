import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { createApp } from 'socketeer';
import { createTestClient } from 'socketeer/testing';

const loaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((file) => /node_modules[\\/]express[\\/]/.test(file));

test('express is loaded only once app.express is used; before that plain HTTP gets a 404 and socket.io works', async () => {
  const app = createApp();
  const { port } = await app.listen(0, '127.0.0.1');
  const client = await createTestClient(app);
  assert.deepEqual((await client.emit('nothing')) as object, {
    error: { code: 'unknown_event', message: "No handler for event 'nothing' in namespace '/'." },
  });
  const before = await fetch(`http://127.0.0.1:${port}/health`);
  assert.equal(before.status, 404);
  assert.equal(await before.text(), 'Not Found');
  assert.equal(loaded(), false, 'express was loaded without being asked for');

  app.express.get('/health', (_req, res) => void res.send('ok'));
  assert.equal(loaded(), true);
  const after = await fetch(`http://127.0.0.1:${port}/health`);
  assert.equal(after.status, 200);
  assert.equal(await after.text(), 'ok');
  await app.close();
});
