import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp, Namespace, On, request, Timeout, type App } from 'socketeer';
import { ask, connect, gate, next, sleep, start, type Client } from './support.js';

describe('handler deadlines', () => {
  const seen: { event: string; aborted: boolean; reason?: unknown }[] = [];
  const sent: string[] = [];

  /** Waits `ms`, then reports whether it was abandoned. */
  async function work(ms: number) {
    const signal = request.signal;
    const event = request.event;
    await sleep(ms);
    seen.push({ event, aborted: signal.aborted, reason: signal.reason });
    sent.push(event);
    return `${event} done`;
  }

  @Namespace('/')
  class Slow {
    @On('default') async byDefault() {
      return work(300);
    }
    @On('longer') @Timeout(600) async longer() {
      return work(300);
    }
    @On('shorter') @Timeout(50) async shorter() {
      return work(300);
    }
    @On('none') @Timeout(0) async none() {
      return work(300);
    }
    @On('sync') sync() {
      return 'sync done';
    }
    @On('cooperative') @Timeout(50) async cooperative() {
      const signal = request.signal;
      await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    @On('no-ack') @Timeout(50) async noAck() {
      return work(150);
    }
  }

  let app: App;
  let client: Client;
  after(async () => {
    client?.close();
    await app?.close({ deadline: 0 });
  });

  it('applies createApp({ timeout }), @Timeout overrides it, and the handler sees request.signal abort', async () => {
    app = createApp({ controllers: [Slow], timeout: 150 });
    client = await connect(await start(app));
    const [byDefault, longer, shorter, none, sync] = await Promise.all([
      ask(client, 'default'),
      ask(client, 'longer'),
      ask(client, 'shorter'),
      ask(client, 'none'),
      ask(client, 'sync'),
    ]);
    assert.deepEqual(byDefault, {
      error: { code: 'timeout', message: "The handler for 'default' did not finish within 150 ms." },
    });
    assert.deepEqual(shorter, {
      error: { code: 'timeout', message: "The handler for 'shorter' did not finish within 50 ms." },
    });
    assert.equal(longer, 'longer done');
    assert.equal(none, 'none done');
    assert.equal(sync, 'sync done');
    const byEvent = Object.fromEntries(seen.map((s) => [s.event, s]));
    assert.equal(byEvent.default?.aborted, true);
    assert.equal((byEvent.default?.reason as { code?: string } | undefined)?.code, 'timeout');
    assert.equal(byEvent.shorter?.aborted, true);
    assert.equal(byEvent.longer?.aborted, false);
    assert.equal(byEvent.none?.aborted, false);
  });

  it('a handler that stops on abort is answered once, with timeout', async () => {
    let acks = 0;
    const answer = await new Promise((resolve) => {
      client.emit('cooperative', (value: unknown) => {
        acks++;
        resolve(value);
      });
    });
    await sleep(50);
    assert.equal(acks, 1);
    assert.deepEqual(answer, {
      error: { code: 'timeout', message: "The handler for 'cooperative' did not finish within 50 ms." },
    });
  });

  it('without an ack the timeout arrives as socketeer:error', async () => {
    const error = next(client, 'socketeer:error');
    client.emit('no-ack');
    assert.deepEqual((await error)[0], {
      event: 'no-ack',
      error: { code: 'timeout', message: "The handler for 'no-ack' did not finish within 50 ms." },
    });
  });

  it('aborts request.signal of running handlers when the client disconnects', async () => {
    const running = gate();
    let signal: AbortSignal | undefined;
    app.on('hang', async () => {
      signal = request.signal;
      running.open();
      await new Promise(() => {}); // never settles on its own
    });
    const c = await connect(`http://127.0.0.1:${app.port}`);
    c.emit('hang');
    await running.promise;
    assert.equal(signal?.aborted, false);
    c.close();
    const until = performance.now() + 2000;
    while (!signal?.aborted && performance.now() < until) await sleep(10);
    assert.equal(signal?.aborted, true);
  });

  it('rejects a bad @Timeout', () => {
    assert.throws(() => Timeout(-1), /milliseconds/);
    assert.throws(() => Timeout(Number.NaN), /milliseconds/);
  });
});
