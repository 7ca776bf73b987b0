/**
 * Prometheus metrics: real clients produce every outcome, the app serves /metrics, and the
 * text is read as Prometheus would read it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry, Counter } from 'prom-client';
import { z } from 'zod';
import { createApp, emit, Guard, Namespace, On, RateLimit, SocketeerError, Timeout, request } from 'socketeer';
import { histogram, parseExposition, sampleValue } from '../support/prometheus.js';
import { ask, serve, until } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@Namespace('/chat')
class ChatController {
  @On('say', z.object({ text: z.string().min(1) }))
  say({ text }: { text: string }) {
    emit('said', text, { broadcast: true });
    return 'ok';
  }
  @On('slow')
  @Timeout(50)
  async slow() {
    // Ends when its deadline aborts it, so it is no longer in flight once the client has its answer.
    await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
  }
  @On('wait')
  async wait(ms: number) {
    await sleep(ms);
    return 'waited';
  }
  @On('boom')
  boom() {
    throw new Error('kaput');
  }
  @On('deny')
  deny() {
    throw new SocketeerError('forbidden', 'no');
  }
  @On('limited')
  @RateLimit({ points: 1, duration: 60_000 })
  limited() {
    return 'ok';
  }
}

@Guard((ctx) => ctx.auth.token === 'ok')
@Namespace(/^\/tenant-\d+$/)
class TenantController {
  @On('ping') ping() {
    return request.namespace;
  }
}

const TOKEN = 'scrape-secret';

async function scrape(url: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('metrics', () => {
  test('counts every outcome, connections, refusals, emits and deliveries; /metrics is Prometheus text behind auth', async (t) => {
    const server = await serve(t, {
      controllers: [ChatController, TenantController],
      metrics: { path: '/metrics', auth: { bearer: TOKEN } },
    });
    const a = await server.connect('/chat');
    const b = await server.connect('/chat');
    const t1 = await server.connect('/tenant-1', { auth: { token: 'ok' } });
    const t2 = await server.connect('/tenant-2', { auth: { token: 'ok' } });
    await assert.rejects(server.connect('/tenant-3', { auth: { token: 'bad' } }), {
      message: 'Authentication required.',
    });

    assert.equal(await ask(a, 'say', { text: 'hi' }), 'ok');
    assert.equal(await ask(a, 'say', { text: 'again' }), 'ok');
    assert.equal((await ask(a, 'say', { text: '' })).error.code, 'validation_error');
    assert.equal((await ask(a, 'slow')).error.code, 'timeout');
    assert.equal((await ask(a, 'boom')).error.code, 'internal_error');
    assert.equal((await ask(a, 'deny')).error.code, 'forbidden');
    assert.equal(await ask(a, 'limited'), 'ok');
    assert.equal((await ask(a, 'limited')).error.code, 'rate_limited');
    assert.equal((await ask(a, 'no-such-event-1')).error.code, 'unknown_event');
    assert.equal((await ask(a, 'no-such-event-2')).error.code, 'unknown_event');
    assert.equal(await ask(t1, 'ping'), '/tenant-1');
    assert.equal(await ask(t2, 'ping'), '/tenant-2');
    const waiting = ask(b, 'wait', 500);
    await until(() => server.app.io.of('/chat').sockets.size === 2);

    // An unauthenticated scrape is refused; the real one is Prometheus text.
    assert.equal((await scrape(server.url, {})).status, 401);
    assert.equal((await scrape(server.url, { authorization: 'Bearer wrong' })).status, 401);
    const { status, type, text } = await scrape(server.url);
    assert.equal(status, 200);
    assert.match(type ?? '', /^text\/plain; version=0\.0\.4/);
    const m = parseExposition(text);

    const events = (event: string, outcome: string, namespace = '/chat') =>
      sampleValue(m, 'socketeer_events_total', { namespace, event, outcome });
    assert.equal(m.get('socketeer_events_total')?.type, 'counter');
    assert.equal(events('say', 'ok'), 2);
    assert.equal(events('say', 'validation_error'), 1);
    assert.equal(events('slow', 'timeout'), 1);
    assert.equal(events('boom', 'error'), 1);
    assert.equal(events('deny', 'error'), 1);
    assert.equal(events('limited', 'ok'), 1);
    assert.equal(events('limited', 'rate_limited'), 1);
    // Names nobody handles share one label, whatever the client sends.
    assert.equal(events('*', 'unknown_event'), 2);
    assert.equal(
      m.get('socketeer_events_total')!.samples.some((s) => s.labels.event?.startsWith('no-such')),
      false,
    );
    // Dynamic namespaces are labelled with their pattern.
    assert.equal(events('ping', 'ok', String(/^\/tenant-\d+$/)), 2);

    const connections = (namespace: string) => sampleValue(m, 'socketeer_connections', { namespace });
    assert.equal(m.get('socketeer_connections')?.type, 'gauge');
    assert.equal(connections('/chat'), 2);
    assert.equal(connections(String(/^\/tenant-\d+$/)), 2);
    assert.equal(sampleValue(m, 'socketeer_connections_total', { namespace: '/chat' }), 2);
    assert.equal(
      sampleValue(m, 'socketeer_connection_refusals_total', {
        namespace: String(/^\/tenant-\d+$/),
        code: 'unauthorized',
      }),
      1,
    );
    assert.equal(sampleValue(m, 'socketeer_handlers_in_flight', { namespace: '/chat' }), 1);

    // Two broadcasts to two clients: two emits, four deliveries.
    assert.equal(sampleValue(m, 'socketeer_emits_total', { namespace: '/chat' }), 2);
    assert.equal(sampleValue(m, 'socketeer_deliveries_total', { namespace: '/chat' }), 4);
    assert.equal(sampleValue(m, 'socketeer_adapter_up', { adapter: 'Adapter' }), 1);

    const say = histogram(m, 'socketeer_event_duration_seconds', { namespace: '/chat', event: 'say' });
    assert.equal(say.count, 3);
    assert.equal(say.buckets['+Inf'], 3);
    assert.equal(Object.keys(say.buckets).length, 15);
    const slow = histogram(m, 'socketeer_event_duration_seconds', { namespace: '/chat', event: 'slow' });
    assert.equal(slow.count, 1);
    // The timed-out handler counts up to its 50 ms deadline.
    // (A loaded machine may fire the deadline's timer late: the upper bound is generous.)
    assert.ok(slow.sum! >= 0.045 && slow.sum! < 1, `slow took ${slow.sum} s`);
    assert.equal(slow.buckets['0.025'], 0);
    assert.equal(slow.buckets['+Inf'], 1);

    assert.equal(await waiting, 'waited');
    const after = parseExposition((await scrape(server.url)).text);
    assert.equal(sampleValue(after, 'socketeer_handlers_in_flight', { namespace: '/chat' }), 0);
    assert.equal(sampleValue(after, 'socketeer_events_total', { namespace: '/chat', event: 'wait', outcome: 'ok' }), 1);
  });

  test('metrics without a path are collected on app.metrics and not served; a registry passed in is used', async (t) => {
    const server = await serve(t, { controllers: [ChatController], metrics: true });
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
    const a = await server.connect('/chat');
    assert.equal(await ask(a, 'say', { text: 'hi' }), 'ok');
    assert.ok(server.app.metrics instanceof Registry);
    const m = parseExposition(await server.app.metrics.metrics());
    assert.equal(sampleValue(m, 'socketeer_events_total', { namespace: '/chat', event: 'say', outcome: 'ok' }), 1);

    const registry = new Registry();
    const mine = new Counter({ name: 'my_app_logins_total', help: 'Logins.', registers: [registry] });
    mine.inc();
    const withOwn = await serve(t, {
      controllers: [ChatController],
      metrics: { registry, path: '/metrics', auth: { username: 'prom', password: 'pw' } },
    });
    assert.equal(withOwn.app.metrics, registry);
    const basic = `Basic ${Buffer.from('prom:pw').toString('base64')}`;
    const denied = await scrape(withOwn.url, { authorization: `Basic ${Buffer.from('prom:nope').toString('base64')}` });
    assert.equal(denied.status, 401);
    const served = parseExposition((await scrape(withOwn.url, { authorization: basic })).text);
    assert.equal(sampleValue(served, 'my_app_logins_total', {}), 1);
    assert.ok(served.has('socketeer_events_total'));
  });

  test('our strict reader accepts what prom-client writes for every metric type, escapes included', async () => {
    const registry = new Registry();
    const { Gauge, Histogram, Summary } = await import('prom-client');
    new Counter({
      name: 'c_total',
      help: 'A "quoted" help\\with backslash',
      labelNames: ['l'],
      registers: [registry],
    }).inc({ l: 'a"b\\c\nd' }, 2);
    new Gauge({ name: 'g', help: 'g', registers: [registry] }).set(-1.5e-7);
    new Histogram({ name: 'h', help: 'h', buckets: [1, 2], registers: [registry] }).observe(1.5);
    new Summary({ name: 's', help: 's', registers: [registry] }).observe(3);
    const m = parseExposition(await registry.metrics());
    assert.equal(m.get('c_total')?.help, 'A "quoted" help\\with backslash');
    assert.equal(sampleValue(m, 'c_total', { l: 'a"b\\c\nd' }), 2);
    assert.equal(sampleValue(m, 'g', {}), -1.5e-7);
    assert.deepEqual(histogram(m, 'h', {}), { buckets: { '1': 0, '2': 1, '+Inf': 1 }, sum: 1.5, count: 1 });
    assert.equal(sampleValue(m, 's', { quantile: '0.5' }), 3);
    assert.throws(() => parseExposition('metric{l="unterminated} 1\n'), /not Prometheus text format/);
    assert.throws(() => parseExposition('metric one\n'), /not Prometheus text format/);
    assert.throws(
      () => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n'),
      /not cumulative/,
    );
    assert.throws(() => parseExposition('# TYPE c counter\nother 1\n'), /outside its family/);
  });

  test('options are checked at boot', () => {
    assert.throws(() => createApp({ metrics: { path: 'metrics' } }), {
      code: 'invalid_option',
      message: /metrics.path must start with '\/'/,
    });
    assert.throws(() => createApp({ metrics: { auth: { bearer: 'x' } } }), {
      code: 'invalid_option',
      message: /set the path too/,
    });
    assert.throws(() => createApp({ metrics: { path: '/m', auth: { username: 'u', password: '' } } }), {
      code: 'invalid_option',
    });
    assert.throws(() => createApp({ metrics: { buckets: [1, 0.5] } }), {
      code: 'invalid_option',
      message: /increasing/,
    });
    assert.throws(() => createApp({ metrics: { port: 9100 } as never }), {
      code: 'invalid_option',
      message: /unknown option 'port'/,
    });
  });
});
