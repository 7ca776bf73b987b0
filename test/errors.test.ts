import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { emit, ERROR_EVENT, Namespace, On, OnAny, OnError, request, SocketeerError, type Logger } from 'socketeer';
import { createTestClient } from 'socketeer/testing';
import { appFor, received } from './support/app.js';
import { captureStderr } from './support/server.js';

/** Handlers that fail in every way a handler can. */
function failing(path: string) {
  @Namespace(path)
  class Failing {
    @On('throw') throws(): never {
      throw new Error('secret detail: db at 10.0.0.7');
    }
    @On('reject') async rejects() {
      await sleep(1);
      throw new Error('async secret');
    }
    @On('throw_string') throwString(): never {
      throw 'just a string';
    }
    @On('reject_null') rejectNull() {
      return Promise.reject(null);
    }
    @On('deliberate') deliberate(): never {
      throw new SocketeerError('forbidden', 'Join the room before posting to it.');
    }
    @On('misused_helper') misused() {
      emit('x', 1, { rooms: 'typo' } as never);
    }
    @On('slow') async slow() {
      await sleep(200);
      return 'too late';
    }
    @On('ok') ok() {
      return 'still alive';
    }
  }
  return Failing;
}

/** A pino-style logger that keeps its lines. */
function memoryLogger(): Logger & {
  lines: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[];
} {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const INTERNAL = { error: { code: 'internal_error', message: 'Internal server error.' } };

describe('error handlers', () => {
  test("the namespace's @OnError gets the error, knows the event, and its return value is the ack", async (t) => {
    const seen: unknown[] = [];
    const sids: string[] = [];
    @Namespace('/guarded')
    class Guarded {
      @On('boom') boom(_n: number): never {
        throw new Error('kaboom');
      }
      @On('boom_async') async boomAsync() {
        await sleep(1);
        throw new Error('async kaboom');
      }
      @OnError() async failed(err: Error) {
        await sleep(1);
        sids.push(request.sid);
        seen.push([err.message, request.event, request.args, request.sid]);
        return { handled: err.message };
      }
    }
    const client = await createTestClient(appFor(t, { controllers: [Guarded] }), { namespace: '/guarded' });
    assert.deepEqual(await client.emit('boom', 7), { handled: 'kaboom' });
    assert.deepEqual(await client.emit('boom_async'), { handled: 'async kaboom' });
    assert.deepEqual(seen, [
      ['kaboom', 'boom', [7], sids[0]],
      ['async kaboom', 'boom_async', [], sids[0]],
    ]);
    assert.equal(typeof sids[0], 'string');
  });

  test('without a namespace handler, app.onErrorDefault runs; a namespace handler wins over it', async (t) => {
    const calls: string[] = [];
    const app = appFor(t, { controllers: [failing('/a'), failing('/b')] }, (app) => {
      app.onError((err: Error) => {
        calls.push(`a: ${err.message}`);
        return 'from /a handler';
      }, '/a');
      app.onErrorDefault((err: Error) => {
        calls.push(`default: ${request.namespace} ${err.message}`);
        return 'from default';
      });
    });
    const [a, b] = await Promise.all([
      createTestClient(app, { namespace: '/a' }),
      createTestClient(app, { namespace: '/b' }),
    ]);
    assert.equal(await a.emit('throw'), 'from /a handler');
    assert.equal(await b.emit('reject'), 'from default');
    assert.deepEqual(calls, ['a: secret detail: db at 10.0.0.7', 'default: /b async secret']);
  });

  test('app.onErrorDefault twice is an error', async (t) => {
    const app = appFor(t);
    app.onErrorDefault(() => {});
    assert.throws(() => app.onErrorDefault(() => {}), { code: 'duplicate_handler' });
  });

  test('an error handler returning nothing acks with no arguments', async (t) => {
    const client = await createTestClient(
      appFor(t, { controllers: [failing('/')] }, (app) => app.onErrorDefault(() => {})),
    );
    assert.equal(await client.emit('throw'), undefined, 'acknowledged with no arguments');
  });

  test('an error handler that itself throws is logged; the client gets internal_error', async (t) => {
    const logger = memoryLogger();
    const app = appFor(t, { controllers: [failing('/')], logger }, (app) =>
      app.onErrorDefault(() => {
        throw new Error('handler broke too');
      }),
    );
    const client = await createTestClient(app);
    assert.deepEqual(await client.emit('throw'), INTERNAL);
    const line = logger.lines.find((l) => l.level === 'error');
    assert.equal(line?.msg, 'error handler app.onErrorDefault() failed');
    assert.match(String(line?.obj['err']), /handler broke too/);
  });
});

describe('with no error handler', () => {
  test('the error is logged (stderr even with logging off) and the client gets internal_error without details', async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    const { result, output } = await captureStderr(() => client.emit('throw'));
    assert.deepEqual(result, INTERNAL);
    assert.match(
      output,
      /^socketeer error handler failed sid=\S+ namespace=\/ event=throw handler=\S+ code=internal_error err=.*secret detail/,
    );
    assert.doesNotMatch(JSON.stringify(result), /secret|at |\.ts/);
  });

  test('every kind of throw and rejection becomes internal_error, with no stack and no crash', async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    t.after(() => process.off('unhandledRejection', onUnhandled));
    const { result } = await captureStderr(async () => {
      const answers = [];
      for (const event of ['throw', 'reject', 'throw_string', 'reject_null']) answers.push(await client.emit(event));
      // and the same without acks: nothing at all reaches the client
      for (const event of ['throw', 'reject', 'throw_string', 'reject_null']) client.emitNoAck(event);
      const seen = await received(client);
      await sleep(5);
      return { answers, seen };
    });
    assert.deepEqual(result.answers, [INTERNAL, INTERNAL, INTERNAL, INTERNAL]);
    assert.deepEqual(result.seen, []);
    assert.deepEqual(unhandled, []);
    assert.equal(await client.emit('ok'), 'still alive');
  });

  test('a SocketeerError thrown on purpose reaches the client with its code and message', async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    const { result } = await captureStderr(() => client.emit('deliberate'));
    assert.deepEqual(result, { error: { code: 'forbidden', message: 'Join the room before posting to it.' } });
  });

  test('without an ack, the deliberate error arrives as the socketeer:error event, quietly on the server', async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    const { result, output } = await captureStderr(async () => {
      client.emitNoAck('deliberate');
      return client.waitFor(ERROR_EVENT);
    });
    assert.deepEqual(result.args, [
      { event: 'deliberate', error: { code: 'forbidden', message: 'Join the room before posting to it.' } },
    ]);
    assert.equal(output, '');
  });

  test("a developer error (a misused helper) is the developer's to see: the client gets internal_error", async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    const { result, output } = await captureStderr(() => client.emit('misused_helper'));
    assert.deepEqual(result, INTERNAL);
    assert.match(output, /unknown option 'rooms'/);
  });
});

