/**
 * Nothing a client sends and nothing a handler does brings the process down. The server runs
 * in a child process with Node's defaults (an uncaught exception or an unhandled rejection
 * ends it); each case checks that the right party heard about the failure (the client's ack,
 * `socketeer:error`, or the log) and that the process still answers afterwards.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { io as ioClient } from 'socket.io-client';
import { ask, connect, next, type Client } from './support.js';
import { rawJoin } from './raw-client.js';

const INTERNAL = { error: { code: 'internal_error', message: 'Internal server error.' } };

let child: ChildProcess;
let url: string;
let otherUrl: string;
let stderr = '';
const clients: Client[] = [];

/** The JSON log lines the server wrote so far. */
function logLines(): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Waits for a log line matching `match` (the server logs after answering, on the same tick or the next). */
async function logged(
  match: (line: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const line = logLines().find(match);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line for ${what}; stderr:\n${stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function join(namespace = '/', base = url): Promise<Client> {
  const socket = await connect(base, namespace);
  clients.push(socket);
  return socket;
}

/** The process is alive and still serving events. */
async function stillServing(): Promise<void> {
  assert.equal(child.exitCode, null, `the server exited; stderr:\n${stderr}`);
  const socket = await join();
  assert.equal(await ask(socket, 'ping'), 'pong');
}

before(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/hardening/never-crash-server.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const [first] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port, otherPort } = JSON.parse(first.toString().split('\n')[0]!) as { port: number; otherPort: number };
  url = `http://127.0.0.1:${port}`;
  otherUrl = `http://127.0.0.1:${otherPort}`;
});

after(() => {
  for (const c of clients) c.close();
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('a result socket.io cannot encode is answered with internal_error and logged', () => {
  test('a 40 KB payload nested 20,000 levels deep, validated by z.looseObject, echoed after an await', async () => {
    const raw = await rawJoin(url);
    try {
      const deep = `{"a":${'['.repeat(19_997)}${']'.repeat(19_997)}}`;
      assert.ok(deep.length > 39_000 && deep.length < 41_000);
      const answer = raw.waitFor((f) => f.startsWith('437'));
      raw.send(`427["echo",${deep}]`);
      assert.equal(await answer, `437${JSON.stringify([INTERNAL])}`);
    } finally {
      raw.close();
    }
    const line = await logged((l) => l.handler === "app.on('echo')", 'the echo handler');
    assert.equal(line.code, 'unsendable_value');
    assert.match(String(line.msg), /cannot send/);
    await stillServing();
  });

  for (const event of ['bigint', 'bigint-sync', 'circular', 'tuple-bigint', 'late-bigint']) {
    test(`'${event}'`, async () => {
      const socket = await join();
      assert.deepEqual(await ask(socket, event), INTERNAL);
      const line = await logged((l) => l.handler === `app.on('${event}')`, event);
      assert.equal(line.code, 'unsendable_value');
      await stillServing();
    });
  }

  test('a result that arrives after its deadline: the client got timeout, the late value is dropped', async () => {
    const socket = await join();
    const answer = await ask(socket, 'abandoned-bigint');
    assert.equal(answer.error.code, 'timeout');
    await new Promise((r) => setTimeout(r, 300)); // the handler resolves with its BigInt meanwhile
    await stillServing();
  });

  test('an async error handler whose result cannot be sent', async () => {
    const socket = await join('/eh-bigint');
    assert.deepEqual(await ask(socket, 'fail'), INTERNAL);
    await logged(
      (l) => l.handler === "app.onError('/eh-bigint')" && l.code === 'unsendable_value',
      'the error handler',
    );
    await stillServing();
  });
});

describe('thrown values that cannot be printed, and error handlers that fail', () => {
  for (const event of ['throw-null-proto', 'reject-null-proto']) {
    test(`'${event}' is logged and answered`, async () => {
      const socket = await join();
      assert.deepEqual(await ask(socket, event), INTERNAL);
      await logged((l) => l.msg === 'handler failed' && l.event === event, event);
      await stillServing();
    });
  }

  for (const namespace of ['/eh-throws', '/eh-rejects']) {
    test(`an error handler that throws an object without a prototype (${namespace})`, async () => {
      const socket = await join(namespace);
      assert.deepEqual(await ask(socket, 'fail'), INTERNAL);
      const line = await logged(
        (l) => String(l.msg).startsWith(`error handler app.onError('${namespace}') failed`),
        namespace,
      );
      assert.match(String(line.cause), /handler failed/);
      await stillServing();
    });
  }

  test('a middleware that does not await next() while the handler throws', async () => {
    const socket = await join('/mw');
    socket.emit('fails');
    await new Promise((r) => setTimeout(r, 100));
    await stillServing();
  });
});

describe('guards', () => {
  for (const namespace of ['/guard-throws', '/guard-rejects']) {
    test(`a guard that throws an object without a prototype (${namespace}) refuses with internal_error`, async () => {
      await assert.rejects(join(namespace), (err: Error & { data?: unknown }) => {
        assert.deepEqual(err.data, INTERNAL.error);
        return true;
      });
      await logged((l) => l.msg === 'handler failed' && l.namespace === namespace && l.err === '{}', namespace);
      await stillServing();
    });
  }
});

describe('emits that cannot be sent raise a coded error at the call', () => {
  test("emit('connect') from a handler goes through the error pipeline", async () => {
    const socket = await join();
    assert.deepEqual(await ask(socket, 'emit-reserved'), INTERNAL);
    const line = await logged((l) => l.msg === 'handler failed' && l.event === 'emit-reserved', 'emit-reserved');
    assert.match(String(line.err), /reserved_event|is reserved by socket\.io/);
    await stillServing();
  });

  test('app.emit of a reserved name throws reserved_event to its caller', async () => {
    const socket = await join();
    assert.equal(await ask(socket, 'app-emit-reserved'), 'reserved_event');
  });

  test('emit() of a BigInt throws unsendable_value inside the handler', async () => {
    const socket = await join();
    assert.deepEqual(await ask(socket, 'emit-unsendable'), INTERNAL);
    const line = await logged((l) => l.msg === 'handler failed' && l.event === 'emit-unsendable', 'emit-unsendable');
    assert.match(String(line.err), /cannot encode/);
  });

  test("a connect handler's emit('connect') refuses the connection with internal_error", async () => {
    await assert.rejects(join('/connect-reserved'), (err: Error & { data?: unknown }) => {
      assert.deepEqual(err.data, { code: 'internal_error', message: 'Internal server error.' });
      return true;
    });
    await stillServing();
  });

  for (const namespace of ['/connect-unsendable', '/guard-unsendable']) {
    test(`an unsendable emit held from connecting (${namespace}): the client is told, the log says why`, async () => {
      const socket = connectLater(namespace);
      const [told] = await next(socket, 'socketeer:error');
      assert.deepEqual(told, { event: 'connect', error: INTERNAL.error });
      assert.equal(await ask(socket, 'ping'), 'pong');
      await logged(
        (l) => l.msg === 'an emit made while connecting could not be delivered' && l.namespace === namespace,
        namespace,
      );
      await stillServing();
    });
  }
});

/** A socket whose listeners are in place before it connects (the held emit comes right after). */
function connectLater(namespace: string): Client {
  const socket = spawnClient(namespace);
  clients.push(socket);
  return socket;
}

function spawnClient(namespace: string): Client {
  return ioClient(url + namespace, { forceNew: true, reconnection: false, transports: ['websocket'] });
}

describe("Socketeer's timers and callbacks into user code", () => {
  test('a call() nobody awaits times out without an unhandled rejection', async () => {
    const socket = await join();
    assert.equal(await ask(socket, 'call-unawaited'), 'asked');
    await new Promise((r) => setTimeout(r, 150)); // past the call's 50 ms timeout
    await stillServing();
  });

  for (const event of ['callback-throws', 'callback-rejects']) {
    test(`an emit callback that fails when the client acks (${event}) is logged; the client stays connected`, async () => {
      const socket = await join();
      socket.on('please ack', (_n: number, ack: (v: string) => void) => ack('here'));
      assert.equal(await ask(socket, event), 'emitted');
      await logged(
        (l) =>
          l.msg === "emit('please ack'): the callback failed" &&
          (event === 'callback-throws' ? true : /async callback failed/.test(String(l.err))),
        event,
      );
      assert.equal(socket.connected, true);
      assert.equal(await ask(socket, 'ping'), 'pong');
    });
  }

  test('disconnect handlers that throw or reject are logged', async () => {
    const socket = await join('/dc');
    socket.disconnect();
    await logged(
      (l) =>
        l.msg === 'handler failed' && l.namespace === '/dc' && /async disconnect handler failed/.test(String(l.err)),
      'async disconnect',
    );
    await logged((l) => l.msg === 'handler failed' && l.namespace === '/dc' && l.err === '{}', 'sync disconnect');
    await stillServing();
  });
});

describe('an app whose logger and cors function throw, with a rate limit and an adapter that fails', () => {
  test('a refused origin, a failing handler, a rate-limited event, failed room joins and a disconnect: still serving', async () => {
    await assert.rejects(connect(otherUrl, '/', { extraHeaders: { origin: 'https://elsewhere.example' } }));
    const socket = await join('/', otherUrl);
    assert.deepEqual(await ask(socket, 'boom'), INTERNAL);
    assert.equal(await ask(socket, 'join-flaky'), 'asked');
    assert.equal((await ask(socket, 'ping')).error.code, 'rate_limited'); // the third event in a minute
    await new Promise((r) => setTimeout(r, 50)); // the failed joins are reported meanwhile
    assert.equal(child.exitCode, null, stderr);
    socket.disconnect();
    const again = await join('/', otherUrl);
    assert.equal(await ask(again, 'ping'), 'pong');
    assert.match(stderr, /the app logger threw while logging level=error msg="joinRoom: the adapter failed/);
    assert.match(stderr, /the app logger threw while logging level=error msg="app\.joinRoom: the adapter failed/);
    assert.match(stderr, /the app logger threw while logging level=debug msg="event refused/);
    // The logger's own throws are reported on stderr instead of escaping.
    assert.match(stderr, /the app logger threw while logging level=error msg="handler failed/);
  });
});

describe('shutdown', () => {
  test('SIGTERM closes both apps and the process exits 0, with no crash report on stderr', async () => {
    for (const c of clients) c.close();
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /UnhandledPromiseRejection|Uncaught|triggerUncaughtException/);
  });
});
