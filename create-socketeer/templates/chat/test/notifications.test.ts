import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { buildApp } from '../src/app.js';

const app = buildApp();

after(async () => {
  await app.close();
});

test('a notification reaches everyone on /notifications, and nobody on /chat', async () => {
  const sender = await createTestClient(app, { namespace: '/notifications' });
  const listener = await createTestClient(app, { namespace: '/notifications' });
  const chatter = await createTestClient(app, { namespace: '/chat' });
  try {
    await sender.emit('broadcast_notification', { message: 'Deploy at 5pm' });
    assert.deepEqual((await listener.waitFor('notification')).args[0], { message: 'Deploy at 5pm' });
    assert.deepEqual((await sender.waitFor('notification')).args[0], { message: 'Deploy at 5pm' });
    assert.deepEqual(chatter.getReceived(), []);
  } finally {
    await Promise.all([sender.close(), listener.close(), chatter.close()]);
  }
});

test('the page and the socket.io client script are served', async () => {
  const client = await createTestClient(app, { namespace: '/notifications' });
  try {
    const page = await fetch(`http://127.0.0.1:${app.port}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<h1>Socketeer chat<\/h1>/);
    const script = await fetch(`http://127.0.0.1:${app.port}/socket.io/socket.io.js`);
    assert.equal(script.status, 200);
  } finally {
    await client.close();
  }
});