describe('refusals Socketeer makes itself', () => {
  test('an unknown event with an ack gets unknown_event; without one, nothing', async (t) => {
    const client = await createTestClient(appFor(t, { controllers: [failing('/')] }));
    assert.deepEqual(await client.emit('no_such_event', 1), {
      error: { code: 'unknown_event', message: "No handler for event 'no_such_event' in namespace '/'." },
    });
    client.emitNoAck('no_such_event');
    assert.deepEqual(await received(client), []);
  });

  test('@OnAny receives events with no handler, with their arguments; its return is the ack', async (t) => {
    @Namespace('/')
    class CatchAll {
      @On('known') known() {
        return 'known';
      }
      @OnAny() any(event: string, ...args: unknown[]) {
        return { event, args, requestEvent: request.event };
      }
    }
    const client = await createTestClient(appFor(t, { controllers: [CatchAll] }));
    assert.equal(await client.emit('known'), 'known');
    assert.deepEqual(await client.emit('whatever', 1, 'two'), {
      event: 'whatever',
      args: [1, 'two'],
      requestEvent: 'whatever',
    });
  });

  test('a handler past its deadline answers timeout and skips the error handlers', async (t) => {
    const errors: unknown[] = [];
    const client = await createTestClient(
      appFor(t, { controllers: [failing('/')], timeout: 30 }, (app) => app.onErrorDefault((e) => errors.push(e))),
    );
    assert.deepEqual(await client.emit('slow'), {
      error: { code: 'timeout', message: "The handler for 'slow' did not finish within 30 ms." },
    });
    client.emitNoAck('slow');
    assert.deepEqual((await client.waitFor(ERROR_EVENT)).args[0], {
      event: 'slow',
      error: { code: 'timeout', message: "The handler for 'slow' did not finish within 30 ms." },
    });
    assert.deepEqual(errors, []);
  });
});
