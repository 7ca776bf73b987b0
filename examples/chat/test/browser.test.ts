/**
 * The chat page in real Chromium: two people register, share a room, exchange messages, send
 * a private message and a notification. Set UPDATE_SCREENSHOTS=1 to refresh docs/images/chat.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { collectingLogger } from '../../_support/recording-client.js';
import { createChatApp } from '../server.js';
import { chromiumSkipReason, launchChromium } from '../../_support/chromium.js';

const XSS = '<img src=x onerror=alert(1)>';

async function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}

describe('chat page in Chromium', { skip: chromiumSkipReason() }, () => {
  const app = createChatApp({ logger: collectingLogger() });
  let url = '';
  let browser: Browser;
  before(async () => {
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app.close();
  });

  test('register, room chat, private message, notification toast; user text stays text', async () => {
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    const open = async (name: string) => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      const page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(url);
      await page.locator('#status.online').waitFor();
      await page.fill('#username', name);
      await page.click('#register-btn');
      await page.locator('#chat').waitFor();
      return page;
    };
    const ada = await open('Ada');
    const ben = await open('Ben');

    for (const page of [ada, ben]) {
      await page.fill('#room-input', 'lobby');
      await page.click('#join-btn');
      assert.equal(await page.textContent('#current-room'), 'lobby');
    }
    await ada.locator('#room-messages li', { hasText: 'Ben has joined the room' }).waitFor();

    await ada.fill('#room-message', 'Hi Ben, welcome to the lobby!');
    await ada.press('#room-message', 'Enter');
    await ben.fill('#room-message', XSS);
    await ben.click('#send-room-btn');
    await ada.locator('#room-messages li', { hasText: 'onerror' }).waitFor();
    await ben.locator('#room-messages li', { hasText: 'onerror' }).waitFor();

    const adaRoom = await texts(ada, '#room-messages li');
    assert.deepEqual(adaRoom, [
      'Ada has joined the room',
      'Ben has joined the room',
      'Ada: Hi Ben, welcome to the lobby!',
      `Ben: ${XSS}`,
    ]);
    assert.deepEqual(await texts(ben, '#room-messages li'), adaRoom.slice(1));
    assert.equal(await ada.locator('#room-messages img').count(), 0);
    assert.equal(await ada.locator('#room-messages li.notice').count(), 2);

    // Ben appears in Ada's recipient list (and Ada not in her own).
    await ada.locator('#user-list option[value="Ben"]').waitFor({ state: 'attached' });
    assert.deepEqual(await texts(ada, '#user-list option'), ['Ben']);
    await ada.selectOption('#user-list', 'Ben');
    await ada.fill('#private-message', 'Lunch at 12?');
    await ada.click('#send-private-btn');
    await ben.locator('#private-messages li').waitFor();
    await ben.selectOption('#user-list', 'Ada');
    await ben.fill('#private-message', 'Sure, see you there.');
    await ben.press('#private-message', 'Enter');
    // The server sends the recipient's copy and the sender's own as two emits: either may land first.
    await ada.locator('#private-messages li', { hasText: 'see you there' }).waitFor();
    await ben.locator('#private-messages li', { hasText: 'see you there' }).waitFor();
    assert.deepEqual(await texts(ada, '#private-messages li'), [
      'You to Ben: Lunch at 12?',
      'Ben (private): Sure, see you there.',
    ]);
    assert.deepEqual(await texts(ben, '#private-messages li'), [
      'Ada (private): Lunch at 12?',
      'You to Ada: Sure, see you there.',
    ]);

    await ben.fill('#notification-text', 'Release 1.0 is out!');
    await ben.click('#send-notification-btn');
    const toast = ada.locator('.toast', { hasText: 'Release 1.0 is out' });
    await toast.waitFor();
    assert.equal(await toast.textContent(), 'Release 1.0 is out!');
    assert.deepEqual(await texts(ada, '#notifications li'), ['Release 1.0 is out!']);
    await ben.locator('.toast').waitFor();

    await ada.fill('#room-message', 'Back in a minute.');
    await ada.click('#send-room-btn');
    await ben.locator('#room-messages li', { hasText: 'Back in a minute.' }).waitFor();

    const shot = await ada.screenshot({ fullPage: true });
    assert.equal(shot.subarray(1, 4).toString(), 'PNG');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync('docs/images', { recursive: true });
      writeFileSync('docs/images/chat.png', shot);
    }

    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
    await ada.context().close();
    await ben.context().close();
  });

  test('a refusal from the server is shown on the page', async () => {
    const contexts = [await browser.newContext(), await browser.newContext()];
    try {
      const [first, second] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page];
      for (const page of [first, second]) {
        await page.goto(url);
        await page.locator('#status.online').waitFor();
        await page.fill('#username', 'Dee');
      }
      await first.click('#register-btn');
      await first.locator('#chat').waitFor();
      await second.click('#register-btn');
      await second.locator('#error').waitFor();
      assert.equal(await second.textContent('#error'), "The name 'Dee' is already taken.");
      assert.equal(await second.isVisible('#register-form'), true);
      assert.equal(await second.isVisible('#chat'), false);
    } finally {
      for (const c of contexts) await c.close();
    }
  });
});
