import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp, Namespace, On, RateLimit, type App } from 'socketeer';
import { rawConnect, rawJoin } from './raw-client.js';
import { ask, connect, next, sleep, start, type Client } from './support.js';

describe('rate limits', () => {
  const runs = { limited: 0, shared: 0, free: 0, flood: 0 };

  @Namespace('/')
  class Limited {
    @On('limited')
    @RateLimit({ points: 3, duration: 300 })
    limited() {
      runs.limited++;
      return 'ok';
    }
    @On('flood')
    @RateLimit({ points: 3, duration: 60_000 })
    flood() {
      runs.flood++;
    }
    @On('free') free() {
      runs.free++;
      return 'ok';
    }
  }

  @RateLimit({ points: 4, duration: 60_000 })
  @Namespace('/shared')
  class Shared {
    @On('a') a() {
      runs.shared++;
      return 'a';
    }
    @On('b') b() {
      runs.shared++;
      return 'b';
    }
    @On('own') @RateLimit({ points: 1, duration: 60_000 }) own() {
      return 'own';
    }
  }

  const apps: App[] = [];
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(apps.map((a) => a.close({ deadline: 0 })));
  });

  async function setup(options: Parameters<typeof createApp>[0] = {}, more?: (app: App) => void) {
    const app = createApp({ controllers: [Limited, Shared], ...options });
    more?.(app);
    apps.push(app);
    return start(app);
  }

  it('answers rate_limited on the ack and never runs the handler; the bucket refills', async () => {
    const url = await setup();
    const c = await connect(url);
    clients.push(c);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => ask(c, 'limited')));
    assert.deepEqual(answers.slice(0, 3), ['ok', 'ok', 'ok']);
    assert.deepEqual(answers[3], { error: { code: 'rate_limited', message: 'Too many events; slow down.' } });
    assert.equal(runs.limited, 3);
    assert.equal(await ask(c, 'free'), 'ok', 'other events of the class are not limited');
    await sleep(150); // half the window: 1.5 tokens back
    assert.equal(await ask(c, 'limited'), 'ok');
    assert.equal(runs.limited, 4);
    // another connection has its own budget
    const d = await connect(url);
    clients.push(d);
    assert.equal(await ask(d, 'limited'), 'ok');
  });

  it('without an ack, the refusal arrives as socketeer:error, once per run of refusals', async () => {
    const url = await setup();
    const c = await connect(url);
    clients.push(c);
    const errors: unknown[] = [];
    c.on('socketeer:error', (e) => errors.push(e));
    for (let i = 0; i < 3; i++) c.emit('limited');
    const refused = next(c, 'socketeer:error');
    for (let i = 0; i < 5; i++) c.emit('limited');
    assert.deepEqual((await refused)[0], {
      event: 'limited',
      error: { code: 'rate_limited', message: 'Too many events; slow down.' },
    });
    assert.equal((await ask(c, 'limited')).error.code, 'rate_limited', 'a client asking for an ack is always answered');
    assert.equal(errors.length, 1);
    await sleep(120); // a token comes back: the next run of refusals is announced again
    for (let i = 0; i < 3; i++) c.emit('limited');
    await sleep(50);
    assert.equal(errors.length, 2);
  });

  it('a class-wide limit is one budget for all its events; a method limit replaces it', async () => {
    const url = await setup();
    const c = await connect(url, '/shared');
    clients.push(c);
    const before = runs.shared;
    const answers = [await ask(c, 'a'), await ask(c, 'b'), await ask(c, 'a'), await ask(c, 'b'), await ask(c, 'a')];
    assert.deepEqual(answers.slice(0, 4), ['a', 'b', 'a', 'b']);
    assert.equal(answers[4].error.code, 'rate_limited');
    assert.equal(runs.shared - before, 4);
    assert.equal(await ask(c, 'own'), 'own');
    assert.equal((await ask(c, 'own')).error.code, 'rate_limited');
  });

  it('createApp({ rateLimit }) limits every event of a connection, unknown ones included', async () => {
    const url = await setup({ rateLimit: { points: 2, duration: 60_000 } });
    const c = await connect(url);
    clients.push(c);
    assert.equal(await ask(c, 'free'), 'ok');
    assert.equal((await ask(c, 'nope')).error.code, 'unknown_event');
    assert.equal((await ask(c, 'free')).error.code, 'rate_limited');
  });

  it('createApp({ rateLimit }) is one bucket per client connection: 20 dynamic namespaces and re-entering do not refill it', async () => {
    @Namespace(/^\/dyn-\d+$/)
    class Dynamic {
      @On('hit') hit() {
        return 'hit';
      }
    }
    const app = createApp({ controllers: [Dynamic], rateLimit: { points: 5, duration: 60_000 } });
    apps.push(app);
    const { port } = await app.listen(0, '127.0.0.1');
    // One WebSocket, many namespaces, as the reviewer's client did.
    const raw = await rawConnect(`http://127.0.0.1:${port}`);
    const enter = async (ns: string) => {
      const accepted = raw.waitFor((f) => f.startsWith(ns === '/' ? '40{' : `40${ns},{`), 10_000);
      raw.send(`40${ns},`);
      await accepted;
    };
    let id = 0;
    const hit = async (ns: string) => {
      const n = id++;
      const answer = raw.waitFor((f) => f.startsWith(`43${ns},${n}[`), 10_000);
      raw.send(`42${ns},${n}["hit"]`);
      return (await answer).slice(`43${ns},${n}`.length);
    };
    try {
      await enter('/');
      const answers: string[] = [];
      for (let n = 0; n < 20; n++) {
        await enter(`/dyn-${n}`);
        for (let i = 0; i < 5; i++) answers.push(await hit(`/dyn-${n}`));
        raw.send(`41/dyn-${n},`); // leave, and come back: that must not refill the bucket
        await sleep(20); // socket.io closes a client that re-enters before its leave was processed
        await enter(`/dyn-${n}`);
        answers.push(await hit(`/dyn-${n}`));
      }
      assert.equal(answers.length, 120);
      assert.equal(answers.filter((a) => a === '["hit"]').length, 5, 'five events in all, across namespaces');
      assert.equal(answers.filter((a) => a.includes('"rate_limited"')).length, 115);
    } finally {
      raw.close();
    }
  });

  it('app.on() takes rateLimit and timeout options', async () => {
    const url = await setup({}, (app) => {
      app.on('typing', () => 'typed', { rateLimit: { points: 1, duration: 60_000 } });
      app.on('wait', () => new Promise((r) => setTimeout(r, 200)), { timeout: 20 });
    });
    const c = await connect(url);
    clients.push(c);
    assert.equal(await ask(c, 'typing'), 'typed');
    assert.equal((await ask(c, 'typing')).error.code, 'rate_limited');
    assert.equal((await ask(c, 'wait')).error.code, 'timeout');
    assert.throws(
      () => createApp().on('x', () => 1, { rateLimit: { points: -1, duration: 1 } }),
      (e: any) => e.code === 'invalid_option',
    );
    assert.throws(
      () => createApp().on('x', () => 1, { timeout: -5 }),
      (e: any) => e.code === 'invalid_option',
    );
  });

  it('rejects malformed limits at decoration and in createApp', () => {
    assert.throws(() => RateLimit({ points: 0, duration: 1000 }), /points, duration/);
    assert.throws(() => RateLimit({ points: 1.5, duration: 1000 }), /points, duration/);
    assert.throws(() => RateLimit({ points: 1, duration: -1 }), /points, duration/);
    assert.throws(
      () => createApp({ rateLimit: { points: 1 } as never }),
      (e: any) => e.code === 'invalid_option',
    );
  });

  it('a flood from one client does not slow the others', async () => {
    const url = await setup();
    const flooder = await rawJoin(url);
    const healthy = await connect(url);
    clients.push(healthy);
    // Baseline first: how fast the healthy client is served on this machine right now.
    const p90 = async () => {
      const latencies: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        assert.equal(await ask(healthy, 'free'), 'ok');
        latencies.push(performance.now() - t);
        await sleep(2);
      }
      latencies.sort((a, b) => a - b);
      return latencies[Math.floor(latencies.length * 0.9)]!;
    };
    const baseline = await p90();
    const FLOOD = 20_000;
    const frame = `42["flood","${'x'.repeat(100)}"]`;
    // The flood goes out in chunks while the healthy client keeps asking.
    const flooding = (async () => {
      for (let i = 0; i < FLOOD; i += 1000) {
        for (let j = 0; j < 1000; j++) flooder.send(frame);
        await sleep(1);
      }
    })();
    const during = await p90();
    await flooding;
    // A marker with an ack, after the flood: once answered, the server has read all of it.
    const marker = flooder.waitFor((f) => f.startsWith('43'), 10_000);
    flooder.send('420["flood"]');
    assert.match(await marker, /^430\[\{"error":\{"code":"rate_limited"/);
    flooder.close();
    assert.equal(runs.flood, 3, 'the flood ran the handler only as often as the limit allows');
    const told = flooder.frames.filter((f) => f.includes('"rate_limited"'));
    assert.equal(
      told.length,
      2,
      'told once on socketeer:error, then on the ack it asked for: the server does not echo the flood',
    );
    // Served within a quarter second, or a few times the baseline on a machine that is busy anyway.
    const bound = Math.max(250, 5 * baseline);
    assert.ok(
      during < bound,
      `healthy client p90 latency ${during.toFixed(1)} ms during the flood (baseline ${baseline.toFixed(1)} ms)`,
    );
  });
});
