// Two Socketeer processes on one real Redis: the same controller code reaches clients on both.
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

for (const adapter of ['streams', 'pubsub'] as const) {
  describe(`two nodes on the ${adapter} adapter`, { skip: redisSkip() }, () => {
    let redis: RedisServer;
    let a: NodeProcess;
    let b: NodeProcess;

    before(async () => {
      redis = await startRedis();
      const env = { REDIS_URL: redis.url, REDIS_ADAPTER: adapter, CHANNEL: `cross-${adapter}` };
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

    test('a room broadcast on one node reaches the members on the other', async () => {
      const alice = await connect(a.url, { auth: { name: 'alice' } });
      const bob = await connect(b.url, { auth: { name: 'bob' } });
      assert.equal(await ask(alice, 'join', 'lobby'), 'a');
      assert.equal(await ask(bob, 'join', 'lobby'), 'b');
      const atBob = next(bob, 'said');
      const atAlice = next(alice, 'said');
      alice.emit('say', 'lobby', 'hello');
      assert.deepEqual(await atBob, [{ text: 'hello', from: 'alice', via: 'a' }]);
      assert.deepEqual(await atAlice, [{ text: 'hello', from: 'alice', via: 'a' }]);
    });

    test('a private message to a sid on the other node arrives, and only there', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      const carol = await connect(b.url);
      const carolGot = record(carol, 'dm');
      const got = next(bob, 'dm');
      alice.emit('dm', bob.id, 'psst');
      assert.deepEqual(await got, [{ text: 'psst', from: alice.id }]);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(carolGot, []);
    });

    test('joining the sid room of a client on the other node is refused (names shaped like a connection id)', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      assert.deepEqual(await ask(alice, 'join', bob.id), {
        error: {
          code: 'forbidden',
          message: `Room '${bob.id}' is shaped like a connection id; such names are reserved for personal rooms.`,
        },
      });
      assert.equal(await ask(alice, 'join', alice.id), 'a', "the caller's own sid room is fine");
    });

    test('whoIsIn lists the members of a room on every node, with their session and rooms', async () => {
      const alice = await connect(a.url, { auth: { name: 'alice' } });
      const bob = await connect(b.url, { auth: { name: 'bob' } });
      await ask(alice, 'join', 'team');
      await ask(bob, 'join', 'team');
      const who = (await ask(alice, 'who', 'team')) as { sid: string; name: string; rooms: string[] }[];
      assert.deepEqual(who.map((p) => p.name).sort(), ['alice', 'bob']);
      const bobEntry = who.find((p) => p.sid === bob.id);
      assert.deepEqual(bobEntry?.rooms.sort(), [bob.id, 'team'].sort());
      // A sid is a room too: one client, wherever it is.
      assert.deepEqual(
        ((await ask(alice, 'who', bob.id)) as { name: string }[]).map((p) => p.name),
        ['bob'],
      );
      // app.whoIsIn from an HTTP route, outside any handler
      assert.deepEqual(await (await fetch(`${b.url}/who/team`)).json(), ['alice', 'bob']);
      // local: only this node's clients
      assert.deepEqual(await ask(alice, 'who_here', 'team'), [alice.id]);
    });

    test('joinRoom, closeRoom and disconnect act on a client of the other node', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      await ask(alice, 'pull', bob.id, 'vip');
      await until(async () => ((await ask(bob, 'rooms')) as string[]).includes('vip'), 'bob to be in vip');
      const said = next(bob, 'said');
      alice.emit('say', 'vip', 'welcome');
      assert.equal(((await said)[0] as { text: string }).text, 'welcome');

      await ask(alice, 'close_room', 'vip');
      await until(async () => !((await ask(bob, 'rooms')) as string[]).includes('vip'), 'vip to be closed on b');

      const gone = next(bob, 'disconnect');
      await ask(alice, 'kick', bob.id);
      assert.equal((await gone)[0], 'io server disconnect');
    });

    test('call() and emit() with a callback reach a client on the other node and return its ack', async () => {
      const alice = await connect(a.url);
      const bob = await connect(b.url);
      bob.on('question', (q: string, ack: (v: string) => void) => ack(`bob says yes to ${q}`));
      assert.equal(await ask(alice, 'ask', bob.id), 'bob says yes to ready?');
      bob.on('poke', (q: string, ack: (v: string) => void) => ack(`yes: ${q}`));
      assert.equal(await ask(alice, 'poke', bob.id), 'yes: are you there?', 'emit() callbacks work across nodes too');
    });
  });
}
