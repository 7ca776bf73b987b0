// createEmitter: a process without the app reaches clients of real nodes through Redis.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEmitter, tuple, SocketeerError, type Emitter } from '../../src/index.js';
import {
  ask,
  closeClients,
  connect,
  next,
  record,
  redisSkip,
  startNode,
  startRedis,
  type NodeProcess,
  type RedisServer,
} from './support.js';

for (const adapter of ['streams', 'pubsub'] as const) {
  describe(`the external emitter (${adapter})`, { skip: redisSkip() }, () => {
    let redis: RedisServer;
    let a: NodeProcess;
    let b: NodeProcess;
    let emitter: Emitter;

    before(async () => {
      redis = await startRedis();
      const env = { REDIS_URL: redis.url, REDIS_ADAPTER: adapter, CHANNEL: 'jobs' };
      [a, b] = await Promise.all([
        startNode('node.ts', { ...env, NODE_NAME: 'a' }),
        startNode('node.ts', { ...env, NODE_NAME: 'b' }),
      ]);
      emitter = createEmitter({ messageQueue: redis.url, redisAdapter: adapter, channel: 'jobs' });
    });
    after(async () => {
      closeClients();
      await emitter?.close();
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.stop();
    });

    test('to a room: members on both nodes get it, others do not', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      const carol = await connect(b.url);
      await ask(alice, 'join', 'reports');
      await ask(bob, 'join', 'reports');
      const carolGot = record(carol, 'report');
      const atAlice = next(alice, 'report');
      const atBob = next(bob, 'report');
      await emitter.emit('report', { id: 7 }, { to: 'reports' });
      assert.deepEqual(await atAlice, [{ id: 7 }]);
      assert.deepEqual(await atBob, [{ id: 7 }]);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(carolGot, []);
    });

    test('to one sid, with several arguments', async () => {
      const bob = await connect(b.url);
      const got = next(bob, 'done');
      await emitter.emit('done', tuple('job', 42, { ok: true }), { to: bob.id! });
      assert.deepEqual(await got, ['job', 42, { ok: true }]);
    });

    test('to everyone, skipping a sid; send() emits message/json', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      const aliceGot = record(alice, 'news');
      const atBob = next(bob, 'news');
      await emitter.emit('news', 'hi all', { skipSid: alice.id! });
      assert.deepEqual(await atBob, ['hi all']);
      const message = next(bob, 'message');
      const json = next(alice, 'json');
      await emitter.send('plain', { to: bob.id! });
      await emitter.send({ a: 1 }, { to: alice.id!, json: true });
      assert.deepEqual(await message, ['plain']);
      assert.deepEqual(await json, [{ a: 1 }]);
      assert.deepEqual(aliceGot, []);
    });

    test('to another namespace only', async () => {
      const alice = await connect(a.url);
      const got = record(alice, 'elsewhere');
      await emitter.emit('elsewhere', 1, { namespace: '/other' });
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(got, []);
    });

    test('bad options fail loudly', () => {
      assert.throws(
        () => emitter.emit('x', 1, { room: 'r', broadcast: true } as never),
        (e: unknown) => e instanceof SocketeerError && e.code === 'invalid_option' && /broadcast/.test(e.message),
      );
      assert.throws(() => emitter.emit('x', 1, { namespace: 'chat' }), /namespace/);
    });
  });
}

test('createEmitter rejects a bad URL and unknown options', () => {
  assert.throws(() => createEmitter({ messageQueue: 'http://localhost' }), /redis:\/\//);
  assert.throws(
    () => createEmitter({ messageQueue: 'redis://127.0.0.1:1', message_queue: 'x' } as never),
    /unknown option 'message_queue'/,
  );
});
