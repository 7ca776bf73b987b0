/**
 * Real Python clients (python-socketio's `Client`, Debian's python3-socketio 5.7) drive the
 * getting-started example over websocket and over long-polling, as Flask-SocketIO users' own
 * clients would. The scripts in python/ print JSON; these tests assert on it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { connect as netConnect, createServer, type AddressInfo, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createGettingStartedApp } from '../server.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/clients.py', import.meta.url));

/** The Debian packages the scripts need; CI installs them (.ci/run), so there they must be present. */
const probe = spawnSync(PYTHON, ['-c', 'import socketio, websocket, requests'], { encoding: 'utf8' });
const missing =
  probe.status === 0
    ? undefined
    : `${PYTHON} cannot import socketio, websocket and requests (apt-get install python3-socketio python3-websocket python3-requests): ${probe.stderr ?? probe.error}`;
if (missing && process.env.CI) throw new Error(missing);

type Result = Record<string, any> & { ok: boolean };

/**
 * python-socketio runs each incoming event's handler in its own thread, so what a script
 * recorded is in arrival order only roughly: compare such lists as multisets.
 */
const unordered = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();

/**
 * Runs one scenario; `onLine` sees every intermediate JSON line. Resolves with the last line,
 * the scenario's result.
 */
function runPython(url: string, transport: string, scenario: string, onLine?: (line: Result) => void): Promise<Result> {
  const child = spawn(PYTHON, [SCRIPT, url, transport, scenario, TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: Result[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Result;
    lines.push(line);
    onLine?.(line);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = lines.at(-1);
      if (code !== 0 || !result) return reject(new Error(`python exited with ${code}; stderr:\n${stderr}`));
      if (!result.ok) return reject(new Error(`${scenario} over ${transport}: ${result.error}\nstderr:\n${stderr}`));
      resolve(result);
    });
  });
}

const TOKEN = 'py-token';

/**
 * A TCP relay to the app on 127.0.0.1, standing for the network: `cut()` destroys every
 * connection through it and refuses new ones until `restore()`.
 */
async function startRelay(port: string): Promise<{ url: string; cut(): void; restore(): void; close(): void }> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((downstream) => {
    if (down) return void downstream.destroy();
    const upstream = netConnect(Number(port), '127.0.0.1');
    for (const s of [downstream, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {}); // a cut connection reports ECONNRESET: expected here
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as AddressInfo;
  const cut = () => {
    down = true;
    for (const s of open) s.destroy();
  };
  return {
    url: `http://127.0.0.1:${relayPort}`,
    cut,
    restore: () => void (down = false),
    close: () => {
      cut();
      server.close();
    },
  };
}

describe('python-socketio clients against the getting-started example', { skip: missing }, () => {
  const app = createGettingStartedApp({ token: TOKEN, tickMs: 60_000 });
  let url = '';
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(() => app.close({ deadline: 0 }));

  for (const transport of ['websocket', 'polling']) {
    describe(`over ${transport}`, () => {
      test('connect with auth: the connect handler greets the client', async () => {
        const r = await runPython(url, transport, 'auth');
        assert.equal(r.transport, transport);
        assert.equal(typeof r.sid, 'string');
        assert.deepEqual(r.greeting, [{ data: 'Connected' }]);
      });

      test('a wrong token is refused, and the client gets the refusal data', async () => {
        const r = await runPython(url, transport, 'refused');
        assert.equal(r.refused, true);
        assert.equal(r.connected, false);
        assert.deepEqual(r.error, { message: 'unauthorized!', data: { hint: 'connect with auth: { token }' } });
      });

      test('acks: several values arrive as a tuple, a tuple is sent as several arguments, bad payloads get validation_error', async () => {
        const r = await runPython(url, transport, 'acks');
        assert.deepEqual(r.two, ['one', 2]);
        assert.equal(r.three, 'abc');
        assert.equal(r.invalid.error.code, 'validation_error');
        assert.deepEqual(
          r.invalid.error.issues.map((i: { path: unknown[] }) => i.path),
          [['data']],
        );
        assert.deepEqual(
          unordered(r.responses),
          unordered([[{ data: 'Connected' }], [{ data: 'hi' }], ['a', 'b', 'c']]),
        );
      });

      test('namespaces: one connection, a sid per namespace, send() to another namespace, the default error handler', async () => {
        const r = await runPython(url, transport, 'namespaces');
        assert.equal(new Set(Object.values(r.sids)).size, 3);
        assert.deepEqual(r.test, [{ n: 1 }]);
        assert.deepEqual(r.chat, ['over to chat']);
        assert.deepEqual(r.failed, { error: { code: 'internal_error', message: "'fail' failed." } });
      });

      test('rooms: join and leave reach the room only', async () => {
        const r = await runPython(url, transport, 'rooms');
        assert.deepEqual(
          unordered(r.messages.ann),
          unordered(['ann has entered the room.', 'bob has entered the room.', 'bob has left the room.']),
        );
        assert.deepEqual(r.messages.bob, ['bob has entered the room.']);
        assert.deepEqual(r.messages.eve, []);
      });

      test('binary payloads travel both ways as bytes, top-level and nested', async () => {
        const r = await runPython(url, transport, 'binary');
        assert.equal(r.echoed_is_bytes, true);
        assert.deepEqual(r.echoed, [r.sent]);
        assert.equal(r.sent.bytes.length, 512);
        assert.deepEqual(r.nested, [
          { name: 'file.bin', content: { bytes: '00ff504b' }, parts: [{ bytes: '01' }, 'text'] },
        ]);
      });

      test('server-side disconnect: after the goodbye is acknowledged, the client is disconnected and stays so', async () => {
        const r = await runPython(url, transport, 'server-disconnect');
        assert.deepEqual(r.goodbye, [{ data: 'Disconnected!' }]);
        assert.equal(r.connected, false);
        assert.equal(r.connects, 1);
      });

      test('reconnection: a dropped network connection comes back by itself, authenticated again', async () => {
        // The client talks through a TCP relay; cutting it is a network failure (no close
        // packet), which python-socketio answers by reconnecting once the network is back.
        const relay = await startRelay(new URL(url).port);
        let cut = false;
        const r = await runPython(relay.url, transport, 'reconnect', (line) => {
          if (line.step === 'connected') {
            assert.ok(app.io.of('/').sockets.has(line.sid as string), 'the server knows the sid python reported');
            relay.cut();
            cut = true;
          } else if (line.step === 'disconnected') {
            relay.restore();
          }
        }).finally(() => relay.close());
        assert.ok(cut);
        assert.equal(r.sids.length, 2);
        assert.notEqual(r.sids[0], r.sids[1]);
        assert.equal(r.greetings, 2);
        assert.deepEqual(r.ack, ['one', 2]);
      });
    });
  }
});
