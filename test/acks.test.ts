import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Namespace, On, tuple } from 'socketeer';
import { ask, serve } from './support/server.js';

@Namespace('/')
class AckController {
  @On('value') value(data: { n: number }) {
    return { doubled: data.n * 2 };
  }
  @On('promise') async promise(n: number) {
    await new Promise((r) => setTimeout(r, 5));
    return n + 1;
  }
  @On('nothing') nothing() {}
  @On('several') several(a: string, b: number) {
    return tuple(a.toUpperCase(), b * 10, { ok: true });
  }
  @On('falsy') falsy() {
    return 0;
  }
  @On('null') returnsNull() {
    return null;
  }
}

test('a handler return value is the ack', async (t) => {
  const server = await serve(t, { controllers: [AckController] });
  const client = await server.connect();
  assert.deepEqual(await ask(client, 'value', { n: 21 }), { doubled: 42 });
});

test('a returned promise is awaited and its value is the ack', async (t) => {
  const server = await serve(t, { controllers: [AckController] });
  const client = await server.connect();
  assert.equal(await ask(client, 'promise', 41), 42);
});

test('falsy values (0, null) are acked as they are, not dropped', async (t) => {
  const server = await serve(t, { controllers: [AckController] });
  const client = await server.connect();
  assert.equal(await ask(client, 'falsy'), 0);
  assert.equal(await ask(client, 'null'), null);
});

test('no return value acks with no arguments', async (t) => {
  const server = await serve(t, { controllers: [AckController] });
  const client = await server.connect();
  const args = await new Promise<unknown[]>((resolve) => client.emit('nothing', (...a: unknown[]) => resolve(a)));
  assert.deepEqual(args, []);
});

test('tuple(...) acks with several arguments', async (t) => {
  const server = await serve(t, { controllers: [AckController] });
  const client = await server.connect();
  const args = await new Promise<unknown[]>((resolve) => client.emit('several', 'one', 2, (...a: unknown[]) => resolve(a)));
  assert.deepEqual(args, ['ONE', 20, { ok: true }]);
});

test('an event sent without asking for an ack still runs and nothing is sent back', async (t) => {
  let ran = 0;
  @Namespace('/')
  class Counter {
    @On('bump') bump() {
      ran += 1;
      return 'ignored';
    }
  }
  const server = await serve(t, { controllers: [Counter] });
  const client = await server.connect();
  const seen: unknown[] = [];
  client.onAny((...a) => seen.push(a));
  client.emit('bump');
  client.emit('bump');
  // an unknown event with an ack is a round trip that cannot overtake the two emits above
  assert.deepEqual(await ask(client, 'nope'), { error: { code: 'unknown_event', message: "No handler for event 'nope' in namespace '/'." } });
  assert.equal(ran, 2);
  assert.deepEqual(seen, []);
});
