// The scale-out options fail loudly when misused; none of these needs Redis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, SocketeerError } from '../../src/index.js';

const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof SocketeerError && err.code === 'invalid_option' && pattern.test(err.message);

test('messageQueue must be a Redis URL', () => {
  assert.throws(() => createApp({ messageQueue: 'amqp://localhost' }), invalid(/redis:\/\/ or rediss:\/\//));
  assert.throws(() => createApp({ messageQueue: 'not a url' }), invalid(/messageQueue/));
});

test('channel and redisAdapter need messageQueue', () => {
  assert.throws(() => createApp({ channel: 'x' }), invalid(/channel needs messageQueue/));
  assert.throws(() => createApp({ redisAdapter: 'pubsub' }), invalid(/redisAdapter needs messageQueue/));
});

test('recovery needs the streams adapter across nodes, and valid settings', () => {
  assert.throws(
    () => createApp({ messageQueue: 'redis://127.0.0.1:1', redisAdapter: 'pubsub', recovery: true }),
    invalid(/recovery needs redisAdapter 'streams'/),
  );
  assert.throws(() => createApp({ recovery: { maxDisconnectionDuration: -1 } }), invalid(/maxDisconnectionDuration/));
  assert.throws(() => createApp({ recovery: { window: 5 } as never }), invalid(/unknown recovery option 'window'/));
  assert.throws(
    () => createApp({ messageQueue: 'redis://127.0.0.1:1', redisAdapter: 'kafka' as never }),
    invalid(/'streams' or 'pubsub'/),
  );
  assert.throws(() => createApp({ messageQueue: 'redis://127.0.0.1:1', channel: 'a b' }), invalid(/channel/));
});

test('Python spellings get a hint', () => {
  assert.throws(() => createApp({ message_queue: 'redis://x' } as never), invalid(/Did you mean 'messageQueue'/));
});
