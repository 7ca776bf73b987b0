/**
 * `socketeer/testing`: test your controllers with real clients, like Flask-SocketIO's
 * `socketio.test_client(app)`.
 */
import type { App } from '../app.js';
import { openClients, TestClient, type TestClientOptions } from './test-client.js';

export { TestClient, NamespaceClient, ConnectionRefused } from './test-client.js';
export type { Received, TestClientOptions } from './test-client.js';

const startedApps = new Set<App>();
const starting = new WeakMap<App, Promise<unknown>>();

/** Closes every client and every app the test clients started. Runs by itself at the end of a node:test file. */
export async function closeAll(): Promise<void> {
  await Promise.all([...openClients].map((c) => c.close()));
  const apps = [...startedApps];
  startedApps.clear();
  await Promise.all(apps.map((a) => a.close({ deadline: 0 })));
}

// Under `node --test` a file's process waits for open handles; close ours after its tests.
if (process.env.NODE_TEST_CONTEXT) {
  const { after } = await import('node:test');
  after(closeAll);
}

async function urlOf(app: App): Promise<string> {
  if (!app.http.listening) {
    let start = starting.get(app);
    if (!start) {
      start = app.listen(0, '127.0.0.1');
      starting.set(app, start);
      startedApps.add(app);
    }
    await start;
  }
  const address = app.http.address();
  if (address === null || typeof address === 'string')
    throw new Error('createTestClient: the app listens on a pipe; test clients need a TCP port.');
  const host =
    address.family === 'IPv6'
      ? `[${address.address === '::' ? '::1' : address.address}]`
      : address.address === '0.0.0.0'
        ? '127.0.0.1'
        : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Connects a test client to `app` (starting it on 127.0.0.1 and a free port if it is not
 * listening), or to the server at a URL (one started as its own process, say). Rejects with
 * `ConnectionRefused` when a guard or the connect handler refuses.
 * @example
 * ```ts
 * const client = await createTestClient(app, { namespace: '/chat', auth: { token: 'secret' } });
 * assert.equal(await client.emit('join', { room: 'a' }), 'joined');
 * assert.deepEqual(client.getReceived(), [{ name: 'message', args: ['ann has entered the room.'], namespace: '/chat' }]);
 * ```
 */
export async function createTestClient(target: App | string, options: TestClientOptions = {}): Promise<TestClient> {
  const client = new TestClient(typeof target === 'string' ? target : await urlOf(target), options);
  try {
    await client.connect(client.namespace, options.auth !== undefined ? { auth: options.auth } : undefined);
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}
