// listen() closes the app gracefully on SIGTERM/SIGINT by default, so a process manager's
// restart lets clients resume elsewhere; handleSignals: false leaves signals to the app.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp, SHUTDOWN_EVENT } from 'socketeer';
import { connect, sleep, type Client } from './support.js';

function startServer(mode: 'default' | 'off') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./signal-server.ts', import.meta.url))],
    {
      env: { ...process.env, SIGNALS: mode },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, port, exited, stderr: () => stderr };
}

describe('signals handled by listen() by default', () => {
  const clients: Client[] = [];
  after(() => {
    for (const c of clients) c.close();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`a default app on ${signal}: finishes the running handler, tells the client, exits 0`, async () => {
      const server = startServer('default');
      try {
        const c = await connect(`http://127.0.0.1:${await server.port}`);
        clients.push(c);
        const events: string[] = [];
        c.on(SHUTDOWN_EVENT, () => events.push('shutdown'));
        c.on('disconnect', () => events.push('disconnect'));
        const answer = c
          .timeout(5000)
          .emitWithAck('slow', 300)
          .then((v: string) => {
            events.push('ack');
            return v;
          });
        await sleep(50);
        server.child.kill(signal);
        assert.equal(await answer, 'finished after 300 ms');
        assert.deepEqual(await server.exited, { code: 0, signal: null }, server.stderr());
        assert.deepEqual(events, ['shutdown', 'ack', 'disconnect']);
        assert.equal(server.stderr(), '');
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    });
  }

  it('handleSignals: false leaves the signal to Node (or the app): no graceful close', async () => {
    const server = startServer('off');
    try {
      const c = await connect(`http://127.0.0.1:${await server.port}`);
      clients.push(c);
      let notified = false;
      c.on(SHUTDOWN_EVENT, () => (notified = true));
      server.child.kill('SIGTERM');
      assert.deepEqual(await server.exited, { code: null, signal: 'SIGTERM' });
      assert.equal(notified, false);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });

  it('many apps in one process share one listener per signal, removed when the last closes', async () => {
    // Node 24's test runner has a SIGUSR2 listener of its own: compare with what was there.
    const baseline = {
      term: process.listenerCount('SIGTERM'),
      int: process.listenerCount('SIGINT'),
      usr2: process.listenerCount('SIGUSR2'),
    };
    const apps = Array.from({ length: 12 }, () => createApp());
    for (const app of apps) await app.listen(0, '127.0.0.1');
    const optedOut = createApp({ handleSignals: false });
    await optedOut.listen(0, '127.0.0.1');
    assert.equal(process.listenerCount('SIGTERM'), baseline.term + 1);
    assert.equal(process.listenerCount('SIGINT'), baseline.int + 1);
    // closeOnSignals() takes over from the default for its app.
    const explicit = apps[0]!.closeOnSignals({ signals: ['SIGUSR2'], exit: () => {} });
    for (const app of apps) await app.close({ deadline: 0 });
    await optedOut.close({ deadline: 0 });
    explicit();
    assert.equal(process.listenerCount('SIGTERM'), baseline.term);
    assert.equal(process.listenerCount('SIGINT'), baseline.int);
    assert.equal(process.listenerCount('SIGUSR2'), baseline.usr2);
    assert.throws(
      () => createApp({ handleSignals: 'yes' as never }),
      (e: any) => e.code === 'invalid_option',
    );
  });
});
