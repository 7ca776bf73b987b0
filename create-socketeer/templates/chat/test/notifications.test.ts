import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestClient } from 'socketeer/testing';
import { createChatApp } from '../src/server.js';

const app = createChatApp();

after(async () => {
  await app.close();
});

test('a notification reaches everyone on /notifications, the sender too, and nobody on /chat', async () => {
  const sender = await createTestClient(app, { namespace: '/notifications' });
  const listener = await createTestClient(app, { namespace: '/notifications' });
  const chatter = await createTestClient(app, { namespace: '/chat' });
  try {
    assert.equal(await sender.emit('broadcast_notification', { message: 'Deploy at 5pm' }), undefined);
    assert.deepEqual((await listener.waitFor('notification')).args, [{ message: 'Deploy at 5pm' }]);
    assert.deepEqual((await sender.waitFor('notification')).args, [{ message: 'Deploy at 5pm' }]);
    await chatter.emit('message', 'still there?'); // a round trip: anything sent to /chat before it has arrived
    assert.deepEqual(
      chatter.getReceived().map((event) => event.name),
      ['response'],
    );
  } finally {
    await Promise.all([sender.close(), listener.close(), chatter.close()]);
  }
});

test('the page and the socket.io client script are served by the app', async () => {
  const client = await createTestClient(app, { namespace: '/notifications' });
  try {
    const page = await fetch(`http://127.0.0.1:${app.port}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/socket.io\/socket.io.js"><\/script>/);
    const script = await fetch(`http://127.0.0.1:${app.port}/socket.io/socket.io.js`);
    assert.equal(script.status, 200);
  } finally {
    await client.close();
  }
});

test('one client cannot flood everyone: past 5 notifications it is told to slow down', async () => {
  const flooder = await createTestClient(app, { namespace: '/notifications' });
  const listener = await createTestClient(app, { namespace: '/notifications' });
  try {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => flooder.emit('broadcast_notification', { message: `spam ${i}` })));
    assert.equal(answers.filter((answer) => answer === undefined).length, 5);
    assert.deepEqual(answers[5], { error: { code: 'rate_limited', message: 'Too many events; slow down.' } });
    await listener.emit('message', 'sync'); // a round trip: every notification sent before it has arrived
    assert.equal(listener.getReceived().filter((event) => event.name === 'notification').length, 5);
  } finally {
    await Promise.all([flooder.close(), listener.close()]);
  }
});
