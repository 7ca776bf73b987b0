import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectingLogger, RecordingClient, settle, type Received } from '../../_support/recording-client.js';
import { runEntry } from '../../_support/run-entry.js';
import { createLoginRoomsApp } from '../server.js';

const ev = (event: string, ...args: unknown[]): Received => ({ event, args });

/** Logs in over HTTP like the form does and returns the session cookie. */
async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    redirect: 'manual',
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/room');
  const cookie = res.headers.get('set-cookie');
  assert.ok(cookie, 'login sets a cookie');
  return cookie.split(';')[0]!;
}

describe('login-rooms example', () => {
  const app = createLoginRoomsApp({ logger: collectingLogger(), sessionSecret: 'test secret' });
  let base = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  test('the pages: login form, a wrong password, the room behind the login', async () => {
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(home.headers.get('location'), '/login');
    const room = await fetch(`${base}/room`, { redirect: 'manual' });
    assert.equal(room.status, 302);
    assert.equal(room.headers.get('location'), '/login');
    assert.match(await (await fetch(`${base}/login`)).text(), /<form class="card" method="post" action="\/login">/);

    const wrong = await fetch(`${base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'Ada', password: 'nope' }),
      redirect: 'manual',
    });
    assert.equal(wrong.status, 303);
    assert.equal(wrong.headers.get('location'), '/login?failed=1');
    assert.equal(wrong.headers.get('set-cookie'), null);

    const cookie = await login(base, 'ada', 'lovelace');
    const page = await fetch(`${base}/room`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/socket.io\/socket.io.js"><\/script>/);
  });

  test('logged-in users share a room; a visitor without a login is refused every event', async () => {
    const ada = new RecordingClient(base, { cookie: await login(base, 'Ada', 'lovelace') });
    const ben = new RecordingClient(base, { cookie: await login(base, 'Ben', 'franklin') });
    const visitor = new RecordingClient(base);
    try {
      await ada.connect('/');
      await ben.connect('/');
      await visitor.connect('/');
      const all: [RecordingClient, string][] = [
        [ada, '/'],
        [ben, '/'],
        [visitor, '/'],
      ];
      const step = async (who: RecordingClient, event: string, data: unknown) => {
        who.emit('/', event, data);
        await settle([who, '/'], ...all);
      };

      const unauthorized = { code: 'unauthorized', message: 'Log in to use the rooms.' };
      assert.deepEqual(await visitor.ask('/', 'join', { room: 'lobby' }), [{ error: unauthorized }]);
      assert.deepEqual(await visitor.ask('/', 'chat', { room: 'lobby', message: 'hi' }), [{ error: unauthorized }]);
      await step(visitor, 'join', { room: 'lobby' });

      await step(ada, 'join', { room: 'lobby' });
      await step(ben, 'join', { room: 'lobby' });
      await step(ada, 'chat', { room: 'lobby', message: 'Hello <b>Ben</b>' });
      assert.deepEqual(await ben.ask('/', 'chat', { room: 'garden', message: 'anyone?' }), [
        { error: { code: 'not_in_room', message: "You are not in the room 'garden'; join it first." } },
      ]);
      await step(ben, 'chat', { room: 'lobby', message: 'Hi Ada', user: 'Mallory' });
      await step(ben, 'leave', { room: 'lobby' });
      await step(ada, 'chat', { room: 'lobby', message: 'bye' });

      assert.deepEqual(ada.take(), [
        ev('welcome', { user: 'Ada' }),
        ev('join', 'Ada joined the room.'),
        ev('join', 'Ben joined the room.'),
        ev('chat', { user: 'Ada', message: 'Hello <b>Ben</b>', room: 'lobby' }),
        ev('chat', { user: 'Ben', message: 'Hi Ada', room: 'lobby' }),
        ev('leave', 'Ben left the room.'),
        ev('chat', { user: 'Ada', message: 'bye', room: 'lobby' }),
      ]);
      assert.deepEqual(ben.take(), [
        ev('welcome', { user: 'Ben' }),
        ev('join', 'Ben joined the room.'),
        ev('chat', { user: 'Ada', message: 'Hello <b>Ben</b>', room: 'lobby' }),
        ev('chat', { user: 'Ben', message: 'Hi Ada', room: 'lobby' }),
      ]);
      assert.deepEqual(visitor.take(), [
        ev('welcome', { user: null }),
        ev('socketeer:error', { event: 'join', error: unauthorized }),
      ]);
    } finally {
      for (const c of [ada, ben, visitor]) c.close();
    }
  });

  test("logging out disconnects the session's sockets and the room hears they left", async () => {
    const adaCookie = await login(base, 'Ada', 'lovelace');
    const ada = new RecordingClient(base, { cookie: adaCookie });
    const ben = new RecordingClient(base, { cookie: await login(base, 'Ben', 'franklin') });
    try {
      const adaSocket = await ada.connect('/');
      await ben.connect('/');
      for (const c of [ada, ben]) {
        c.emit('/', 'join', { room: 'lobby' });
        await settle([c, '/'], [ada, '/'], [ben, '/']);
      }
      ada.take();
      ben.take();
      const gone = new Promise<string>((resolve) => adaSocket.once('disconnect', resolve));
      const res = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: adaCookie }, redirect: 'manual' });
      assert.equal(res.status, 303);
      assert.equal(await gone, 'io server disconnect');
      await ben.waitFor('/', 'leave');
      await ben.sync('/');
      assert.deepEqual(ben.take(), [ev('leave', 'Ada left the room.')]);
      // The old cookie no longer opens the room.
      const room = await fetch(`${base}/room`, { headers: { cookie: adaCookie }, redirect: 'manual' });
      assert.equal(room.headers.get('location'), '/login');
    } finally {
      ada.close();
      ben.close();
    }
  });

  test('the entry serves the login page and exits 0 on SIGTERM', async () => {
    const server = await runEntry('examples/login-rooms/server.ts');
    try {
      assert.match(await (await fetch(`${server.url}/login`)).text(), /Log in to the rooms/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
