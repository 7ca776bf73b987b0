/**
 * socketeer_adapter_up with a real redis-server: 1 while the Redis adapter reaches Redis, 0
 * after a kill -9, 1 again once it is back.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createApp, type App } from 'socketeer';
import { parseExposition, sampleValue } from '../support/prometheus.js';
import { redisSkip, startRedis, until, type RedisServer } from '../scale/support.js';

describe('adapter health metric', { skip: redisSkip() }, () => {
  let redis: RedisServer | undefined;
  let app: App | undefined;
  after(async () => {
    await app?.close({ deadline: 0 });
    await redis?.stop();
  });

  test('follows the Redis link through an outage', { timeout: 60_000 }, async () => {
    redis = await startRedis();
    app = createApp({
      messageQueue: redis.url,
      metrics: true,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await app.listen(0, '127.0.0.1');
    const up = async () => {
      const m = parseExposition(await app!.metrics!.metrics());
      const family = m.get('socketeer_adapter_up');
      assert.equal(family?.samples.length, 1);
      return {
        adapter: family!.samples[0]!.labels.adapter,
        value: sampleValue(m, 'socketeer_adapter_up', family!.samples[0]!.labels),
      };
    };
    assert.deepEqual(await up(), { adapter: 'RedisStreamsAdapter', value: 1 });

    await redis.kill();
    let seen: number | undefined;
    await until(async () => (seen = (await up()).value) === 0, 'the gauge to drop', 10_000);
    assert.equal(seen, 0);

    await redis.restart();
    await until(async () => (await up()).value === 1, 'the gauge to recover', 15_000);
  });
});
