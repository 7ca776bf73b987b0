/**
 * Property-based fuzzing of a running app with fast-check: random and malformed payloads to
 * every event through socket.io-client, and raw malformed packets over a plain websocket.
 * Asserts what a client can observe: no stack trace or internal message in anything received,
 * errors only in the documented `{ code, message }` shape, and a healthy client still answered.
 * The process must not crash and nothing may reject unhandled (checked by the caller).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLIENT_ERRORS, type App } from 'socketeer';
import { rawConnect } from './raw-client.js';
import { connect, type Client } from './support.js';

export interface FuzzTarget {
  /** The namespaces to hit, with the auth that gets a client in and the events they handle. */
  namespaces: { namespace: string; auth?: Record<string, unknown>; events: string[] }[];
  /** An event and its args that a healthy client sends afterwards, and what the ack must be. */
  healthy: {
    namespace: string;
    auth?: Record<string, unknown>;
    event: string;
    args: unknown[];
    expect: (ack: unknown) => boolean;
  };
  /** Headers every client sends (e.g. a login cookie). */
  headers?: Record<string, string>;
  /** The CONNECT frame that gets a raw client into '/' (default '40'; e.g. '40{"token":"x"}'). */
  rawHello?: string;
  /** Codes the app itself sends besides CLIENT_ERRORS. */
  codes?: string[];
  /** Runs per property. */
  runs?: number;
  /** Each property stops (passing) after this many ms, so the suite stays bounded. Default 10000. */
  timeLimit?: number;
}

/** What must never reach a client: stack frames, file paths, engine internals, raw JS error text. */
const LEAKS = [
  /\bat [^\s"]+ \(?[^\s"]*:\d+:\d+/, // a stack frame
  /node:internal|node_modules|\/work\/|file:\/\//,
  /\b(TypeError|ReferenceError|SyntaxError|RangeError)\b/,
  /Cannot read propert|is not a function|is not defined|Unexpected token/,
  /INTERNAL-SECRET/,
];

export function assertNoLeak(what: unknown, where: string): void {
  const text =
    typeof what === 'string'
      ? what
      : JSON.stringify(what, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  for (const leak of LEAKS) assert.doesNotMatch(text ?? '', leak, `${where} leaked: ${text?.slice(0, 300)}`);
}

function assertErrorShape(value: unknown, codes: Set<string>, where: string): void {
  if (typeof value !== 'object' || value === null || !('error' in value)) return;
  const error = (value as { error: unknown }).error;
  assert.ok(typeof error === 'object' && error !== null, `${where}: error is an object`);
  const { code, message, ...rest } = error as Record<string, unknown>;
  assert.ok(typeof code === 'string' && codes.has(code), `${where}: undocumented code ${String(code)}`);
  assert.equal(typeof message, 'string', `${where}: message is a string`);
  for (const key of Object.keys(rest)) assert.ok(key === 'issues', `${where}: unexpected error field ${key}`);
}

/** Payload values: JSON of every shape, plus the nasty ones. */
const nasty = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  fc.constantFrom<unknown>(
    null,
    '',
    0,
    -0,
    1e308,
    true,
    [],
    {},
    JSON.parse('{"__proto__":{"polluted":true}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    { room: '__proto__' },
    { room: '' },
    { username: 'x'.repeat(10_000), room: 'r' },
    { username: 'u', room: 'r' },
    'text',
    42,
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 1, max: 12 }).map((d) => JSON.parse('['.repeat(d * 20) + ']'.repeat(d * 20))),
);

/** Raw engine.io / socket.io frames, well-formed and not. */
function rawFrames(namespaces: string[], events: string[]) {
  const nsp = fc.constantFrom('/', ...namespaces, '/nope', '', '/\u0000', '//', `/${'n'.repeat(300)}`);
  const prefix = (n: string) => (n === '/' ? '' : `${n},`);
  const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
  const event = fc.constantFrom(...events, 'nope', '__proto__', 'connect', 'disconnect', 'connect_error');
  const text = fc.oneof(
    fc.constantFrom(
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '40',
      '41',
      '42',
      '43',
      '44',
      '45',
      '46',
      '4x',
      '9',
      '',
      '42[',
      '42["',
      '42[]',
      '42{}',
      '42null',
      '451-',
      '45-1-[]',
      '4599999999999-["a"]',
      '451-["ev",{"_placeholder":true,"num":99}]',
      '43["x"]',
      '431["x"]',
    ),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.tuple(fc.constantFrom('40', '41', '44'), nsp, json).map(([t, n, j]) => `${t}${prefix(n)}${j}`),
    fc
      .tuple(nsp, event, fc.array(json, { maxLength: 3 }), fc.option(fc.nat(), { nil: undefined }))
      .map(([n, e, args, id]) => `42${prefix(n)}${id ?? ''}[${[JSON.stringify(e), ...args].join(',')}]`),
    fc.tuple(nsp, json).map(([n, j]) => `42${prefix(n)}${j}`),
    fc
      .tuple(nsp, event, fc.nat({ max: 3 }))
      .map(([n, e, k]) => `45${k}-${prefix(n)}["${e}",{"_placeholder":true,"num":${k}}]`),
    fc.integer({ min: 100_000, max: 900_000 }).map((size) => `42["${events[0] ?? 'x'}","${'a'.repeat(size)}"]`),
  );
  const binary = fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a));
  return fc.array(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: binary }), {
    minLength: 1,
    maxLength: 5,
  });
}

