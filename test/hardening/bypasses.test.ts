/**
 * Ways past the limits a hostile client tried: joining a recoverable client's sid room, and one
 * event carrying ten attachments of a megabyte each. Real clients over 127.0.0.1.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Adapter } from 'socket.io-adapter';
import { createApp, Namespace, On, joinRoom, request, type App } from 'socketeer';
import { ask, connect, next, sleep, start, type Client } from './support.js';

@Namespace('/')
class Rooms {
  @On('join') join(room: string) {
    joinRoom(room);
    return 'ok';
  }
  @On('whoami') whoami() {
    return request.sid;
  }
  @On('size') size(...parts: unknown[]) {
    return parts.reduce<number>((n, p) => n + (p instanceof Buffer ? p.length : 0), 0);
  }
}

const shaped = (room: string) => ({
  error: {
    code: 'forbidden',
    message: `Room '${room}' is shaped like a connection id; such names are reserved for personal rooms.`,
  },
});

describe('bypasses', () => {
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
  async function client(url: string, options = {}): Promise<Client> {
    const c = await connect(url, '/', options);
    clients.push(c);
    return c;
  }

  describe('sid rooms with recovery on', () => {
    it("a briefly disconnected client's sid room cannot be joined while it may recover, nor once it is back", async () => {
      const app = createApp({ controllers: [Rooms], recovery: true });
      const url = await serve(app);
      const victim = await client(url, { reconnection: true, reconnectionDelay: 300, reconnectionDelayMax: 300 });
      const sid = victim.id!;
      await next(victim, 'socketeer:recovery').catch(() => undefined); // primed for recovery
      const attacker = await client(url);
      victim.io.engine.close(); // dropped, not gone: socket.io keeps its id for recovery
      await sleep(50);
      assert.equal(app.io.of('/').sockets.has(sid), false, 'the victim is not connected right now');
      assert.deepEqual(await ask(attacker, 'join', sid), shaped(sid));
      const back = next(victim, 'connect', 10_000);
      await back;
      assert.equal(victim.recovered, true);
      assert.equal(victim.id, sid);
      assert.deepEqual(await ask(attacker, 'join', sid), {
        error: { code: 'forbidden', message: `Room '${sid}' is another client's personal room.` },
      });
      assert.equal(await ask(attacker, 'join', attacker.id), 'ok', "the caller's own sid room is fine");
    });

    it('with recovery, any name shaped like a connection id is refused; without it, such a name is an ordinary room', async () => {
      const name = 'general-discussion-1'; // 20 characters of [A-Za-z0-9_-]
      const withRecovery = await client(await serve(createApp({ controllers: [Rooms], recovery: true })));
      assert.deepEqual(await ask(withRecovery, 'join', name), shaped(name));
      assert.equal(await ask(withRecovery, 'join', 'general-discussion'), 'ok');
      const plain = await client(await serve(createApp({ controllers: [Rooms] })));
      assert.equal(await ask(plain, 'join', name), 'ok');
    });

    it('with a multi-node adapter (set after createApp, as the cluster helper does), the shape rule applies too', async () => {
      const app = createApp({ controllers: [Rooms] });
      assert.equal(app.io.adapter(), Adapter);
      app.io.adapter(class OtherNodes extends Adapter {}); // any adapter but the in-memory one spans processes
      const c = await client(await serve(app));
      const elsewhere = 'AbCdEfGhIjKlMnOpQrSt';
      assert.deepEqual(await ask(c, 'join', elsewhere), shaped(elsewhere));
    });
  });

  describe('one event, many attachments', () => {
    it('the 1 MB limit holds per event, binary attachments included: ten of 300 kB close the connection', async () => {
      const url = await serve(createApp({ controllers: [Rooms] }));
      const small = await client(url);
      const part = Buffer.alloc(300_000, 1);
      assert.equal(await ask(small, 'size', part, part, part), 900_000, 'under the limit, attachments arrive');
      const big = await client(url);
      const closed = next(big, 'disconnect', 10_000);
      big.emit('size', ...Array.from({ length: 10 }, () => part), () =>
        assert.fail('no answer for an oversized event'),
      );
      assert.equal((await closed)[0], 'transport close');
      assert.equal(await ask(small, 'size', part), 300_000, 'the server and other clients carry on');
    });

    it('the limit follows maxHttpBufferSize', async () => {
      const url = await serve(createApp({ controllers: [Rooms], maxHttpBufferSize: 100_000 }));
      const c = await client(url);
      const part = Buffer.alloc(40_000, 1);
      assert.equal(await ask(c, 'size', part, part), 80_000);
      const closed = next(c, 'disconnect', 10_000);
      c.emit('size', part, part, part);
      assert.equal((await closed)[0], 'transport close');
    });
  });
});
