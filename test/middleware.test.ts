import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { Namespace, On, OnConnect, OnError, request, SocketeerError, Use, type Middleware } from 'socketeer';
import { createTestClient } from 'socketeer/testing';
import { appFor, type Refusal } from './support/app.js';
import { captureStderr } from './support/server.js';

const trail: string[] = [];
const mark =
  (name: string): Middleware =>
  async (ctx, next) => {
    trail.push(`${name}>${ctx.event}`);
    const result = await next();
    trail.push(`<${name}`);
    return result;
  };

const requireLogin: Middleware = (ctx, next) => {
  if (!ctx.session['user']) throw new SocketeerError('unauthorized', 'Log in first.');
  return next();
};

@Use(mark('class1'), mark('class2'))
@Use(mark('class3'))
@Namespace('/shop')
class Shop {
  @OnConnect() connect(auth: { user?: string }) {
    if (auth.user) request.session['user'] = auth.user;
  }
  @On('browse') browse() {
    trail.push('handler');
    return 'items';
  }
  @Use(mark('method1'))
  @Use(mark('method2'), requireLogin)
  @On('buy', z.object({ item: z.string() }))
  buy(data: { item: string }) {
    trail.push('handler');
    return `${request.session['user']} bought ${data.item}`;
  }
}

describe('@Use', () => {
  test('app, class and method middleware run in order around the handler', async (t) => {
    const app = appFor(t, { controllers: [Shop] }, (app) => app.use(mark('app')));
    const client = await createTestClient(app, { namespace: '/shop', auth: { user: 'ann' } });
    trail.length = 0;
    assert.equal(await client.emit('buy', { item: 'hat' }), 'ann bought hat');
    assert.deepEqual(trail, [
      'app>buy',
      'class1>buy',
      'class2>buy',
      'class3>buy',
      'method1>buy',
      'method2>buy',
      'handler',
      '<method2',
      '<method1',
      '<class3',
      '<class2',
      '<class1',
      '<app',
    ]);
  });

  test('class middleware covers every handler of the class; method middleware only its method', async (t) => {
    const app = appFor(t, { controllers: [Shop] });
    const client = await createTestClient(app, { namespace: '/shop' });
    trail.length = 0;
    assert.equal(await client.emit('browse'), 'items');
    assert.deepEqual(trail, [
      'class1>browse',
      'class2>browse',
      'class3>browse',
      'handler',
      '<class3',
      '<class2',
      '<class1',
    ]);
  });

  test('a middleware that throws stops the event and its error reaches the client', async (t) => {
    const app = appFor(t, { controllers: [Shop] });
    const client = await createTestClient(app, { namespace: '/shop' });
    trail.length = 0;
    const { result } = await captureStderr(() => client.emit('buy', { item: 'hat' }));
    assert.deepEqual(result, { error: { code: 'unauthorized', message: 'Log in first.' } });
    assert.ok(!trail.includes('handler'));
  });

  test('middleware runs before validation', async (t) => {
    const app = appFor(t, { controllers: [Shop] });
    const client = await createTestClient(app, { namespace: '/shop' });
    const { result } = await captureStderr(() => client.emit('buy', { item: 42 }));
    assert.equal((result as Refusal).error.code, 'unauthorized');
    const member = await createTestClient(app, { namespace: '/shop', auth: { user: 'bob' } });
    assert.equal(((await member.emit('buy', { item: 42 })) as Refusal).error.code, 'validation_error');
  });

  test('middleware errors and rejections go through the error handlers, whose return is the ack', async (t) => {
    const seen: string[] = [];
    const failSync: Middleware = () => {
      throw new Error('sync middleware failure');
    };
    const failAsync: Middleware = async () => {
      await sleep(1);
      throw new Error('async middleware failure');
    };
    @Namespace('/')
    class Guarded {
      @Use(failSync) @On('a') a() {
        return 'never';
      }
      @Use(failAsync) @On('b') b() {
        return 'never';
      }
      @OnError() failed(err: Error) {
        seen.push(`${request.event}: ${err.message}`);
        return 'recovered';
      }
    }
    const app = appFor(t, { controllers: [Guarded] });
    const client = await createTestClient(app);
    assert.equal(await client.emit('a'), 'recovered');
    assert.equal(await client.emit('b'), 'recovered');
    assert.deepEqual(seen, ['a: sync middleware failure', 'b: async middleware failure']);
  });

  test('a middleware that does not call next stops the event quietly', async (t) => {
    let ran = false;
    const gate: Middleware = () => 'middleware result is not the ack';
    @Namespace('/')
    class Quiet {
      @Use(gate) @On('x') x() {
        ran = true;
        return 'handler';
      }
    }
    const app = appFor(t, { controllers: [Quiet] });
    const client = await createTestClient(app);
    assert.equal(await client.emit('x'), undefined, 'acknowledged with no arguments');
    assert.equal(ran, false);
  });

  test('middleware sees the request (ctx and the ambient request) and can time the handler', async (t) => {
    const timings: { event: string; sid: string; args: unknown[]; ms: number }[] = [];
    const timing: Middleware = async (ctx, next) => {
      const start = performance.now();
      const result = await next();
      timings.push({ event: ctx.event, sid: request.sid, args: ctx.args, ms: performance.now() - start });
      return result;
    };
    @Use(timing)
    @Namespace('/')
    class Timed {
      @On('work') async work(ms: number) {
        await sleep(ms);
        return 'done';
      }
    }
    const app = appFor(t, { controllers: [Timed] });
    const client = await createTestClient(app);
    assert.equal(await client.emit('work', 20), 'done');
    assert.equal(timings.length, 1);
    assert.deepEqual([timings[0]!.event, timings[0]!.args], ['work', [20]]);
    assert.equal(typeof timings[0]!.sid, 'string');
    assert.ok(timings[0]!.ms >= 15, `measured ${timings[0]!.ms} ms`);
  });

  test('calling next() twice is an error that goes through the pipeline', async (t) => {
    const twice: Middleware = async (_ctx, next) => {
      await next();
      return next();
    };
    @Namespace('/')
    class Twice {
      @Use(twice) @On('x') x() {
        return 1;
      }
      @OnError() failed(err: Error) {
        return err.message;
      }
    }
    const app = appFor(t, { controllers: [Twice] });
    const client = await createTestClient(app);
    assert.equal(await client.emit('x'), 'next() was called twice by one middleware.');
  });

  test('@Use rejects something that is not a function', () => {
    assert.throws(() => Use('nope' as never), /@Use\(\) takes middleware functions/);
  });
});
