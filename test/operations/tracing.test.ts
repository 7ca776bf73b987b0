/**
 * OpenTelemetry tracing with the real SDK: an in-memory exporter behind the global API, and an
 * AsyncLocalStorage context manager, as a Node app registers them.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { ConnectionRefusedError, Namespace, On, OnConnect, request } from 'socketeer';
import { ask, serve, until } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const userTracer = () => trace.getTracer('my-app');

@Namespace('/chat')
class ChatController {
  @OnConnect() connect(auth: { name?: string }) {
    if (auth.name === 'mallory') throw new ConnectionRefusedError('go away');
  }
  @On('say', z.object({ text: z.string().min(1) }))
  async say({ text }: { text: string }) {
    await sleep(5);
    // The handler's own span, started after an await: it must nest under the event's span.
    return userTracer().startActiveSpan('save message', (span) => {
      span.end();
      return `saved ${text}`;
    });
  }
  @On('boom') boom() {
    throw new Error('kaput');
  }
  @On('active') active() {
    return trace.getActiveSpan()?.spanContext().spanId ?? null;
  }
}

@Namespace(/^\/room-\d+$/)
class RoomController {
  @On('hello') hello() {
    return request.namespace;
  }
}

const exporter = new InMemorySpanExporter();
const spans = (name?: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => name === undefined || s.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing', () => {
  test('with no tracer registered, tracing: true makes no spans and handlers run as usual', async (t) => {
    const server = await serve(t, { controllers: [ChatController], tracing: true });
    const client = await server.connect('/chat');
    assert.equal(await ask(client, 'active'), null);
    assert.equal(await ask(client, 'say', { text: 'hi' }), 'saved hi');
  });

  describe('with the SDK registered', () => {
    before(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    });

    test('one span per connection attempt and per event; handler spans nest; events link to their connection', async (t) => {
      exporter.reset();
      const server = await serve(t, { controllers: [ChatController, RoomController], tracing: true });
      const client = await server.connect('/chat', { auth: { name: 'ann' } });
      assert.equal(await ask(client, 'say', { text: 'hi' }), 'saved hi');
      const activeId = await ask(client, 'active');
      assert.equal((await ask(client, 'say', { text: '' })).error.code, 'validation_error');
      assert.equal((await ask(client, 'boom')).error.code, 'internal_error');
      await until(() => spans().length >= 6, 2000, 'spans');

      const [connect] = spans('connect /chat');
      assert.ok(connect);
      assert.equal(connect.kind, SpanKind.SERVER);
      assert.equal(connect.status.code, SpanStatusCode.UNSET);
      assert.deepEqual(connect.attributes, {
        'messaging.system': 'socket.io',
        'messaging.operation.name': 'connect',
        'messaging.destination.name': '/chat',
        'messaging.client.id': client.id,
      });

      const [ok, invalid] = spans('process /chat say');
      assert.ok(ok && invalid);
      assert.equal(ok.kind, SpanKind.CONSUMER);
      assert.equal(ok.instrumentationScope.name, 'socketeer');
      assert.deepEqual(ok.attributes, {
        'messaging.system': 'socket.io',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'event',
        'messaging.destination.name': '/chat',
        'messaging.client.id': client.id,
        'socketeer.event': 'say',
        'socketeer.outcome': 'ok',
      });
      // A root span of its own trace, linked to the connection's span.
      assert.equal(parentOf(ok), undefined);
      assert.deepEqual(
        ok.links.map((l) => l.context.spanId),
        [connect.spanContext().spanId],
      );
      // The handler's span, started after an await, is the event span's child.
      const [save] = spans('save message');
      assert.equal(parentOf(save!), ok.spanContext().spanId);
      assert.equal(save!.spanContext().traceId, ok.spanContext().traceId);
      // The event span ends after the handler's work (the await) is done.
      assert.ok(ok.duration[0] * 1e3 + ok.duration[1] / 1e6 >= 4, 'the span covers the awaited work');

      const [active] = spans('process /chat active');
      assert.equal(activeId, active!.spanContext().spanId, 'the event span is the active span in the handler');

      assert.equal(invalid.attributes['socketeer.outcome'], 'validation_error');
      assert.deepEqual(invalid.status, { code: SpanStatusCode.ERROR, message: 'validation_error' });
      assert.equal(spans('save message').length, 1, 'an invalid payload never reached the handler');

      const [boom] = spans('process /chat boom');
      assert.deepEqual(boom!.status, { code: SpanStatusCode.ERROR, message: 'error' });
      assert.equal(boom!.events[0]?.name, 'exception');
      assert.equal(boom!.events[0]?.attributes?.['exception.message'], 'kaput');
    });

    test('a refused connection ends its span with an error; a dynamic namespace is named by its pattern', async (t) => {
      exporter.reset();
      const server = await serve(t, { controllers: [ChatController, RoomController], tracing: true });
      await assert.rejects(server.connect('/chat', { auth: { name: 'mallory' } }), { message: 'go away' });
      const room = await server.connect('/room-7');
      assert.equal(await ask(room, 'hello'), '/room-7');
      await until(() => spans().length >= 3, 2000, 'spans');

      const [refused] = spans('connect /chat');
      assert.deepEqual(refused!.status, { code: SpanStatusCode.ERROR, message: 'go away' });
      assert.equal(refused!.attributes['socketeer.refusal.code'], 'refused');

      const pattern = String(/^\/room-\d+$/);
      const [hello] = spans(`process ${pattern} hello`);
      assert.equal(hello!.attributes['messaging.destination.name'], '/room-7');
      assert.equal(hello!.attributes['messaging.destination.template'], pattern);
      assert.equal(spans(`connect ${pattern}`).length, 1);
    });

    test("a client's traceparent header becomes the connect span's parent", async (t) => {
      exporter.reset();
      const server = await serve(t, { controllers: [ChatController], tracing: true });
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await server.connect('/chat', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      await until(() => spans('connect /chat').length === 1, 2000, 'the connect span');
      const [connect] = spans('connect /chat');
      assert.equal(connect!.spanContext().traceId, traceId);
      assert.equal(parentOf(connect!), '00f067aa0ba902b7');
    });

    test('tracing is off by default: a registered SDK sees no Socketeer spans', async (t) => {
      exporter.reset();
      const server = await serve(t, { controllers: [ChatController] });
      const client = await server.connect('/chat');
      assert.equal(await ask(client, 'active'), null);
      assert.equal(await ask(client, 'say', { text: 'x' }), 'saved x');
      await sleep(20);
      assert.deepEqual(
        spans().map((s) => s.name),
        ['save message'],
      );
    });
  });
});
