// Redis killed and restarted mid-run: every node keeps serving its own clients, says so once,
// reconnects by itself and delivers across nodes again. Nothing crashes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ask,
  closeClients,
  connect,
  next,
  record,
  redisSkip,
  startNode,
  startRedis,
  until,
  type NodeProcess,
  type RedisServer,
} from './support.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

for (const adapter of ['streams', 'pubsub'] as const) {
  describe(`a Redis outage (${adapter} adapter)`, { skip: redisSkip() }, () => {
    let redis: RedisServer;
    let a: NodeProcess;
    let b: NodeProcess;

    before(async () => {
      redis = await startRedis();
      // With the streams adapter, recovery too: it stores sessions in Redis when clients drop.
      const env = { REDIS_URL: redis.url, REDIS_ADAPTER: adapter, ...(adapter === 'streams' && { RECOVERY: '1' }) };
      [a, b] = await Promise.all([
        startNode('node.ts', { ...env, NODE_NAME: 'a' }),
        startNode('node.ts', { ...env, NODE_NAME: 'b' }),
      ]);
    });
    after(async () => {
      closeClients();
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.stop();
    });

    test('local service goes on, the outage is logged once, delivery across nodes resumes', async () => {
      const alice = await connect(a.url, { auth: { name: 'alice' } });
      const carol = await connect(a.url, { auth: { name: 'carol' } });
      const bob = await connect(b.url, { auth: { name: 'bob' } });
      for (const s of [alice, carol, bob]) await ask(s, 'join', 'lobby');
      const bobSaid = record(bob, 'said');

      await redis.kill();
      await until(
        () =>
          a.stderr().includes('Redis is unreachable: serving') && b.stderr().includes('Redis is unreachable: serving'),
        'both nodes to notice',
      );

      // Node a still serves its own clients: handlers, acks and room broadcasts to local members.
      assert.equal(await ask(alice, 'join', 'lobby'), 'a');
      const atCarol = next(carol, 'said');
      alice.emit('say', 'lobby', 'during the outage');
      assert.equal(((await atCarol)[0] as { text: string }).text, 'during the outage');
      // Asking other nodes fails clearly instead of hanging; this node's list still works.
      const failed = (await ask(alice, 'who', 'lobby')) as { unavailable: string };
      assert.match(failed.unavailable, /Redis is unreachable, so other nodes cannot be asked/);
      assert.doesNotMatch(failed.unavailable, /127\.0\.0\.1/, 'the message names no infrastructure address');
      assert.deepEqual(((await ask(alice, 'who_here', 'lobby')) as string[]).sort(), [alice.id, carol.id].sort());

      // Clients still connect to, and drop from, a node without Redis.
      const dave = await connect(a.url, { auth: { name: 'dave' } });
      assert.equal(await ask(dave, 'join', 'lobby'), 'a');
      dave.io.engine.close(); // a transport close: with recovery, the node tries to store the session

      await new Promise((r) => setTimeout(r, 1500)); // several reconnection attempts
      assert.equal(count(a.stderr(), 'Redis is unreachable: serving'), 1, a.stderr());
      assert.deepEqual(bobSaid, [], 'nothing crossed to node b while Redis was down');

      await redis.restart();
      await until(
        () => a.stderr().includes('Redis is back') && b.stderr().includes('Redis is back'),
        'both nodes to reconnect',
        8000,
      );
      const atBob = next(bob, 'said');
      alice.emit('say', 'lobby', 'after the outage');
      assert.equal(((await atBob)[0] as { text: string }).text, 'after the outage');

      for (const node of [a, b]) {
        assert.equal(node.child.exitCode, null, 'the node is still running');
        assert.doesNotMatch(node.stderr(), /Unhandled|TypeError|ERR /);
        assert.equal(count(node.stderr(), 'Redis is unreachable: serving'), 1);
      }
    });
  });
}
