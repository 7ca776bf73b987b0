// serveCluster: several workers behind one port, with long-polling and websocket clients.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ask,
  closeClients,
  connect,
  next,
  redisSkip,
  startNode,
  startRedis,
  type NodeProcess,
  type RedisServer,
} from './support.js';

async function roomAcrossWorkers(url: string) {
  // Polling-only clients need every request of a session on one worker: sticky sessions.
  // One after the other, so the primary's least-connection choice sees the previous ones.
  const clients: Awaited<ReturnType<typeof connect>>[] = [];
  for (const transports of [['polling'], ['polling'], ['polling', 'websocket'], ['websocket']]) {
    clients.push(await connect(url, { transports: transports as string[] })); // ['polling', 'websocket'] starts polling, then upgrades
  }
  const pids = await Promise.all(clients.map((c) => ask(c, 'join', 'hall') as Promise<number>));
  assert.equal(new Set(pids).size, 2, `clients spread over both workers (pids ${pids.join(', ')})`);
  for (const [i, speaker] of clients.entries()) {
    const heard = clients.map((c) => next(c, 'said'));
    speaker.emit('say', 'hall', `from ${i}`);
    for (const got of await Promise.all(heard)) assert.equal((got[0] as { text: string }).text, `from ${i}`);
  }
  // A polling client keeps working over many requests, which all reach its worker.
  const poller = clients[0]!;
  for (let i = 0; i < 5; i++) assert.equal(await ask(poller, 'join', `r${i}`), pids[0]);
  const res = await fetch(`${url}/pid`);
  assert.equal(res.status, 200, 'express routes are served by the workers too');
}

describe('serveCluster with the Redis adapter', { skip: redisSkip() }, () => {
  let redis: RedisServer;
  let primary: NodeProcess;
  before(async () => {
    redis = await startRedis();
    primary = await startNode('cluster.ts', { WORKERS: '2', REDIS_URL: redis.url });
  });
  after(async () => {
    closeClients();
    await primary?.stop();
    await redis?.stop();
  });
  test('rooms span the workers, for polling and websocket clients', () => roomAcrossWorkers(primary.url));
});

describe('serveCluster without Redis (the primary relays)', () => {
  let primary: NodeProcess;
  before(async () => {
    primary = await startNode('cluster.ts', { WORKERS: '2' });
  });
  after(async () => {
    closeClients();
    await primary?.stop();
  });
  test('rooms span the workers, for polling and websocket clients', () => roomAcrossWorkers(primary.url));
});
