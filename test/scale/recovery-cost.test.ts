// What crash-safe recovery costs in Redis: commands per connection, per join and per
// disconnect, read from redis-server's own INFO commandstats. The figures are in docs/scaling.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { Namespace, On, createApp, joinRoom, type App } from '../../src/index.js';
import { ask, connect, redisSkip, startRedis, type RedisServer } from './support.js';

const CLIENTS = 20;
const JOINS = 3;
// Background traffic that does not depend on the clients: stream reads, our own INFO/CONFIG.
const BACKGROUND = new Set([
  'xread',
  'info',
  'config|resetstat',
  'config',
  'ping',
  'client',
  'client|setinfo',
  'select',
  'subscribe',
  'psubscribe',
  'pubsub',
  'pubsub|numsub',
]);

@Namespace('/')
class Rooms {
  @On('join') join(room: string) {
    joinRoom(room);
  }
}

async function commandStats(admin: Redis): Promise<Map<string, number>> {
  const text = await admin.info('commandstats');
  const stats = new Map<string, number>();
  for (const [, name, calls] of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (!BACKGROUND.has(name!)) stats.set(name!, Number(calls));
  }
  return stats;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
/** Script calls: EVALSHA, or EVAL the first time a script meets this Redis (ioredis loads it so). */
const scripts = (m: Map<string, number>) => (m.get('evalsha') ?? 0) + (m.get('eval') ?? 0);
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('recovery cost in Redis commands (streams adapter, recovery on)', { skip: redisSkip() }, () => {
  let redis: RedisServer;
  let app: App;
  let admin: Redis;

  before(async () => {
    redis = await startRedis();
    app = createApp({ controllers: [Rooms], messageQueue: redis.url, recovery: true, handleSignals: false });
    await app.listen(0, '127.0.0.1');
    admin = new Redis(redis.url);
  });
  after(async () => {
    admin?.disconnect();
    await app?.close({ deadline: 0 });
    await redis?.stop();
  });

  test('one save per connection, one per join, one delete per disconnect', async (t) => {
    await settle();
    await admin.config('RESETSTAT');
    const clients = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await connect(`http://127.0.0.1:${app.port}`));
    await settle();
    const connected = await commandStats(admin);

    await admin.config('RESETSTAT');
    for (const c of clients) for (let j = 0; j < JOINS; j++) await ask(c, 'join', `room-${j}`);
    await settle();
    const joined = await commandStats(admin);

    await admin.config('RESETSTAT');
    for (const c of clients) c.disconnect();
    await settle();
    const left = await commandStats(admin);

    const show = (m: Map<string, number>, n: number) => [...m].map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ');
    t.diagnostic(`per connection: ${show(connected, CLIENTS)}`);
    t.diagnostic(`per join: ${show(joined, CLIENTS * JOINS)}`);
    t.diagnostic(`per client disconnect: ${show(left, CLIENTS)}`);

    // Sent by Socketeer: the state save (one script call) and the socketeer:recovery event.
    assert.equal(scripts(connected), CLIENTS, 'one save per connection');
    assert.equal(connected.get('xadd'), CLIENTS, 'one stream entry per connection (the socketeer:recovery event)');
    assert.equal(scripts(joined), CLIENTS * JOINS, 'one save per join');
    assert.equal(scripts(left), CLIENTS, 'one delete per disconnect');
    // Inside each script Redis counts the commands it runs (HGET, HSET, PEXPIRE / DEL).
    assert.ok(total(connected) <= CLIENTS * 6, show(connected, CLIENTS));
    assert.ok(total(joined) <= CLIENTS * JOINS * 4, show(joined, CLIENTS * JOINS));
  });

  test('a graceful close reports no Redis outage, and a client that left on purpose is forgotten', async () => {
    const warnings: string[] = [];
    const quiet = () => {};
    const other = createApp({
      controllers: [Rooms],
      messageQueue: redis.url,
      recovery: true,
      handleSignals: false,
      logger: { debug: quiet, info: quiet, error: quiet, warn: (_obj, msg) => warnings.push(String(msg)) },
    });
    await other.listen(0, '127.0.0.1');
    const client = await connect(`http://127.0.0.1:${other.port}`);
    await ask(client, 'join', 'lobby');
    await settle();
    assert.equal((await admin.keys('socket.io:recovery:*')).length, 1, 'the connection is stored while it is up');
    client.disconnect();
    await settle();
    assert.deepEqual(await admin.keys('socket.io:recovery:*'), [], 'an explicit disconnect deletes it');
    await connect(`http://127.0.0.1:${other.port}`);
    await other.close({ deadline: 0 });
    await settle();
    assert.deepEqual(warnings, []);
    // The close saved the connection it dropped, for its client to resume elsewhere.
    assert.equal((await admin.keys('socket.io:recovery:*')).length, 1);
  });
});
