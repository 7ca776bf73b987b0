/**
 * socket.io's admin UI, served by the chat example itself, in real Chromium: log in, see the
 * chat's sockets and rooms. (Read-only mode and the boot errors: test/operations/admin.test.ts.) Set UPDATE_SCREENSHOTS=1 to refresh docs/images/admin-ui.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { io as connectClient, type Socket } from 'socket.io-client';
import { collectingLogger } from '../../_support/recording-client.js';
import { createChatApp } from '../server.js';
import { chromiumSkipReason, launchChromium } from '../../_support/chromium.js';

const USER = 'ops';
const PASSWORD = 'correct horse battery staple';

describe('admin UI in Chromium', { skip: chromiumSkipReason() }, () => {
  const app = createChatApp({ logger: collectingLogger(), admin: { auth: { username: USER, password: PASSWORD } } });
  let origin = '';
  let browser: Browser;
  const clients: Socket[] = [];
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await browser?.close();
    await app.close();
  });

  /** A chat user: registered, in `room`. */
  async function chatUser(username: string, room: string): Promise<Socket> {
    const socket = connectClient(`${origin}/chat`, { transports: ['websocket'], reconnection: false });
    clients.push(socket);
    await socket.timeout(3000).emitWithAck('register', { username });
    await socket.timeout(3000).emitWithAck('join_room', { username, room });
    return socket;
  }

  /** The admin page, offline: the fonts and icons it would fetch from CDNs are refused. */
  async function openAdmin(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(
      (url) => !url.href.startsWith(origin),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/admin`);
    return { page, errors };
  }

  async function logIn(page: Page, password: string): Promise<void> {
    await page.getByLabel('Server URL').fill(origin);
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Connect' }).click();
  }

  /** The pages list one namespace at a time ('/admin' first). */
  async function chooseNamespace(page: Page, namespace: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Select namespace' }).click({ force: true, timeout: 10_000 });
    await page.getByRole('option', { name: namespace, exact: true }).click({ timeout: 10_000 });
  }

  test('the app serves the UI; a wrong password is refused; the right one shows the chat sockets and rooms', async () => {
    const ada = await chatUser('Ada', 'lobby');
    const ben = await chatUser('Ben', 'kitchen');

    const { page, errors } = await openAdmin();
    assert.match(page.url(), /\/admin\/(#\/)?$/, 'the page is served at /admin/');
    assert.equal(await page.title(), 'Socket.IO Admin UI');

    await logIn(page, 'wrong');
    await page.getByText('Invalid credentials').waitFor({ timeout: 10_000 });

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Connect' }).waitFor({ state: 'hidden', timeout: 10_000 });

    await page.goto(`${origin}/admin/#/sockets`);
    await chooseNamespace(page, '/chat');
    for (const socket of [ada, ben])
      await page.getByText(socket.id!, { exact: true }).first().waitFor({ timeout: 10_000 });

    await page.goto(`${origin}/admin/#/rooms`);
    await chooseNamespace(page, '/chat');
    for (const room of ['lobby', 'kitchen'])
      await page.getByText(room, { exact: true }).first().waitFor({ timeout: 10_000 });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync('docs/images', { recursive: true });
      writeFileSync('docs/images/admin-ui.png', await page.screenshot());
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
