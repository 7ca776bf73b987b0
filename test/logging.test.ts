import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Namespace, On, type Logger } from 'socketeer';
import { ask, captureStderr, serve, until } from './support/server.js';

@Namespace('/log')
class Logged {
  @On('hello') hello() {
    return 'hi';
  }
  @On('fail') fail(): never {
    throw new Error('it broke');
  }
}

describe('logging', () => {
  test('logger: true prints one record per connect, event, error and disconnect, with sid and namespace', async (t) => {
    const { result: sid, output } = await captureStderr(async () => {
      const server = await serve(t, { controllers: [Logged], logger: true });
      const client = await server.connect('/log');
      await ask(client, 'hello');
      await ask(client, 'fail');
      const id = client.id!;
      client.disconnect();
      await until(() => server.app.io.of('/log').sockets.size === 0, 2000, 'disconnect');
      return id;
    });
    // A record is one line; an error's stack frames follow it on indented lines.
    const lines = output
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('socketeer ') && !l.includes(' listening '));
    assert.deepEqual(
      lines.map((l) => l.replace(/err=.*/, 'err=...')),
      [
        `socketeer info connected sid=${sid} namespace=/log`,
        `socketeer info event sid=${sid} namespace=/log event=hello`,
        `socketeer info event sid=${sid} namespace=/log event=fail`,
        `socketeer error handler failed sid=${sid} namespace=/log event=fail handler=Logged.fail code=internal_error err=...`,
        `socketeer info disconnected sid=${sid} namespace=/log reason="client namespace disconnect"`,
      ],
    );
    assert.match(output, /err=Error: it broke\n {4}at Logged\.fail \(\S+logging\.test\.ts:\d+:\d+\)\n/);
  });

  test('client-chosen fields cannot forge log fields, lines or terminal escapes', async (t) => {
    const forged = 'hello code=ok admin=true\u001b[2J\u001b[31m\nsocketeer info connected sid=forged';
    const { output } = await captureStderr(async () => {
      const server = await serve(t, { controllers: [Logged], logger: true });
      const client = await server.connect('/log');
      await ask(client, forged);
      client.disconnect();
      await until(() => server.app.io.of('/log').sockets.size === 0, 2000, 'disconnect');
    });
    const lines = output.trimEnd().split('\n');
    const line = lines.find((l) => l.includes('event=') && l.includes('admin'));
    assert.ok(line, output);
    assert.ok(line.endsWith(` event=${JSON.stringify(forged)}`), line);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what must not appear
    assert.doesNotMatch(output, /\u001b/, 'no raw escape reaches the terminal');
    assert.equal(
      lines.filter((l) => l.includes('sid=forged')).length,
      1,
      'the forged record stays inside the real one',
    );
    assert.equal(lines.filter((l) => l.startsWith('socketeer info connected')).length, 1);
  });

  test('logging is off by default: connects and events print nothing', async (t) => {
    const { output } = await captureStderr(async () => {
      const server = await serve(t, { controllers: [Logged] });
      const client = await server.connect('/log');
      await ask(client, 'hello');
      client.disconnect();
      await until(() => server.app.io.of('/log').sockets.size === 0, 2000, 'disconnect');
    });
    assert.equal(output, '');
  });

  test('a pino-compatible logger receives the same records as objects', async (t) => {
    const records: { level: string; obj: Record<string, unknown>; msg: string | undefined }[] = [];
    const at = (level: string) => (obj: object, msg?: string) =>
      void records.push({ level, obj: obj as Record<string, unknown>, msg });
    const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const { output } = await captureStderr(async () => {
      const server = await serve(t, { controllers: [Logged], logger });
      const client = await server.connect('/log');
      await ask(client, 'hello');
      await ask(client, 'fail');
      return client.id;
    });
    assert.equal(output, '', 'a custom logger replaces stderr, errors included');
    const byMsg = (msg: string) => records.find((r) => r.msg === msg);
    assert.deepEqual(Object.keys(byMsg('connected')!.obj).sort(), ['namespace', 'sid']);
    assert.deepEqual(byMsg('event')!.obj['event'], 'hello');
    assert.equal(byMsg('handler failed')!.level, 'error');
    assert.equal(byMsg('handler failed')!.obj['namespace'], '/log');
    assert.equal(byMsg('listening')!.level, 'info');
  });
});
