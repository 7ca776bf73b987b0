import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectionRefusedError,
  createApp,
  Guard,
  joinRoom,
  Namespace,
  On,
  OnConnect,
  request,
  rooms,
  SocketeerError,
  type App,
  type ConnectGuard,
} from 'socketeer';
import { ask, connect, recordingLogger, start, type Client } from './support.js';

const USERS: Record<string, { name: string; admin: boolean }> = {
  't-alice': { name: 'alice', admin: true },
  't-bob': { name: 'bob', admin: false },
};

/** Loads the user into the session; refuses unknown tokens. */
const loggedIn: ConnectGuard = (ctx) => {
  const user = USERS[String(ctx.auth.token)];
  if (user) ctx.session.user = user;
  return user !== undefined;
};

const connects: string[] = [];

@Guard(loggedIn)
@Namespace('/private')
class PrivateController {
  @OnConnect() connect() {
    connects.push(request.session.user.name);
  }
  @On('whoami') whoami() {
    return request.session.user.name;
  }
  @On('join') join(room: string) {
    joinRoom(room);
    return rooms().filter((r) => r !== request.sid);
  }
}

@Guard(loggedIn, async (ctx) => {
  await new Promise((r) => setTimeout(r, 5));
  if (!ctx.session.user.admin) throw new SocketeerError('forbidden', 'Admins only.');
  return true;
})
@Namespace('/admin')
class AdminController {
  @On('ping') ping() {
    return 'pong';
  }
}

/** Inherits the guard of its parent; a RegExp namespace guards every child namespace. */
@Namespace(/^\/team-\w+$/)
class TeamController extends PrivateController {}

describe('guards and room authorisation', () => {
  let app: App;
  let url: string;
  const log = recordingLogger();
  const clients: Client[] = [];
  after(async () => {
    for (const c of clients) c.close();
    await app.close({ deadline: 0 });
  });

  before(async () => {
    app = createApp({
      controllers: [PrivateController, AdminController, TeamController],
      logger: log.logger,
      authorizeJoin: (ctx, room) => !room.startsWith('staff:') || ctx.session.user?.admin === true,
    });
    app.guard('/ops', (ctx) => {
      if (ctx.headers['x-ops'] === 'boom') throw new Error('database down: secret detail');
      if (ctx.headers['x-ops'] === 'refuse') throw new ConnectionRefusedError('no ops today', { retry: false });
      return ctx.headers['x-ops'] === 'yes';
    });
    app.on('ping', () => 'pong', { namespace: '/ops' });
    url = await start(app);
  });

  it('a guard refuses before the client counts as connected, with a coded connect_error', async () => {
    const err = await connect(url, '/private', { auth: { token: 'nope' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(err.message, 'Authentication required.');
    assert.deepEqual(err.data, { code: 'unauthorized', message: 'Authentication required.' });
    assert.deepEqual(connects, [], '@OnConnect did not run for the refused client');
  });

  it('a guard lets the client in and what it stores in the session stays', async () => {
    const c = await connect(url, '/private', { auth: { token: 't-bob' } });
    clients.push(c);
    assert.equal(await ask(c, 'whoami'), 'bob');
    assert.deepEqual(connects, ['bob']);
  });

  it("guards a dynamic namespace's children and subclasses of a guarded controller", async () => {
    const err = await connect(url, '/team-red', { auth: { token: 'nope' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(err.data.code, 'unauthorized');
    const c = await connect(url, '/team-red', { auth: { token: 't-alice' } });
    clients.push(c);
    assert.equal(await ask(c, 'whoami'), 'alice');
  });

  it('an async guard that throws SocketeerError chooses the code and message', async () => {
    const err = await connect(url, '/admin', { auth: { token: 't-bob' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.deepEqual(err.data, { code: 'forbidden', message: 'Admins only.' });
    const admin = await connect(url, '/admin', { auth: { token: 't-alice' } });
    clients.push(admin);
    assert.equal(await ask(admin, 'ping'), 'pong');
  });

  it('app.guard() guards a namespace; a crash in a guard reaches the client as internal_error only', async () => {
    const ok = await connect(url, '/ops', { extraHeaders: { 'x-ops': 'yes' } });
    clients.push(ok);
    assert.equal(await ask(ok, 'ping'), 'pong');
    const refused = await connect(url, '/ops', { extraHeaders: { 'x-ops': 'no' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(refused.data.code, 'unauthorized');
    const custom = await connect(url, '/ops', { extraHeaders: { 'x-ops': 'refuse' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(custom.message, 'no ops today');
    assert.deepEqual(custom.data, { retry: false });
    const crashed = await connect(url, '/ops', { extraHeaders: { 'x-ops': 'boom' } }).then(
      () => assert.fail('connected'),
      (e) => e,
    );
    assert.equal(crashed.message, 'Internal server error.');
    assert.deepEqual(crashed.data, { code: 'internal_error', message: 'Internal server error.' });
    const errors = log.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(
      String((errors[0]!.obj as { err: string }).err),
      /database down: secret detail/,
      'the developer sees the cause in the log',
    );
  });

  it('authorizeJoin refuses with forbidden on the ack; allowed joins happen', async () => {
    const bob = await connect(url, '/private', { auth: { token: 't-bob' } });
    const alice = await connect(url, '/private', { auth: { token: 't-alice' } });
    clients.push(bob, alice);
    assert.deepEqual(await ask(bob, 'join', 'lobby'), ['lobby']);
    assert.deepEqual(await ask(bob, 'join', 'staff:room'), {
      error: { code: 'forbidden', message: "Not allowed to join room 'staff:room'." },
    });
    assert.deepEqual(await ask(alice, 'join', 'staff:room'), ['staff:room']);
  });

  it("joining another client's personal (sid) room is always forbidden", async () => {
    const bob = await connect(url, '/private', { auth: { token: 't-bob' } });
    const alice = await connect(url, '/private', { auth: { token: 't-alice' } });
    clients.push(bob, alice);
    const answer = await ask(bob, 'join', alice.id);
    assert.equal(answer.error.code, 'forbidden');
    assert.deepEqual(await ask(bob, 'join', bob.id), [], 'its own sid room is fine (it is already in it)');
  });

  it('rejects bad guards at once', () => {
    assert.throws(
      () => Guard('nope' as never),
      (e: any) => e.code === 'invalid_option',
    );
    assert.throws(
      () => app.guard('/x', 42 as never),
      (e: any) => e.code === 'invalid_option',
    );
    assert.throws(
      () => createApp({ authorizeJoin: 'yes' as never }),
      (e: any) => e.code === 'invalid_option',
    );
  });
});
