import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createApp,
  Guard,
  joinRoom,
  Namespace,
  On,
  OnDisconnect,
  RateLimit,
  request,
  rooms,
  type App,
} from 'socketeer';
import { connect, sleep, start } from './support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let disconnects = 0;

@Guard((ctx) => typeof ctx.auth.name === 'string')
@Namespace('/churn')
class ChurnController {
  @On('join')
  @RateLimit({ points: 10, duration: 1000 })
  async join(room: string) {
    joinRoom(room);
    joinRoom('lobby');
    request.session.joinedAt = Date.now();
    await sleep(0);
    return rooms().length;
  }
  @OnDisconnect() left() {
    disconnects++;
  }
}

describe('connection churn', () => {
  let app: App;
  after(() => app.close({ deadline: 0 }));

  it('thousands of connect/join/disconnect cycles leave no rooms and a steady heap', { timeout: 90_000 }, async () => {
    app = createApp({ controllers: [ChurnController] });
    const url = await start(app);
    const nsp = app.io.of('/churn');
    const PARALLEL = 25;

    async function cycles(count: number): Promise<void> {
      for (let done = 0; done < count; done += PARALLEL) {
        await Promise.all(
          Array.from({ length: PARALLEL }, async (_, i) => {
            const c = await connect(url, '/churn', { auth: { name: `u${done + i}` } });
            assert.equal(await c.timeout(3000).emitWithAck('join', `room-${(done + i) % 50}`), 3);
            c.close();
          }),
        );
      }
    }
    async function settle(expectedDisconnects: number) {
      const until = performance.now() + 5000;
      while ((disconnects < expectedDisconnects || app.io.engine.clientsCount > 0) && performance.now() < until)
        await sleep(10);
      assert.equal(disconnects, expectedDisconnects);
      assert.equal(nsp.sockets.size, 0);
      assert.equal(app.io.engine.clientsCount, 0);
      assert.deepEqual([...nsp.adapter.rooms.keys()], [], 'every room, sid rooms included, is gone');
      assert.equal(nsp.adapter.sids.size, 0);
    }
    function heap(): number {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    }

    await cycles(1000); // warm up: JIT, pools and buffers
    await settle(1000);
    const before = heap();
    await cycles(1000);
    await settle(2000);
    // A leaked socket, context or room per cycle would be kilobytes each: ten megabytes here.
    const growth = heap() - before;
    assert.ok(
      growth < 2 * 1024 * 1024,
      `the heap grew by ${(growth / 1024 / 1024).toFixed(2)} MB over 1000 more cycles`,
    );
  });
});
