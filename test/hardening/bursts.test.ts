/**
 * maxInFlight bounds handlers that wait, not bursts: a client's events that arrive in one read
 * are all dispatched before any promise can settle, and must still all be handled when their
 * handlers need no I/O; handlers that really wait stay bounded and the rest are refused.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp, Namespace, On, type App } from 'socketeer';
import { BACKLOG_PER_SLOT } from '../../src/dispatch/backlog.js';
import { pollingSession } from './polling-client.js';
import { ask, connect, gate, sleep, start, type Client } from './support.js';

const PENDING = {
  code: 'too_many_pending',
  message: 'Too many unfinished events on this connection; wait for acknowledgements.',
};

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('bursts and the in-flight limit', () => {
  const apps: App[] = [];
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(apps.map((a) => a.close({ deadline: 0 })));
  });
  async function serve(app: App): Promise<Client> {
    apps.push(app);
    const c = await connect(await start(app));
    clients.push(c);
    return c;
  }

  it('1,000 events emitted at once to an async handler that awaits nothing are all handled, in order', async () => {
    const seen: number[] = [];
    @Namespace('/')
    class Say {
      @On('say') async say(n: number) {
        seen.push(n);
      }
      @On('count') count() {
        return seen.length;
      }
    }
    const c = await serve(createApp({ controllers: [Say] }));
    const errors: unknown[] = [];
    c.on('socketeer:error', (e) => errors.push(e));
    for (let i = 0; i < 1000; i++) c.emit('say', i);
    assert.equal(await ask(c, 'count'), 1000, 'the events after the burst wait behind it');
    assert.deepEqual(
      seen,
      Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.deepEqual(errors, []);
  });

  it('1,000 acked events at once to handlers that await resolved work all get their answer', async () => {
    const c = await serve(
      createApp().on('echo', async (n: number) => {
        await Promise.resolve();
        await null;
        return n * 2;
      }),
    );
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => ask(c, 'echo', i)));
    assert.deepEqual(
      answers,
      Array.from({ length: 1000 }, (_, i) => i * 2),
    );
  });

  it('a flood of handlers that never settle: 64 run, the rest are refused, one socketeer:error per run', async () => {
    const never = gate();
    let started = 0;
    const c = await serve(
      createApp()
        .on('hang', async () => {
          started++;
          await never.promise;
        })
        .on('quick', () => 'quick'),
    );
    const errors: { event: string; error: unknown }[] = [];
    c.on('socketeer:error', (e) => errors.push(e));
    for (let i = 0; i < 2000; i++) c.emit('hang');
    await until(() => errors.length > 0, 5000, 'the refusal');
    await sleep(200);
    assert.equal(started, 64, 'never more than maxInFlight handlers waiting');
    assert.deepEqual(
      errors,
      [{ event: 'hang', error: PENDING }],
      'one socketeer:error for the run, not one per refused event',
    );
    // Every ack is still answered.
    const acked = await Promise.all(Array.from({ length: 10 }, () => ask(c, 'hang')));
    assert.deepEqual(
      acked,
      Array.from({ length: 10 }, () => ({ error: PENDING })),
    );
    assert.equal(started, 64);
    never.open();
    assert.equal(await ask(c, 'quick'), 'quick', 'the connection recovers once its handlers settle');
  });

  it('handlers that wait on a timer: concurrency stays at maxInFlight, the excess of a burst is refused', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    const c = await serve(
      createApp({ maxInFlight: 8 }).on('slow', async () => {
        running++;
        peak = Math.max(peak, running);
        await delay(300);
        running--;
        done++;
        return 'ok';
      }),
    );
    const answers = await Promise.all(Array.from({ length: 200 }, () => c.timeout(10_000).emitWithAck('slow')));
    const refused = answers.filter((a) => a?.error?.code === 'too_many_pending').length;
    assert.equal(peak, 8);
    assert.equal(done, 8);
    assert.equal(refused, 192);
  });

  it(`at most ${BACKLOG_PER_SLOT} × maxInFlight events wait for a slot; past that they are refused at once`, async () => {
    let handled = 0;
    const app = createApp({ maxInFlight: 2 }).on('tick', async () => {
      handled++;
    });
    apps.push(app);
    const url = await start(app);
    // One polling POST: all 100 events are parsed and dispatched in the same turn.
    const client = await pollingSession(url);
    await client.post(['0']);
    assert.match((await client.poll())[0] ?? '', /^0\{"sid"/);
    await client.post(Array.from({ length: 100 }, (_, i) => `2${i}["tick"]`));
    const acks: string[] = [];
    while (acks.length < 100) acks.push(...(await client.poll()).filter((p) => p.startsWith('3')));
    const refused = acks.filter((a) => a.includes('too_many_pending')).length;
    assert.equal(handled, 2 + 2 * BACKLOG_PER_SLOT, '2 ran at once and 32 waited their turn');
    assert.equal(refused, 100 - handled);
  });
});
