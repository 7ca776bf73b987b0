import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Namespace, On, tuple } from 'socketeer';
import { createTestClient } from 'socketeer/testing';
import { appFor, received } from './support/app.js';

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
  const client = await createTestClient(appFor(t, { controllers: [AckController] }));
  assert.deepEqual(await client.emit('value', { n: 21 }), { doubled: 42 });
});

test('a returned promise is awaited and its value is the ack', async (t) => {
  const client = await createTestClient(appFor(t, { controllers: [AckController] }));
  assert.equal(await client.emit('promise', 41), 42);
});

test('falsy values (0, null) are acked as they are, not dropped', async (t) => {
  const client = await createTestClient(appFor(t, { controllers: [AckController] }));
  assert.equal(await client.emit('falsy'), 0);
  assert.equal(await client.emit('null'), null);
});

test('no return value acks with no arguments', async (t) => {
  const client = await createTestClient(appFor(t, { controllers: [AckController] }));
  // the test client resolves undefined for an ack with no arguments (an explicit undefined would arrive as null)
  assert.equal(await client.emit('nothing'), undefined);
});

test('tuple(...) acks with several arguments', async (t) => {
  const client = await createTestClient(appFor(t, { controllers: [AckController] }));
  assert.deepEqual(await client.emit('several', 'one', 2), ['ONE', 20, { ok: true }]);
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
  const client = await createTestClient(appFor(t, { controllers: [Counter] }));
  client.emitNoAck('bump');
  client.emitNoAck('bump');
  assert.deepEqual(await received(client), []);
  assert.equal(ran, 2);
});
