/**
 * The AsyncAPI document: every example's validates with @asyncapi/parser (the reference
 * parser and its Spectral ruleset), and a fixture with guards, a dynamic namespace, tuples,
 * limits and app.on handlers maps onto the channels, operations and schemes it should.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Parser } from '@asyncapi/parser';
import { z } from 'zod';
import {
  createApp,
  Emits,
  Guard,
  Namespace,
  On,
  OnConnect,
  RateLimit,
  securedBy,
  Timeout,
  type App,
  type AsyncApiDocument,
} from 'socketeer';
import { createChatApp } from '../examples/chat/server.js';
import { createGettingStartedApp } from '../examples/getting-started/server.js';
import { createLoginRoomsApp } from '../examples/login-rooms/server.js';
import { createRoomsApp } from '../examples/rooms/server.js';

const parser = new Parser();

/**
 * Diagnostics we accept, with the reason. Spectral's severities: 0 error, 1 warning, 2 info,
 * 3 hint. The one info note: AsyncAPI 3.1.0 exists; we write 3.0.0 on purpose (the issue asks
 * for 3.0, and every 3.x tool reads it).
 */
const EXPLAINED = new Set(['asyncapi-latest-version']);

/** Parses (and so validates) a document; fails on any diagnostic we have not explained. */
async function check(doc: AsyncApiDocument) {
  const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
  const unexplained = diagnostics.filter((d) => d.severity <= 1 || !EXPLAINED.has(String(d.code)));
  assert.deepEqual(
    unexplained.map((d) => `${d.severity} ${d.code}: ${d.message} at ${d.path.join('.')}`),
    [],
    'no errors, no warnings, no unexplained notes',
  );
  assert.ok(document, 'the parser builds a document (every $ref resolves)');
  return document;
}

const examples: [string, () => App][] = [
  ['chat', () => createChatApp()],
  ['rooms', () => createRoomsApp()],
  ['login-rooms', () => createLoginRoomsApp({ sessionSecret: 'test' })],
  ['getting-started', () => createGettingStartedApp()],
];

for (const [name, make] of examples) {
  test(`the ${name} example's AsyncAPI document validates`, async (t) => {
    const app = make();
    t.after(() => app.close());
    const doc = await app.asyncapi({ title: name, version: '0.1.0' });
    const document = await check(doc);
    const routes = await app.routes();
    assert.equal(document.channels().length, routes.namespaces.length);
    const receives = routes.namespaces.reduce((n, ns) => n + ns.events.length, 0);
    assert.equal(document.operations().filterByReceive().length, receives);
  });
}

test('the chat document: a channel per namespace, a receive per event with its ack as reply, a send per declared emit', async (t) => {
  const app = createChatApp();
  t.after(() => app.close());
  const doc = await app.asyncapi();
  const document = await check(doc);
  assert.deepEqual(
    document
      .channels()
      .all()
      .map((c) => c.address()),
    ['/', '/chat', '/notifications'],
  );
  const register = document.operations().get('chat.receive.register');
  assert.ok(register);
  assert.equal(register.action(), 'receive');
  assert.deepEqual(
    register
      .messages()
      .all()
      .map((m) => m.name()),
    ['register'],
  );
  const messages = (doc['channels'] as Record<string, { messages: Record<string, { payload: unknown }> }>)['chat']!
    .messages;
  assert.deepEqual(messages['register.request']!.payload, {
    type: 'object',
    properties: { username: { type: 'string', maxLength: 32, pattern: '\\S' } },
    required: ['username'],
  });
  const reply = register.reply();
  assert.ok(reply, 'the ack is the reply');
  assert.equal(reply.channel()?.address(), '/chat');
  const userList = document.operations().get('chat.send.user_list');
  assert.ok(userList);
  assert.equal(userList.action(), 'send');
  assert.equal(userList.messages().all()[0]!.name(), 'user_list');
  assert.deepEqual(messages['user_list.sent']!.payload, {
    type: 'object',
    properties: { users: { type: 'array', items: { type: 'string' } } },
    required: ['users'],
  });
  const sends = document
    .operations()
    .filterBySend()
    .map((o) => o.id());
  assert.ok(
    sends.includes('chat.send.socketeer_error') && sends.includes('notifications.send.notification'),
    sends.join(', '),
  );
});

test('guards that say so become security schemes; dynamic namespaces, tuples, limits and app.on handlers are described', async (t) => {
  const bearer = securedBy(
    { type: 'http', scheme: 'bearer', description: 'auth: { token }' },
    function bearerToken(ctx) {
      return ctx.auth['token'] === 'ok';
    },
  );
  const quiet = (_ctx: unknown) => true;

  @Guard(bearer, quiet)
  @Emits({ moved: z.tuple([z.number(), z.number()]) })
  @Namespace(/^\/tenant-\w+$/)
  class TenantController {
    @OnConnect() connect() {}
    @On('move', z.tuple([z.number(), z.number()]))
    @RateLimit({ points: 5, duration: 1000 })
    @Timeout(250)
    move(x: number, y: number) {
      return x + y;
    }
  }
  const app = createApp({ controllers: [TenantController], timeout: 1000 });
  app.on('ping', () => 'pong', { namespace: '/plain' });
  t.after(() => app.close());

  const doc = await app.asyncapi({ title: 'fixture', servers: { local: { host: '127.0.0.1:3000', protocol: 'ws' } } });
  const document = await check(doc);
  const tenant = document
    .channels()
    .all()
    .find((c) => c.json()['title'] === String(/^\/tenant-\w+$/));
  assert.ok(tenant, 'the dynamic namespace is a channel');
  assert.equal(tenant.address(), null);
  assert.equal(tenant.json()['x-socketeer-namespace-pattern'], '/^\\/tenant-\\w+$/');
  const move = document
    .operations()
    .all()
    .find((o) => o.action() === 'receive' && o.messages().all()[0]?.name() === 'move');
  assert.ok(move);
  assert.match(move.description() ?? '', /Rate limit: 5 per 1000 ms per connection/);
  assert.match(move.description() ?? '', /Deadline: 250 ms/);
  assert.deepEqual(
    move.security().flatMap((requirements) => requirements.all().map((r) => r.scheme().json())),
    [{ type: 'http', scheme: 'bearer', description: 'auth: { token }' }],
    'only the guard that declared a scheme',
  );
  assert.deepEqual((doc['components'] as { securitySchemes: object }).securitySchemes, {
    bearerToken: { type: 'http', scheme: 'bearer', description: 'auth: { token }' },
  });
  assert.match(tenant.description() ?? '', /checked by: bearerToken, quiet/);
  const payload = move.messages().all()[0]!.payload()?.json() as Record<string, unknown>;
  assert.equal(payload['type'], 'array');
  assert.match(String(payload['description']), /separate arguments/);
  const ping = document
    .operations()
    .all()
    .find((o) => o.messages().all()[0]?.name() === 'ping');
  assert.ok(ping);
  assert.equal(ping.channels().all()[0]?.address(), '/plain');
  assert.match(ping.messages().all()[0]!.summary() ?? '', /app\.on\('ping'\)/);
  assert.deepEqual(
    document
      .servers()
      .all()
      .map((s) => s.host()),
    ['127.0.0.1:3000'],
  );
});

test('app.asyncapi() refuses unknown options', async (t) => {
  const app = createApp();
  t.after(() => app.close());
  await assert.rejects(() => app.asyncapi({ titel: 'x' } as never), /app\.asyncapi: unknown option 'titel'/);
});
