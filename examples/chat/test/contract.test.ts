/**
 * The chat's contract in use: the typed Node client (client.ts) against the server with
 * validateEmits on, so every payload the chat sends is checked against its @Emits schemas;
 * contract.ts itself checks its event names against the decorators when it loads.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { collectingLogger } from '../../_support/recording-client.js';
import { chatOnce } from '../client.js';
import { chat, type ChatSocket, type NotificationsSocket } from '../contract.js';
import { createChatApp } from '../server.js';

function runClient(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'examples/chat/client.ts', ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('chat contract', () => {
  const logger = collectingLogger();
  const app = createChatApp({ logger, validateEmits: true });
  let url = '';
  const sockets: { disconnect(): unknown }[] = [];
  /** An untyped socket, connected; the tests give it its namespace's contract type. */
  const connect = (namespace: string): Promise<ReturnType<typeof io>> => {
    const socket = io(`${url}${namespace}`, { transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
  });

  test('contract.ts matches the controllers', () => {
    assert.deepEqual(Object.keys(chat.events).sort(), [
      'join_room',
      'leave_room',
      'message',
      'private_message',
      'register',
      'room_message',
    ]);
    assert.equal(chat.namespace, '/chat');
  });

  test('the typed client holds a conversation; every emit passes validateEmits', async () => {
    const lines: string[] = [];
    const users = await chatOnce(url, {
      username: 'ada',
      room: 'lobby',
      message: 'hello',
      print: (l) => lines.push(l),
    });
    assert.deepEqual(users, ['ada']);
    assert.deepEqual(lines, ['users: ada', '* ada has joined the room', 'ada@lobby: hello']);
    // Private messages and notifications, through typed sockets.
    const ben: ChatSocket = await connect('/chat');
    const cleo: ChatSocket = await connect('/chat');
    await ben.timeout(2000).emitWithAck('register', { username: 'ben' });
    await cleo.timeout(2000).emitWithAck('register', { username: 'cleo' });
    const got = new Promise((resolve) => cleo.once('private_message', resolve));
    assert.equal(
      await ben.timeout(2000).emitWithAck('private_message', { recipient: 'cleo', message: 'psst' }),
      undefined,
    );
    assert.deepEqual(await got, { username: 'ben', message: 'psst' });
    const news: NotificationsSocket = await connect('/notifications');
    const notified = new Promise((resolve) => news.once('notification', resolve));
    news.emit('broadcast_notification', { message: 'maintenance at noon' });
    assert.deepEqual(await notified, { message: 'maintenance at noon' });
    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.deepEqual(errors, [], 'no invalid_emit (or any other failure) on the server');
  });

  test("client.ts as a program: prints the conversation; a refused name exits 1 with the server's message", async () => {
    const ok = await runClient(url, 'dora', 'garden', 'hi all');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^\* dora has joined the room$/m);
    assert.match(ok.stdout, /^dora@garden: hi all$/m);
    const holder: ChatSocket = await connect('/chat');
    await holder.timeout(2000).emitWithAck('register', { username: 'eve' });
    const taken = await runClient(url, 'eve', 'garden', 'me too');
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr, "chat client: The name 'eve' is already taken.\n");
  });
});
