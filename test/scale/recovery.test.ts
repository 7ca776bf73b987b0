// Connection state recovery across nodes: a client dropped from node A comes back through the
// same address to node B and receives what was sent to its rooms meanwhile.
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createEmitter } from '../../src/index.js';
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

/** A TCP front door (the load balancer) that can cut every connection and switch backends. */
function frontDoor(initial: number) {
  let target: number | undefined = initial;
  const open = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    if (target === undefined) return inbound.destroy(); // "node unreachable": the client retries
    const outbound = tcpConnect(target, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
      ),
    /** Cuts every connection and refuses new ones until `route`. */
    cut() {
      target = undefined;
      for (const s of open) s.destroy();
    },
    route(port: number) {
      target = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('connection state recovery across nodes (streams adapter)', { skip: redisSkip() }, () => {
  let redis: RedisServer;
  let a: NodeProcess;
  let b: NodeProcess;

  before(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, RECOVERY: '1' };
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

  test('events sent while the client was away arrive after it reconnects to the other node', async () => {
    const door = frontDoor(a.port);
    const doorPort = await door.listen();
    const emitter = createEmitter({ messageQueue: redis.url });
    try {
      const alice = await connect(`http://127.0.0.1:${doorPort}`, {
        auth: { name: 'alice' },
        reconnection: true,
        reconnectionDelay: 50,
        reconnectionDelayMax: 100,
      });
      const bob = await connect(b.url, { auth: { name: 'bob' } });
      assert.equal(await ask(alice, 'join', 'lobby'), 'a');
      await ask(bob, 'join', 'lobby');
      const said = record(alice, 'said');
      const news = record(alice, 'news');
      const before = next(alice, 'said');
      bob.emit('say', 'lobby', 'before');
      await before;

      door.cut();
      // Node A must have seen the drop (and stored the session) before we send what alice misses.
      await until(
        async () => !((await ask(bob, 'who', 'lobby')) as { name: string }[]).some((p) => p.name === 'alice'),
        'alice to be gone from lobby',
      );
      bob.emit('say', 'lobby', 'while away 1');
      bob.emit('say', 'lobby', 'while away 2');
      await emitter.emit('news', 'from a worker', { to: 'lobby' });
      await new Promise((r) => setTimeout(r, 100));

      const back = next(alice, 'connect', 5000);
      door.route(b.port);
      await back;
      assert.equal(alice.recovered, true, 'the client says its state was recovered');
      assert.equal(await ask(alice, 'join', 'other'), 'b', 'alice is now served by node b');
      await until(() => said.length === 3 && news.length === 1, 'the missed events');
      assert.deepEqual(
        said.map((args) => (args[0] as { text: string }).text),
        ['before', 'while away 1', 'while away 2'],
      );
      // With recovery on, socket.io appends the stream offset to each broadcast as a last argument.
      assert.deepEqual(
        news.map((args) => args[0]),
        ['from a worker'],
      );
      assert.match(String(news[0]?.[1]), /^\d+-\d+$/);
      // Its session and rooms came along: it is still in lobby, under its name, on node b.
      const who = (await ask(bob, 'who', 'lobby')) as { sid: string; name: string }[];
      assert.deepEqual(who.find((p) => p.sid === alice.id)?.name, 'alice');
      assert.equal(await ask(alice, 'recovered'), true);
    } finally {
      await emitter.close();
      await door.close();
    }
  });
});

test('recovery: true on a single node (no Redis) replays what a dropped client missed', async () => {
  const { Namespace, On, createApp, joinRoom } = await import('../../src/index.js');
  @Namespace('/')
  class Rooms {
    @On('join') join(room: string) {
      joinRoom(room);
    }
  }
  const app = createApp({ controllers: [Rooms], recovery: true });
  const { port } = await app.listen(0, '127.0.0.1');
  try {
    const client = await connect(`http://127.0.0.1:${port}`, {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    await ask(client, 'join', 'lobby');
    const got = record(client, 'news');
    const dropped = next(client, 'disconnect');
    client.io.engine.close(); // the transport dies; the client reconnects by itself
    await dropped;
    await until(() => app.io.of('/').sockets.size === 0, 'the server to see the drop');
    app.emit('news', 'missed', { to: 'lobby' });
    await next(client, 'connect');
    assert.equal(client.recovered, true);
    await until(() => got.length === 1, 'the missed event');
    assert.equal(got[0]?.[0], 'missed');
  } finally {
    closeClients();
    await app.close();
  }
});
