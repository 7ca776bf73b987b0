import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp, request, SHUTDOWN_EVENT } from 'socketeer';
import { ask, connect, gate, next, sleep, start, type Client } from './support.js';

describe('graceful shutdown', () => {
  const clients: Client[] = [];
  after(() => {
    for (const c of clients) c.close();
  });

  it('lets running handlers finish, refuses new work, tells clients why, then disconnects them', async () => {
    const app = createApp();
    const release = gate();
    let started = 0;
    app.on('work', async () => {
      started++;
      await release.promise;
      return 'finished';
    });
    app.on('quick', () => 'quick');
    app.on('other', () => 'other', { namespace: '/other' });
    const url = await start(app);
    const a = await connect(url);
    const b = await connect(url, '/', { transports: ['polling'] });
    clients.push(a, b);
    const running = ask(a, 'work');
    while (started === 0) await sleep(2);

    const told = [next(a, SHUTDOWN_EVENT), next(b, SHUTDOWN_EVENT)];
    const gone = [next(a, 'disconnect'), next(b, 'disconnect')];
    const closing = app.close({ deadline: 3000 });
    assert.equal(app.close(), closing, 'a second close() is the same shutdown');
    for (const [payload] of await Promise.all(told)) {
      assert.deepEqual(payload, { reason: 'shutdown', message: 'The server is shutting down.', deadline: 3000 });
    }
    // While draining: connected clients' new events and new connections are refused.
    assert.deepEqual(await ask(b, 'quick'), {
      error: { code: 'shutting_down', message: 'The server is shutting down.' },
    });
    const late = await connect(url).then(
      () => 'connected',
      (e: Error) => e.message,
    );
    assert.notEqual(late, 'connected');
    // A connected client opening another namespace over its connection is refused with a code.
    const other = a.io.socket('/other');
    const refusal = await new Promise<{ message: string; data?: unknown }>((resolve) => {
      other.once('connect_error', resolve);
      other.connect();
    });
    assert.deepEqual(refusal.data, { code: 'shutting_down', message: 'The server is shutting down.' });
    release.open();
    assert.equal(await running, 'finished', 'the running handler finished and its ack arrived');
    await Promise.all(gone);
    await closing;
    const after = await connect(url).then(
      () => 'connected',
      () => 'refused',
    );
    assert.equal(after, 'refused');
  });

  it('past the deadline, aborts what still runs and closes anyway', async () => {
    const app = createApp();
    let signal: AbortSignal | undefined;
    app.on('forever', async () => {
      signal = request.signal;
      await new Promise(() => {});
    });
    const c = await connect(await start(app));
    clients.push(c);
    c.emit('forever');
    while (!signal) await sleep(2);
    const t = performance.now();
    await app.close({ deadline: 100 });
    const took = performance.now() - t;
    assert.ok(took >= 90 && took < 3000, `close took ${took.toFixed(0)} ms`);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as { code?: string }).code, 'shutting_down');
    assert.throws(
      () => createApp().close({ deadline: -1 }),
      (e: any) => e.code === 'invalid_option',
    );
    assert.throws(
      () => createApp().close({ wait: 1 } as never),
      (e: any) => e.code === 'invalid_option',
    );
  });

  it('closeOnSignals: the first signal closes and exits 0, a second exits 1 at once; the listeners can be removed', async () => {
    const app = createApp();
    const release = gate();
    app.on('work', () => release.promise.then(() => 'done'));
    const c = await connect(await start(app));
    clients.push(c);
    const codes: number[] = [];
    const hup = process.listenerCount('SIGHUP');
    // Not SIGUSR2: under Node 24's test runner it also writes a diagnostic report, through a listener of its own.
    const remove = app.closeOnSignals({ signals: ['SIGHUP'], deadline: 2000, exit: (code) => codes.push(code) });
    const running = ask(c, 'work');
    await sleep(20);
    process.kill(process.pid, 'SIGHUP');
    await sleep(20);
    process.kill(process.pid, 'SIGHUP');
    await sleep(20);
    assert.deepEqual(codes, [1], 'the second signal did not wait');
    release.open();
    assert.equal(await running, 'done');
    await app.close();
    await sleep(10);
    assert.deepEqual(codes, [1, 0]);
    remove();
    assert.equal(process.listenerCount('SIGHUP'), hup);
    assert.throws(
      () => app.closeOnSignals({ signal: 'SIGTERM' } as never),
      (e: any) => e.code === 'invalid_option',
    );
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: finishes the running handler, tells the client, exits 0`, async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./signal-server.ts', import.meta.url))],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (d) => resolve(String(d).trim()));
          child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
        });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const c = await connect(`http://127.0.0.1:${port}`);
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
        child.kill(signal);
        assert.equal(await answer, 'finished after 300 ms');
        assert.equal(await exited, 0, stderr);
        assert.deepEqual(events, ['shutdown', 'ack', 'disconnect']);
        assert.equal(stderr, '');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
