/**
 * The admin UI's server side: closed without credentials, read-only unless told otherwise,
 * served from the installed package. (The page itself in Chromium: test/browser/admin-ui.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { createApp, Namespace, On } from 'socketeer';
import { serve, until, type RefusedError } from '../support/server.js';

@Namespace('/chat')
class ChatController {
  @On('ping') ping() {
    return 'pong';
  }
}

const auth = { username: 'ops', password: 's3cret' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('admin UI', () => {
  test('admin without credentials is a boot error, never an open UI', () => {
    for (const admin of [{}, { auth: undefined }, { auth: false }, { readOnly: true }] as never[]) {
      assert.throws(() => createApp({ admin }), { code: 'admin_auth_required', message: /admin needs credentials/ });
    }
    assert.throws(() => createApp({ admin: { auth: { username: 'ops', passwordHash: 'not-a-hash' } } }), {
      code: 'invalid_option',
      message: /bcrypt hash/,
    });
    assert.throws(
      () => createApp({ admin: { auth: { username: 'ops', password: 'a', passwordHash: 'b' } as never } }),
      { code: 'invalid_option', message: /one of password and passwordHash/ },
    );
    assert.throws(() => createApp({ admin: { auth, uiPath: 'admin' } }), { code: 'invalid_option', message: /uiPath/ });
    assert.throws(() => createApp({ admin: { auth, readonly: false } as never }), {
      code: 'invalid_option',
      message: /unknown option 'readonly'. Did you mean|unknown option 'readonly'/,
    });
  });

  test('the app serves the UI page from @socket.io/admin-ui; uiPath false serves nothing', async (t) => {
    const server = await serve(t, { controllers: [ChatController], admin: { auth } });
    const page = await fetch(`${server.url}/admin/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Socket.IO Admin UI<\/title>/);
    const redirect = await fetch(`${server.url}/admin`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/admin/');

    const hidden = await serve(t, { controllers: [ChatController], admin: { auth, uiPath: false } });
    assert.equal((await fetch(`${hidden.url}/admin/`)).status, 404);
  });

  test('wrong credentials are refused; a bcrypt passwordHash works', async (t) => {
    const server = await serve(t, {
      controllers: [ChatController],
      admin: { auth: { username: 'ops', passwordHash: bcrypt.hashSync('hashed!', 4) } },
    });
    await assert.rejects(
      server.connect('/admin', { auth: { username: 'ops', password: 'nope' } }),
      (err: RefusedError) => err.message === 'invalid credentials',
    );
    await assert.rejects(server.connect('/admin'), (err: RefusedError) => err.message === 'invalid credentials');
    const admin = await server.connect('/admin', { auth: { username: 'ops', password: 'hashed!' } });
    assert.equal(admin.connected, true);
  });

  for (const readOnly of [undefined, false]) {
    test(`readOnly ${readOnly ?? 'by default'}: the UI's disconnect request ${readOnly === false ? 'disconnects' : 'is ignored'}`, async (t) => {
      const server = await serve(t, {
        controllers: [ChatController],
        admin: { auth, ...(readOnly !== undefined && { readOnly }) },
      });
      const user = await server.connect('/chat');
      const admin = await server.connect('/admin', { auth });
      admin.emit('_disconnect', '/chat', false);
      if (readOnly === false) {
        await until(() => !user.connected, 3000, 'the disconnect');
      } else {
        // The same request disconnects within milliseconds when allowed (the case above).
        await sleep(500);
        assert.equal(user.connected, true);
        assert.equal(server.app.io.of('/chat').sockets.size, 1);
      }
    });
  }
});
