import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { talk } from '../client.js';
import { createRoomsApp } from '../server.js';

// validateEmits checks every message against the controller's @Emits declaration.
const app = createRoomsApp({ validateEmits: true });
let url = '';
before(async () => {
  const { port } = await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});
after(() => app.close());

test('the typed client joins a room and hears its own message', async () => {
  const lines = await talk(url, 'ada', 'lobby', 'hello', () => {});
  assert.deepEqual(lines, ['ada has entered the room.', 'hello']);
});
