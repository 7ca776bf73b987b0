import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { emit, ERROR_EVENT, Namespace, On, OnAny, OnError, request, SocketeerError, type Logger } from 'socketeer';
import { ask, captureStderr, flush, record, serve } from './support/server.js';

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
function memoryLogger(): Logger & { lines: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[] } {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const INTERNAL = { error: { code: 'internal_error', message: 'Internal server error.' } };

describe('error handlers', () => {
  test("the namespace's @OnError gets the error, knows the event, and its return value is the ack", async (t) => {
    const seen: unknown[] = [];
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
        seen.push([err.message, request.event, request.args, request.sid]);
        return { handled: err.message };
      }
    }
    const server = await serve(t, { controllers: [Guarded] });
    const client = await server.connect('/guarded');
    assert.deepEqual(await ask(client, 'boom', 7), { handled: 'kaboom' });
    assert.deepEqual(await ask(client, 'boom_async'), { handled: 'async kaboom' });
    assert.deepEqual(seen, [
      ['kaboom', 'boom', [7], client.id],
      ['async kaboom', 'boom_async', [], client.id],
    ]);
  });

  test('without a namespace handler, app.onErrorDefault runs; a namespace handler wins over it', async (t) => {
    const calls: string[] = [];
    const server = await serve(t, { controllers: [failing('/a'), failing('/b')] }, (app) => {
      app.onError((err: Error) => (calls.push(`a: ${err.message}`), 'from /a handler'), '/a');
      app.onErrorDefault((err: Error) => (calls.push(`default: ${request.namespace} ${err.message}`), 'from default'));
    });
    const [a, b] = await Promise.all([server.connect('/a'), server.connect('/b')]);
    assert.equal(await ask(a, 'throw'), 'from /a handler');
    assert.equal(await ask(b, 'reject'), 'from default');
    assert.deepEqual(calls, ['a: secret detail: db at 10.0.0.7', 'default: /b async secret']);
  });

  test('app.onErrorDefault twice is an error', async (t) => {
    const server = await serve(t);
    server.app.onErrorDefault(() => {});
    assert.throws(() => server.app.onErrorDefault(() => {}), { code: 'duplicate_handler' });
  });

  test('an error handler returning nothing acks with no arguments', async (t) => {
    const server = await serve(t, { controllers: [failing('/')] }, (app) => app.onErrorDefault(() => {}));
    const client = await server.connect();
    const args = await new Promise<unknown[]>((resolve) => client.emit('throw', (...a: unknown[]) => resolve(a)));
    assert.deepEqual(args, []);
  });

  test('an error handler that itself throws is logged; the client gets internal_error', async (t) => {
    const logger = memoryLogger();
    const server = await serve(t, { controllers: [failing('/')], logger }, (app) =>
      app.onErrorDefault(() => {
        throw new Error('handler broke too');
      }),
    );
    const client = await server.connect();
    assert.deepEqual(await ask(client, 'throw'), INTERNAL);
    const line = logger.lines.find((l) => l.level === 'error');
    assert.equal(line?.msg, 'error handler app.onErrorDefault() failed');
    assert.match(String(line?.obj['err']), /handler broke too/);
  });
});

describe('with no error handler', () => {
  test('the error is logged (stderr even with logging off) and the client gets internal_error without details', async (t) => {
    const server = await serve(t, { controllers: [failing('/')] });
    const client = await server.connect();
    const { result, output } = await captureStderr(() => ask(client, 'throw'));
    assert.deepEqual(result, INTERNAL);
    assert.match(output, new RegExp(`^socketeer error handler failed sid=${client.id} namespace=/ event=throw err=.*secret detail`));
    assert.doesNotMatch(JSON.stringify(result), /secret|at |\.ts/);
  });

  test('every kind of throw and rejection becomes internal_error, with no stack and no crash', async (t) => {
    const server = await serve(t, { controllers: [failing('/')] });
    const client = await server.connect();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    t.after(() => process.off('unhandledRejection', onUnhandled));
    const { result } = await captureStderr(async () => {
      const answers = [];
      for (const event of ['throw', 'reject', 'throw_string', 'reject_null']) answers.push(await ask(client, event));
      // and the same without acks: nothing at all reaches the client
      const seen = record(client);
      for (const event of ['throw', 'reject', 'throw_string', 'reject_null']) client.emit(event);
      await flush(client);
      await sleep(5);
      return { answers, seen };
    });
    assert.deepEqual(result.answers, [INTERNAL, INTERNAL, INTERNAL, INTERNAL]);
    assert.deepEqual(result.seen, []);
    assert.deepEqual(unhandled, []);
    assert.equal(await ask(client, 'ok'), 'still alive');
  });

  test('a SocketeerError thrown on purpose reaches the client with its code and message', async (t) => {
    const server = await serve(t, { controllers: [failing('/')] });
    const client = await server.connect();
    const { result } = await captureStderr(() => ask(client, 'deliberate'));
    assert.deepEqual(result, { error: { code: 'forbidden', message: 'Join the room before posting to it.' } });
  });

  test("a developer error (a misused helper) is the developer's to see: the client gets internal_error", async (t) => {
    const server = await serve(t, { controllers: [failing('/')] });
    const client = await server.connect();
    const { result, output } = await captureStderr(() => ask(client, 'misused_helper'));
    assert.deepEqual(result, INTERNAL);
    assert.match(output, /unknown option 'rooms'/);
  });
});

describe('refusals Socketeer makes itself', () => {
  test('an unknown event with an ack gets unknown_event; without one, nothing', async (t) => {
    const server = await serve(t, { controllers: [failing('/')] });
    const client = await server.connect();
    assert.deepEqual(await ask(client, 'no_such_event', 1), {
      error: { code: 'unknown_event', message: "No handler for event 'no_such_event' in namespace '/'." },
    });
    const seen = record(client);
    client.emit('no_such_event');
    await flush(client);
    assert.deepEqual(seen, []);
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
    const server = await serve(t, { controllers: [CatchAll] });
    const client = await server.connect();
    assert.equal(await ask(client, 'known'), 'known');
    assert.deepEqual(await ask(client, 'whatever', 1, 'two'), { event: 'whatever', args: [1, 'two'], requestEvent: 'whatever' });
  });

  test('a handler past its deadline answers timeout and skips the error handlers', async (t) => {
    const errors: unknown[] = [];
    const server = await serve(t, { controllers: [failing('/')], timeout: 30 }, (app) => app.onErrorDefault((e) => errors.push(e)));
    const client = await server.connect();
    assert.deepEqual(await ask(client, 'slow'), { error: { code: 'timeout', message: "The handler for 'slow' did not finish within 30 ms." } });
    const event = new Promise((resolve) => client.once(ERROR_EVENT, resolve));
    client.emit('slow');
    assert.deepEqual(await event, { event: 'slow', error: { code: 'timeout', message: "The handler for 'slow' did not finish within 30 ms." } });
    assert.deepEqual(errors, []);
  });
});
