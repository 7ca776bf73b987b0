import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, Namespace, On, OnAny } from 'socketeer';
import { createTestClient } from 'socketeer/testing';

test('handled and catch-all events run in the order the client sent them', async () => {
  const seen: string[] = [];
  @Namespace('/')
  class Mixed {
    @On('a') a(n: number) {
      seen.push(`a${n}`);
    }
    @On('done') done() {
      return seen.slice();
    }
    @OnAny() other(event: string, n: number) {
      seen.push(`${event}${n}`);
    }
  }
  const app = createApp({ controllers: [Mixed] });
  const client = await createTestClient(app);
  for (let i = 0; i < 5; i++) {
    client.emitNoAck('a', i);
    client.emitNoAck('x', i);
  }
  assert.deepEqual(await client.emit('done'), ['a0', 'x0', 'a1', 'x1', 'a2', 'x2', 'a3', 'x3', 'a4', 'x4']);
  await app.close();
});

test('a handler added with app.on after a client connected serves that client', async () => {
  const app = createApp();
  const client = await createTestClient(app);
  assert.deepEqual(await client.emit('late'), {
    error: { code: 'unknown_event', message: "No handler for event 'late' in namespace '/'." },
  });
  app.on('late', () => 'here now');
  assert.equal(await client.emit('late'), 'here now');
  await app.close();
});
