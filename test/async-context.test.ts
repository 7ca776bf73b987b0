import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp, Namespace, On, request, tryGetContext } from 'socketeer';
import { createTestClient } from 'socketeer/testing';

/** Elsewhere in the app: schedules work the handler's own source does not show. */
function sidLater(report: (sid: string | undefined) => void): void {
  setTimeout(() => report(tryGetContext()?.sid), 5);
}

function controller(seen: (string | undefined)[]) {
  @Namespace('/')
  class Scheduling {
    @On('own') own() {
      setTimeout(() => seen.push(request.sid), 5); // visible in the handler: the context is kept
      return request.sid;
    }
    @On('elsewhere') elsewhere() {
      sidLater((sid) => seen.push(sid));
      return request.sid;
    }
    // async without an await: its body ends before it returns, like a plain method's
    @On('asyncElsewhere') async asyncElsewhere() {
      sidLater((sid) => seen.push(sid));
      return request.sid;
    }
    @On('awaits') async awaits() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      sidLater((sid) => seen.push(sid));
      return request.sid;
    }
  }
  return Scheduling;
}

async function run(asyncContext: 'auto' | 'always' | undefined) {
  const seen: (string | undefined)[] = [];
  const app = createApp({ controllers: [controller(seen)], ...(asyncContext && { asyncContext }) });
  const client = await createTestClient(app);
  const own = await client.emit('own');
  const elsewhere = await client.emit('elsewhere');
  const asyncElsewhere = await client.emit('asyncElsewhere');
  const awaits = await client.emit('awaits');
  await new Promise((resolve) => setTimeout(resolve, 50));
  await app.close();
  return { own, elsewhere, asyncElsewhere, awaits, seen };
}

test("by default a handler that awaits or schedules work in its own code keeps its context there; one that doesn't runs without AsyncLocalStorage", async () => {
  const { own, elsewhere, asyncElsewhere, awaits, seen } = await run(undefined);
  for (const sid of [own, elsewhere, asyncElsewhere, awaits]) assert.equal(typeof sid, 'string');
  assert.deepEqual(seen, [own, undefined, undefined, awaits]);
});

test("asyncContext: 'always' keeps the context in every callback a handler schedules", async () => {
  const { own, elsewhere, asyncElsewhere, awaits, seen } = await run('always');
  assert.deepEqual(seen, [own, elsewhere, asyncElsewhere, awaits]);
});

test('asyncContext takes only auto or always', () => {
  assert.throws(() => createApp({ asyncContext: 'never' as 'auto' }), /asyncContext is 'auto' or 'always'/);
});
