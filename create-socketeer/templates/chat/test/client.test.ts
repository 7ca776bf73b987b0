import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chatOnce } from '../src/client.js';
import { createChatApp } from '../src/server.js';

// validateEmits checks every payload the server sends against src/emits.ts.
const app = createChatApp({ validateEmits: true });
let url = '';
before(async () => {
  const { port } = await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});
after(() => app.close());

test('the typed client registers, joins a room and hears its own message', async () => {
  const lines: string[] = [];
  const users = await chatOnce(url, { username: 'ada', room: 'lobby', message: 'hello', print: (line) => lines.push(line) });
  assert.deepEqual(users, ['ada']);
  assert.deepEqual(lines, ['users: ada', '* ada has joined the room', 'ada@lobby: hello']);
});
