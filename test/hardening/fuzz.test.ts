import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  call,
  createApp,
  emit,
  Guard,
  joinRoom,
  leaveRoom,
  Namespace,
  On,
  OnAny,
  OnConnect,
  OnDisconnect,
  OnError,
  RateLimit,
  request,
  rooms,
  send,
  SocketeerError,
  Timeout,
  tuple,
  Use,
  type App,
} from 'socketeer';
import { fuzz } from './fuzz-harness.js';
import { recordingLogger, sleep, start } from './support.js';

const Join = z.object({ username: z.string().min(1).max(32), room: z.string().min(1).max(64) });

/** Every kind of handler, the good and the sloppy, as apps really write them. */
@Namespace('/')
class MainController {
  @OnConnect() connect(auth: unknown) {
    emit('welcome', { sid: request.sid, hasAuth: auth !== undefined });
  }
  @OnDisconnect() left(_reason: string) {}
  @On('ping') ping() {
    return 'pong';
  }
  @On('join', Join) join({ username, room }: z.infer<typeof Join>) {
    joinRoom(room);
    send(`${username} has entered the room.`, { to: room });
    return rooms().length;
  }
  @On('leave') leave(room: string) {
    leaveRoom(room); // unvalidated on purpose
    return 'left';
  }
  @On('pair', z.tuple([z.string(), z.number()])) pair(a: string, b: number) {
    return tuple(a.length, b);
  }
  @On('add') add(a: any, b: any) {
    return a.x + b.y; // throws a TypeError on most inputs
  }
  @On('boom') boom() {
    throw new Error('INTERNAL-SECRET at handler (/work/app.ts:1:2)');
  }
  @On('deny') deny() {
    throw new SocketeerError('forbidden', 'Not yours.');
  }
  @On('slow') @Timeout(30) async slow(ms: unknown) {
    await sleep(Math.min(Math.abs(Number(ms)) || 0, 60));
    return 'slow';
  }
  @On('limited') @RateLimit({ points: 5, duration: 1000 }) limited() {
    return 'ok';
  }
  @On('relay') relay(data: unknown) {
    emit('relayed', { size: JSON.stringify(data)?.length ?? 0 });
  }
  @On('options') options(data: any) {
    emit('x', 1, data); // payload used as options: a developer error
  }
  @On('ask') async ask() {
    return call('question', undefined, { timeout: 50 });
  }
}

@Guard((ctx) => ctx.auth.token === 'secret')
@Use(async (ctx, next) => {
  if (ctx.event === 'blocked') throw new SocketeerError('forbidden', 'Blocked by middleware.');
  return next();
})
@Namespace('/chat')
class ChatController {
  @On('message', z.string().max(500)) message(text: string) {
    emit('message', { from: request.sid, length: text.length }, { broadcast: true });
    return 'sent';
  }
  @On('blocked') blocked() {
    return 'never';
  }
  @On('fail') async fail() {
    throw new Error('INTERNAL-SECRET database credentials');
  }
  @OnAny() any(event: string) {
    return `no such event: ${typeof event}`;
  }
  @OnError() error(_err: unknown) {
    return { error: { code: 'chat_failed', message: 'Something went wrong in chat.' } };
  }
}

@Namespace(/^\/dyn-\w+$/)
class DynamicController {
  @On('where') where() {
    return request.namespace;
  }
}

describe('fuzzing a representative app', () => {
  let app: App;
  let url: string;
  const problems: unknown[] = [];
  const onProblem = (err: unknown) => problems.push(err);
  const log = recordingLogger();

  before(async () => {
    process.on('unhandledRejection', onProblem);
    process.on('uncaughtException', onProblem);
    app = createApp({
      controllers: [MainController, ChatController, DynamicController],
      logger: log.logger,
      timeout: 1000,
    });
    app.on('typed', (n: number) => n * 2, { schema: z.number().int() });
    url = await start(app);
  });
  after(async () => {
    await app.close({ deadline: 500 });
    process.off('unhandledRejection', onProblem);
    process.off('uncaughtException', onProblem);
  });

  it('survives random payloads and raw malformed packets, leaking nothing', { timeout: 50_000 }, async () => {
    await fuzz(url, app, {
      namespaces: [
        {
          namespace: '/',
          events: [
            'ping',
            'join',
            'leave',
            'pair',
            'add',
            'boom',
            'deny',
            'slow',
            'limited',
            'relay',
            'options',
            'ask',
            'typed',
          ],
        },
        { namespace: '/chat', auth: { token: 'secret' }, events: ['message', 'blocked', 'fail', 'whatever'] },
        { namespace: '/dyn-a1', events: ['where'] },
      ],
      healthy: { namespace: '/', event: 'ping', args: [], expect: (ack) => ack === 'pong' },
      codes: ['chat_failed'],
      runs: 300,
    });
    assert.deepEqual(problems, [], 'no unhandled rejection or uncaught exception');
    // The developer, unlike the client, does hear about the bugs.
    assert.ok(
      log.lines.some((l) => l.level === 'error' && /INTERNAL-SECRET/.test(String((l.obj as { err?: unknown }).err))),
    );
  });
});
