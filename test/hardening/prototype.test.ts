import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createApp, emit, Guard, joinRoom, Namespace, On, request, rooms, type App } from 'socketeer';
import { rawConnect, rawJoin, type RawClient } from './raw-client.js';
import { recordingLogger, start } from './support.js';

const POISON = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"name":"mallory"}';

/** What a handler can tell about the object it got. */
function inspect(value: any) {
  if (typeof value !== 'object' || value === null) return { primitive: String(value) };
  return {
    polluted: value?.polluted ?? null,
    plainPrototype: Object.getPrototypeOf(value) === Object.prototype,
    ownKeys: Object.keys(value ?? {}).sort(),
  };
}

@Guard((ctx) => ctx.auth.polluted !== true) // would let a poisoned auth through only if pollution worked
@Namespace('/')
class Target {
  @On('strict', z.object({ name: z.string() })) strict(data: unknown) {
    return inspect(data);
  }
  @On('loose', z.looseObject({ name: z.string() })) loose(data: unknown) {
    return inspect(data);
  }
  @On('record', z.record(z.string(), z.unknown())) record(data: unknown) {
    return inspect(data);
  }
  @On('raw') raw(data: unknown) {
    return inspect(data);
  }
  @On('relay') relay(data: { options: unknown }) {
    emit('relayed', data, data.options as never);
    return 'relayed';
  }
  @On('join') join(room: string) {
    joinRoom(room);
    emit('in-room', room, { to: room });
    return rooms().filter((r) => r !== request.sid);
  }
  @On('session') session() {
    return inspect(request.session);
  }
}

describe('payloads never reach a prototype', () => {
  let app: App;
  let url: string;
  let client: RawClient;
  const log = recordingLogger();
  let seenInMiddleware: unknown[] = [];

  before(async () => {
    app = createApp({ controllers: [Target], logger: log.logger });
    app.use((ctx, next) => {
      seenInMiddleware.push(inspect(ctx.args[0]));
      return next();
    });
    url = await start(app);
    client = await rawJoin(url);
  });
  after(async () => {
    client.close();
    await app.close({ deadline: 0 });
    assert.equal(({} as any).polluted, undefined);
  });

  let id = 0;
  /** Sends `42<id>[event, ...json]` and resolves with the parsed ack arguments. */
  async function raw(event: string, json: string): Promise<any> {
    const n = ++id;
    const answer = client.waitFor((f) => f.startsWith(`43${n}[`));
    client.send(`42${n}["${event}",${json}]`);
    return JSON.parse((await answer).slice(2 + String(n).length))[0];
  }

  function assertClean() {
    assert.equal((Object.prototype as any).polluted, undefined, 'Object.prototype is untouched');
    assert.equal((Target.prototype as any).polluted, undefined, "the controller's prototype is untouched");
    assert.equal((app as any).polluted, undefined);
  }

  it('validation: zod drops __proto__ and keeps a plain prototype', async () => {
    assert.deepEqual(await raw('strict', POISON), { polluted: null, plainPrototype: true, ownKeys: ['name'] });
    const loose = await raw('loose', POISON);
    assert.equal(loose.polluted, null);
    assert.equal(loose.plainPrototype, true);
    assert.ok(!loose.ownKeys.includes('__proto__'));
    const record = await raw('record', POISON);
    assert.equal(record.polluted, null);
    assert.equal(record.plainPrototype, true);
    assertClean();
  });

  it('middleware and unvalidated handlers see __proto__ only as an inert own key', async () => {
    seenInMiddleware = [];
    const seen = await raw('raw', POISON);
    assert.deepEqual(seen, { polluted: null, plainPrototype: true, ownKeys: ['__proto__', 'constructor', 'name'] });
    assert.deepEqual(seenInMiddleware, [seen]);
    assertClean();
  });

  it('helpers refuse poisoned options, and room names like __proto__ are just names', async () => {
    const refused = await raw('relay', `{"options":${POISON}}`);
    assert.deepEqual(refused, { error: { code: 'internal_error', message: 'Internal server error.' } });
    assert.ok(
      log.lines.some(
        (l) => l.level === 'error' && /unknown option '__proto__'/.test(String((l.obj as { err?: string }).err)),
      ),
    );
    for (const room of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
      const got = client.waitFor((f) => f === `42["in-room","${room}"]`);
      assert.ok((await raw('join', `"${room}"`)).includes(room));
      await got;
    }
    assertClean();
  });

  it('events named after Object.prototype members are unknown events, not methods', async () => {
    for (const event of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.equal((await raw(event, '1')).error.code, 'unknown_event');
    }
  });

  it('a poisoned auth payload is an inert own key for guards and the session', async () => {
    const poisoned = await rawConnect(url);
    try {
      const accepted = poisoned.waitFor((f) => f.startsWith('40{') || f.startsWith('44'));
      poisoned.send(`40${POISON}`);
      assert.match(await accepted, /^40\{"sid":/, 'the guard saw no inherited "polluted"');
      const answer = poisoned.waitFor((f) => f.startsWith('437['));
      poisoned.send('427["session"]');
      assert.deepEqual(JSON.parse((await answer).slice(3))[0], { polluted: null, plainPrototype: true, ownKeys: [] });
    } finally {
      poisoned.close();
    }
    assertClean();
  });
});
