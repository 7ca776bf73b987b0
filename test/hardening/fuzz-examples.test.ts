/**
 * The property-based fuzzing of fuzz.test.ts, against every example app: random and malformed
 * payloads to each of its events and raw malformed packets, with the same assertions.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { App } from 'socketeer';
import { readController } from '../../src/registry.js';
import { createChatApp } from '../../examples/chat/server.js';
import { ChatController } from '../../examples/chat/controllers/chat-controller.js';
import { DefaultController } from '../../examples/chat/controllers/default-controller.js';
import { NotificationsController } from '../../examples/chat/controllers/notifications-controller.js';
import { createRoomsApp } from '../../examples/rooms/server.js';
import { RoomsController } from '../../examples/rooms/rooms-controller.js';
import { createLoginRoomsApp } from '../../examples/login-rooms/server.js';
import { RoomController } from '../../examples/login-rooms/room-controller.js';
import { createGettingStartedApp } from '../../examples/getting-started/server.js';
import { MainController } from '../../examples/getting-started/controllers/main-controller.js';
import { ChatNamespace, TestNamespace } from '../../examples/getting-started/controllers/test-namespace.js';
import { fuzz, type FuzzTarget } from './fuzz-harness.js';
import { recordingLogger, start } from './support.js';

/** The namespaces and events the controllers declare, read from the registry (never stale). */
function declared(controllers: Function[], auth?: Record<string, unknown>): FuzzTarget['namespaces'] {
  const byNamespace = new Map<string, string[]>();
  for (const cls of controllers) {
    const record = readController(cls);
    assert.ok(record && typeof record.namespace === 'string', `${cls.name} is a controller with a fixed namespace`);
    const events = byNamespace.get(record.namespace as string) ?? [];
    for (const h of record.handlers) if (h.kind === 'event' && h.event) events.push(h.event);
    byNamespace.set(record.namespace as string, events);
  }
  return [...byNamespace]
    .filter(([, events]) => events.length > 0)
    .map(([namespace, events]) => ({ namespace, events, ...(auth && { auth }) }));
}

/** Logs in through the example's express form, as a browser would; returns the session cookie. */
async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'Ada', password: 'lovelace' }),
    redirect: 'manual',
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  assert.ok(cookie, 'logged in');
  return cookie;
}

describe('fuzzing the examples', () => {
  const apps: App[] = [];
  const problems: unknown[] = [];
  const onProblem = (err: unknown) => problems.push(err);
  process.on('unhandledRejection', onProblem);
  process.on('uncaughtException', onProblem);
  after(async () => {
    await Promise.all(apps.map((a) => a.close({ deadline: 500 })));
    process.off('unhandledRejection', onProblem);
    process.off('uncaughtException', onProblem);
  });
  const quiet = () => recordingLogger().logger;

  it('chat', { timeout: 50_000 }, async () => {
    const app = createChatApp({ logger: quiet() });
    apps.push(app);
    await fuzz(await start(app), app, {
      namespaces: declared([DefaultController, ChatController, NotificationsController]),
      // Posting needs a registered name, so the healthy client registers (a name fuzzing will not pick).
      healthy: {
        namespace: '/chat',
        event: 'register',
        args: [{ username: 'healthy client 7f3e' }],
        expect: (ack) => !(ack as { error?: unknown })?.error,
      },
      codes: ['name_taken', 'not_in_room', 'unknown_user', 'not_registered'],
      runs: 100,
      timeLimit: 5000,
    });
    assert.deepEqual(problems, []);
  });

  it('rooms', { timeout: 50_000 }, async () => {
    const app = createRoomsApp({ logger: quiet() });
    apps.push(app);
    await fuzz(await start(app), app, {
      namespaces: declared([RoomsController]),
      healthy: {
        namespace: '/',
        event: 'join',
        args: [{ username: 'ann', room: 'lobby' }],
        expect: (ack) => !(ack as { error?: unknown })?.error,
      },
      runs: 100,
      timeLimit: 5000,
    });
    assert.deepEqual(problems, []);
  });

  it('login-rooms (logged in)', { timeout: 50_000 }, async () => {
    const app = createLoginRoomsApp({ logger: quiet(), sessionSecret: 'fuzz' });
    apps.push(app);
    const url = await start(app);
    const cookie = await login(url);
    await fuzz(url, app, {
      namespaces: declared([RoomController]),
      headers: { cookie },
      codes: ['not_in_room'],
      healthy: {
        namespace: '/',
        event: 'join',
        args: [{ room: 'lobby' }],
        expect: (ack) => !(ack as { error?: unknown })?.error,
      },
      runs: 100,
      timeLimit: 5000,
    });
    assert.deepEqual(problems, []);
  });

  it('getting-started', { timeout: 50_000 }, async () => {
    const app = createGettingStartedApp({ logger: quiet(), tickMs: 60_000 });
    apps.push(app);
    const auth = { token: 'secret' };
    const namespaces = declared([MainController, TestNamespace, ChatNamespace]).map((n) =>
      n.namespace === '/' ? { ...n, auth } : n,
    );
    namespaces.find((n) => n.namespace === '/test')?.events.push('my event'); // app.on() in server.ts
    await fuzz(await start(app), app, {
      namespaces,
      healthy: {
        namespace: '/',
        auth,
        event: 'message',
        args: ['hello'],
        expect: (ack) => !(ack as { error?: unknown })?.error,
      },
      rawHello: '40{"token":"secret"}',
      runs: 100,
      timeLimit: 5000,
    });
    assert.deepEqual(problems, []);
  });
});
