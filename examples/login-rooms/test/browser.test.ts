/** The login-rooms pages in real Chromium: log in, join, chat, leave, log out. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { collectingLogger } from '../../_support/recording-client.js';
import { createLoginRoomsApp } from '../server.js';
import { chromiumSkipReason, launchChromium } from '../../_support/chromium.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('login-rooms pages in Chromium', { skip: chromiumSkipReason() }, () => {
  const app = createLoginRoomsApp({ logger: collectingLogger() });
  let base = '';
  let browser: Browser;
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app.close();
  });

  test('log in, join the room, chat (text stays text), leave, log out', async () => {
    const dialogs: string[] = [];
    const logIn = async (name: string, password: string): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${base}/`);
      assert.equal(new URL(page.url()).pathname, '/login');
      await page.fill('#username', name);
      await page.fill('#password', password);
      await page.click('#login-btn');
      await page.waitForURL(`${base}/room`);
      await page.locator('#me', { hasText: name }).waitFor();
      return page;
    };
    const log = (page: Page) => page.locator('#log li').allTextContents();

    // A wrong password stays on the form with a message.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${base}/login`);
    await stranger.fill('#username', 'Ada');
    await stranger.fill('#password', 'guess');
    await stranger.click('#login-btn');
    await stranger.locator('#failed').waitFor();
    assert.equal(await stranger.textContent('#failed'), 'Wrong name or password.');
    await stranger.context().close();

    const ada = await logIn('Ada', 'lovelace');
    const ben = await logIn('Ben', 'franklin');
    await ada.click('#join-btn');
    await ada.locator('#log li', { hasText: 'Ada joined the room.' }).waitFor();
    await ben.click('#join-btn');
    await ada.locator('#log li', { hasText: 'Ben joined the room.' }).waitFor();

    await ada.fill('#message', 'Hi Ben!');
    await ada.press('#message', 'Enter');
    await ben.fill('#message', XSS);
    await ben.click('#send-btn');
    await ada.locator('#log li', { hasText: 'onerror' }).waitFor();
    await ben.click('#leave-btn');
    await ada.locator('#log li', { hasText: 'Ben left the room.' }).waitFor();
    assert.deepEqual(await log(ada), [
      'Connected.',
      'Ada joined the room.',
      'Ben joined the room.',
      'Ada: Hi Ben!',
      `Ben: ${XSS}`,
      'Ben left the room.',
    ]);
    assert.equal(await ada.locator('#log img').count(), 0);

    // Ben is out of the room now: the server refuses his message and the page says so.
    await ben.fill('#message', 'still there?');
    await ben.click('#send-btn');
    await ben.locator('#log li.error-line').waitFor();
    assert.equal(await ben.textContent('#log li.error-line'), "You are not in the room 'lobby'; join it first.");

    await ben.click('#logout-btn');
    await ben.waitForURL(`${base}/login`);
    await ada.goto(`${base}/room`);
    await ada.locator('#me', { hasText: 'Ada' }).waitFor();
    await ada.click('#logout-btn');
    await ada.waitForURL(`${base}/login`);
    await ada.goto(`${base}/room`);
    assert.equal(new URL(ada.url()).pathname, '/login');
    assert.deepEqual(dialogs, []);
    await ada.context().close();
    await ben.context().close();
  });
});
