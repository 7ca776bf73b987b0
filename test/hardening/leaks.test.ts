/**
 * State a hostile client could make the server keep: dynamic namespaces made for refused
 * names, a send queue for a client that never reads, rooms without end. Each is attacked the
 * way the reviewer did, with real clients over 127.0.0.1.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'socket.io';
import { createApp, Guard, Namespace, On, joinRoom, type App } from 'socketeer';
import { DEFAULT_MAX_ROOMS, DEFAULT_MAX_SEND_BUFFER } from '../../src/app.js';
import { MAX_NAMESPACE_LENGTH } from '../../src/dynamic-namespaces.js';
import { pollingSession } from './polling-client.js';
import { rawJoin } from './raw-client.js';
import { ask, connect, sleep, start, type Client } from './support.js';

const namespaceCount = (io: Server) => (io as unknown as { _nsps: Map<string, unknown> })._nsps.size;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('leaks a hostile client could cause', () => {
  const apps: App[] = [];
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(apps.map((a) => a.close({ deadline: 0 })));
  });
  async function serve(app: App): Promise<string> {
    apps.push(app);
    return start(app);
  }

  describe('dynamic namespaces', () => {
    @Guard((ctx) => ctx.auth.token === 'secret')
    @Namespace(/^\/room-\w+$/)
    class Rooms {
      @On('where') where() {
        return 'here';
      }
    }

    it('1,500 refused connects (one polling session, 3 POSTs) leave no namespace behind', async () => {
      const app = createApp({ controllers: [Rooms] });
      const url = await serve(app);
      const before = namespaceCount(app.io);
      const client = await pollingSession(url);
      for (let post = 0; post < 3; post++) {
        assert.equal(await client.post(Array.from({ length: 500 }, (_, i) => `0/room-${post}x${i},`)), 200);
      }
      let refused = 0;
      while (refused < 1500)
        refused += (await client.poll()).filter((p) =>
          /^4\/room-\w+,\{"message":"Authentication required\."/.test(p),
        ).length;
      await until(() => namespaceCount(app.io) === before, 2000, 'the refused namespaces to be dropped');
      assert.equal(namespaceCount(app.io), before);
    });

    it('an accepted child lives while it has clients and is dropped when the last one leaves', async () => {
      const app = createApp({ controllers: [Rooms] });
      const url = await serve(app);
      const before = namespaceCount(app.io);
      const a = await connect(url, '/room-a', { auth: { token: 'secret' } });
      const b = await connect(url, '/room-a', { auth: { token: 'secret' } });
      assert.equal(await ask(a, 'where'), 'here');
      assert.equal(namespaceCount(app.io), before + 1);
      a.close();
      await sleep(50);
      assert.equal(namespaceCount(app.io), before + 1, 'b is still there');
      b.close();
      await until(() => namespaceCount(app.io) === before, 2000, 'the empty child to be dropped');
    });

    it(`names longer than ${MAX_NAMESPACE_LENGTH} characters are refused before the RegExp runs, with no child made`, async () => {
      const app = createApp({ controllers: [Rooms] });
      const url = await serve(app);
      const before = namespaceCount(app.io);
      const long = `/room-${'a'.repeat(MAX_NAMESPACE_LENGTH)}`;
      await assert.rejects(connect(url, long, { auth: { token: 'secret' } }), { message: 'Invalid namespace' });
      assert.equal(namespaceCount(app.io), before);
    });

    it('server code can still reach a child with io.of(name)', async () => {
      const app = createApp({ controllers: [Rooms] });
      const url = await serve(app);
      const a = await connect(url, '/room-z', { auth: { token: 'secret' } });
      clients.push(a);
      assert.equal(app.io.of('/room-z').sockets.size, 1);
    });
  });

  describe('a client that stops reading', () => {
    /** An app with this limit that records why connections ended, and a client that reads and counts its 'blob' events. */
    async function appWithReader(maxSendBuffer: number) {
      const app = createApp({ maxSendBuffer });
      const reasons: string[] = [];
      app.on('connect', () => undefined);
      app.on('disconnect', (reason: string) => void reasons.push(reason));
      const url = await serve(app);
      const reader = await connect(url);
      clients.push(reader);
      const counted = { read: 0 };
      reader.on('blob', () => counted.read++);
      return { app, url, reasons, reader, counted };
    }

    it(`is disconnected once its send queue passes maxSendBuffer (default ${DEFAULT_MAX_SEND_BUFFER / 1e6} MB), while it answers pings`, async () => {
      assert.equal(DEFAULT_MAX_SEND_BUFFER, 1e7);
      const { app, url, reasons, counted } = await appWithReader(2e6); // room for a reader that lags a little
      const stalled = await rawJoin(url);
      stalled.ws.pause(); // stops reading its socket...
      const pongs = setInterval(() => stalled.send('3'), 100); // ...but keeps answering pings
      try {
        const blob = 'x'.repeat(100_000);
        let sent = 0;
        // Paced, so that the limit's check (a few times a second) runs while the queue grows.
        for (; sent < 300 && reasons.length === 0; sent++) {
          app.emit('blob', blob);
          await sleep(5);
        }
        await until(() => reasons.length > 0, 10_000, 'the stalled client to be dropped');
        assert.deepEqual(reasons, ['forced close']);
        assert.ok(sent < 300, `dropped after ${sent} broadcasts of 100 kB`);
        await until(() => counted.read === sent, 10_000, 'the reading client to get every broadcast');
      } finally {
        clearInterval(pongs);
        stalled.close();
      }
    });

    it('a client that reads, however much it is sent in all, is never dropped: only what waits in its queue counts', async () => {
      const { app, reasons, reader, counted } = await appWithReader(300_000);
      const blob = 'x'.repeat(100_000);
      // Bursts of three: the second and third are queued while the first is being written, so
      // a queue holds up to 200 kB; 40 bursts send 12 MB in all, 40 times the limit, spread
      // over several of the limit's checks.
      for (let burst = 1; burst <= 40; burst++) {
        for (let i = 0; i < 3; i++) app.emit('blob', blob);
        await until(() => counted.read === burst * 3, 10_000, `burst ${burst} to be read`);
        await sleep(10);
      }
      assert.deepEqual(reasons, []);
      assert.ok(reader.connected);
    });
  });

  describe('rooms per connection', () => {
    @Namespace('/')
    class Joiner {
      @On('join') join(room: string) {
        joinRoom(room);
        return 'ok';
      }
    }

    it(`a handler's joinRoom() past maxRooms (default ${DEFAULT_MAX_ROOMS}) throws too_many_rooms; rejoining a room is fine`, async () => {
      assert.equal(DEFAULT_MAX_ROOMS, 1000);
      const url = await serve(createApp({ controllers: [Joiner] }));
      const c = await connect(url);
      clients.push(c);
      const answers = await Promise.all(Array.from({ length: 1200 }, (_, i) => ask(c, 'join', `room-${i}`)));
      // Its own sid room counts: 999 joins succeed.
      assert.equal(answers.filter((a) => a === 'ok').length, 999);
      assert.deepEqual(answers[999], {
        error: { code: 'too_many_rooms', message: 'This connection is already in 1000 rooms; leave one first.' },
      });
      assert.equal(await ask(c, 'join', 'room-5'), 'ok');
    });

    it('takes a custom maxRooms and rejects nonsense', async () => {
      const url = await serve(createApp({ controllers: [Joiner], maxRooms: 3 }));
      const c = await connect(url);
      clients.push(c);
      assert.equal(await ask(c, 'join', 'a'), 'ok');
      assert.equal(await ask(c, 'join', 'b'), 'ok');
      assert.equal((await ask(c, 'join', 'c')).error.code, 'too_many_rooms');
      assert.throws(() => createApp({ maxRooms: 0 }), { code: 'invalid_option' });
      assert.throws(() => createApp({ maxSendBuffer: -1 }), { code: 'invalid_option' });
    });
  });
});
