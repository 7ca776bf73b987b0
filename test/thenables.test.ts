import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, Namespace, On, Timeout } from 'socketeer';
import { createTestClient } from 'socketeer/testing';

/** A result that claims to be a promise but throws when followed. */
const broken = {
  // biome-ignore lint/suspicious/noThenProperty: the point of the test is a thenable
  then() {
    throw new Error('broken thenable');
  },
};

@Namespace('/')
class Thenables {
  @On('custom') custom() {
    // biome-ignore lint/suspicious/noThenProperty: the point of the test is a thenable
    return { then: (resolve: (v: unknown) => void) => setTimeout(() => resolve('from a thenable'), 1) };
  }
  @On('broken') broken() {
    return broken;
  }
  @Timeout(30) @On('brokenWithDeadline') brokenWithDeadline() {
    return broken;
  }
}

test('a thenable result is followed like a promise; one whose then throws fails the event once, deadline or not', async () => {
  const logged: unknown[] = [];
  const record = (entry: unknown) => void logged.push(entry);
  const app = createApp({
    controllers: [Thenables],
    logger: { info() {}, debug: record, warn: record, error: record },
  });
  const client = await createTestClient(app);
  assert.equal(await client.emit('custom'), 'from a thenable');
  const internal = { error: { code: 'internal_error', message: 'Internal server error.' } };
  assert.deepEqual(await client.emit('broken'), internal);
  assert.deepEqual(await client.emit('brokenWithDeadline'), internal);
  await new Promise((resolve) => setTimeout(resolve, 80)); // past the 30 ms deadline
  assert.equal(logged.length, 2, 'one failure each, no timeout afterwards');
  assert.ok(!JSON.stringify(logged).includes('timeout'));
  await app.close();
});