/** Fuzzes `app` (already listening at `url`). */
export async function fuzz(url: string, _app: App, target: FuzzTarget): Promise<void> {
  const codes = new Set([...Object.keys(CLIENT_ERRORS), ...(target.codes ?? [])]);
  const runs = target.runs ?? 150;
  const allEvents = target.namespaces.flatMap((n) => n.events);
  const options = (auth: Record<string, unknown> | undefined) => ({
    ...(auth && { auth }),
    ...(target.headers && { extraHeaders: target.headers }),
  });
  const healthy = await connect(url, target.healthy.namespace, options(target.healthy.auth));
  const stillHealthy = async () => {
    const ack = await healthy.timeout(3000).emitWithAck(target.healthy.event, ...target.healthy.args);
    assert.ok(target.healthy.expect(ack), `the healthy client got ${JSON.stringify(ack)}`);
  };
  const clients = new Map<string, Client>();
  const received: unknown[] = [];
  try {
    for (const n of target.namespaces) {
      const c = await connect(url, n.namespace, options(n.auth));
      c.onAny((...args) => received.push(args));
      clients.set(n.namespace, c);
    }

    // 0. Every listed event reaches the app (else the fuzzing below would prove nothing).
    for (const n of target.namespaces) {
      for (const event of n.events) {
        const ack = await clients.get(n.namespace)!.timeout(3000).emitWithAck(event, {});
        const code = (ack as { error?: { code?: string } } | undefined)?.error?.code;
        assert.ok(
          code !== 'unknown_event' && code !== 'unauthorized',
          `${n.namespace} '${event}' is not reachable: ${JSON.stringify(ack)}`,
        );
      }
    }

    // 1. Random payloads to every event (and some that do not exist), with and without acks.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ...target.namespaces.flatMap((n) =>
            [...n.events, 'nope', '__proto__', 'toString'].map((event) => ({ n, event })),
          ),
        ),
        fc.array(nasty, { maxLength: 4 }),
        fc.boolean(),
        async ({ n, event }, args, withAck) => {
          let socket = clients.get(n.namespace)!;
          if (!socket.connected) {
            socket = await connect(url, n.namespace, options(n.auth));
            socket.onAny((...a) => received.push(a));
            clients.set(n.namespace, socket);
          }
          if (!withAck) {
            socket.emit(event, ...args);
            return;
          }
          const NO_ACK = Symbol('no ack');
          const ack = await socket
            .timeout(3000)
            .emitWithAck(event, ...args)
            .catch(() => NO_ACK);
          if (ack === NO_ACK) {
            if (socket.connected) assert.fail(`no ack for '${event}'`);
            return; // dropped for an oversized payload: allowed
          }
          assertNoLeak(ack, `ack of ${n.namespace} '${event}'`);
          assertErrorShape(ack, codes, `ack of ${n.namespace} '${event}'`);
        },
      ),
      { numRuns: runs, interruptAfterTimeLimit: target.timeLimit ?? 10_000 },
    );
    for (const r of received) {
      assertNoLeak(r, 'an event');
      const [name, payload] = r as [string, { error?: unknown }];
      if (name === 'socketeer:error') assertErrorShape(payload, codes, 'socketeer:error');
    }
    await stillHealthy();

    // 2. Raw frames: garbage, half packets, wrong namespaces, huge and binary frames.
    await fc.assert(
      fc.asyncProperty(
        rawFrames(
          target.namespaces.map((n) => n.namespace),
          allEvents,
        ),
        async (frames) => {
          const raw = await rawConnect(url, target.headers);
          try {
            for (const f of frames) raw.send(f);
            // A marker the server answers on '/', unless it already dropped us for bad framing.
            raw.send(target.rawHello ?? '40');
            raw.send('42987654["__fuzz_marker__"]');
            await raw
              .waitFor((f) => f.startsWith('43987654'), 3000)
              .catch((err: Error) => {
                if (!/closed/.test(err.message)) throw err;
              });
            for (const f of raw.frames) assertNoLeak(f, `a raw frame after ${JSON.stringify(frames).slice(0, 200)}`);
          } finally {
            raw.close();
          }
        },
      ),
      { numRuns: runs, interruptAfterTimeLimit: target.timeLimit ?? 10_000 },
    );
    await stillHealthy();
  } finally {
    for (const c of clients.values()) c.close();
    healthy.close();
  }
}
