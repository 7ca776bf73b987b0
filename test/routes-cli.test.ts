/**
 * `socketeer routes` and `socketeer asyncapi` from the command line, on the chat example: the
 * JSON listing matches what the decorators recorded, the table names every event, and bad
 * entries get one coded line and exit 1.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import type { RoutesListing } from 'socketeer';
import { ChatController } from '../examples/chat/controllers/chat-controller.js';
import { DefaultController } from '../examples/chat/controllers/default-controller.js';
import { NotificationsController } from '../examples/chat/controllers/notifications-controller.js';
import { createChatApp } from '../examples/chat/server.js';
import { emitsOfClass } from '../src/registry.js';
import { readController } from '../src/registry.js';

const root = path.resolve('.');
let work = '';
before(async () => {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  work = await mkdtemp(path.join(root, '.tmp', 'routes-cli-'));
});
after(() => rm(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function socketeer(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args],
      { cwd: root, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...out } = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return out;
};

/** What the registry says the listing must hold for one controller class. */
function expectedFor(cls: Function) {
  const record = readController(cls)!;
  const events = record.handlers
    .filter((h) => h.kind === 'event')
    .map((h) => ({
      event: h.event!,
      handler: `${cls.name}.${String(h.method)}`,
      schema: h.schema ? jsonSchema(h.schema as unknown as z.ZodType) : null,
      rateLimit: h.options.rateLimit ?? record.options.rateLimit ?? null,
      timeout: h.options.timeout ?? record.options.timeout ?? null,
    }))
    .sort((a, b) => (a.event < b.event ? -1 : 1));
  const emits = Object.entries(emitsOfClass(cls))
    .map(([event, schema]) => ({ event, declaredBy: cls.name, schema: jsonSchema(schema as unknown as z.ZodType) }))
    .sort((a, b) => (a.event < b.event ? -1 : 1));
  return { namespace: String(record.namespace), events, emits };
}

test('socketeer routes --json on the chat example matches the registry', async () => {
  const run = await socketeer('routes', 'examples/chat/server.ts', '--json');
  assert.equal(run.code, 0, run.stderr);
  const listing = JSON.parse(run.stdout) as RoutesListing;
  const actual = listing.namespaces.map((ns) => ({
    namespace: ns.namespace,
    events: ns.events.map(({ event, handler, schema, rateLimit, timeout }) => ({
      event,
      handler,
      schema,
      rateLimit,
      timeout,
    })),
    emits: ns.emits.map(({ event, declaredBy, schema }) => ({ event, declaredBy, schema })),
  }));
  assert.deepEqual(actual, [DefaultController, ChatController, NotificationsController].map(expectedFor));
  const chat = listing.namespaces.find((ns) => ns.namespace === '/chat')!;
  assert.deepEqual(chat.disconnect, ['ChatController.disconnected']);
  assert.deepEqual(chat.guards, []);
  // The same listing the app gives in-process.
  const app = createChatApp();
  try {
    assert.deepEqual(listing, JSON.parse(JSON.stringify(await app.routes())));
  } finally {
    await app.close();
  }
});

test('socketeer routes prints a table with every event, its handler and schema, and the declared emits', async () => {
  const run = await socketeer('routes', 'examples/chat/server.ts');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.match(lines[0]!, /^NAMESPACE\s+EVENT\s+HANDLER\s+SCHEMA\s+GUARDS\s+RATE LIMIT\s+DEADLINE$/);
  for (const cls of [DefaultController, ChatController, NotificationsController]) {
    const { namespace, events, emits } = expectedFor(cls);
    for (const e of events) {
      assert.ok(
        lines.some((l) => new RegExp(`^${namespace}\\s+${e.event}\\s+${e.handler.replace('.', '\\.')}\\s`).test(l)),
        `a row for ${namespace} ${e.event}`,
      );
    }
    for (const e of emits) {
      assert.ok(
        lines.some((l) => new RegExp(`^${namespace}\\s+${e.event}\\s+\\S.*\\s${e.declaredBy}$`).test(l)),
        `an emits row for ${namespace} ${e.event}`,
      );
    }
  }
  assert.ok(
    lines.some((l) => /^\/chat\s+join_room\s+ChatController\.onJoinRoom\s+\{ room \}\s+-\s+-\s+-$/.test(l)),
    'the join_room row',
  );
  assert.ok(
    lines.some((l) => /^\/chat\s+private_message\s+\{ username, message, recipient\? \}\s+ChatController$/.test(l)),
    'the private_message emits row',
  );
});

test('socketeer routes shows guards, rate limits and deadlines', async () => {
  const entry = path.join(work, 'limited.ts');
  await writeFile(
    entry,
    `import { Guard, Namespace, On, RateLimit, Timeout } from 'socketeer';
export const isAdmin = () => true;
@Guard(isAdmin)
@RateLimit({ points: 3, duration: 1000 })
@Namespace('/admin')
export class AdminController {
  @On('slow') @Timeout(500) async slow() {}
  @On('fast') @RateLimit({ points: 10, duration: 100 }) fast() {}
}
`,
  );
  const run = await socketeer('routes', entry);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^\/admin\s+fast\s+AdminController\.fast\s+-\s+isAdmin\s+10\/100ms\s+-$/m);
  assert.match(run.stdout, /^\/admin\s+slow\s+AdminController\.slow\s+-\s+isAdmin\s+3\/1000ms\s+500ms$/m);
  assert.match(run.stdout, /No namespace declares its emits/);
});

test('socketeer asyncapi --out writes the document app.asyncapi() builds', async () => {
  const out = path.join(work, 'chat.asyncapi.json');
  const run = await socketeer(
    'asyncapi',
    'examples/chat/server.ts',
    '--out',
    out,
    '--title',
    'Chat',
    '--api-version',
    '2.0.0',
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /wrote .*chat\.asyncapi\.json/);
  const written = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
  const app = createChatApp();
  try {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { description: string };
    assert.deepEqual(
      written,
      JSON.parse(JSON.stringify(await app.asyncapi({ title: 'Chat', version: '2.0.0', description: pkg.description }))),
    );
  } finally {
    await app.close();
  }
});

test('bad entries: one coded line on stderr, exit 1, no stack trace', async () => {
  const missing = await socketeer('routes', 'nowhere/server.ts');
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'socketeer routes: invalid_entry: nowhere/server.ts does not exist.\n');

  const empty = path.join(work, 'empty.ts');
  await writeFile(empty, 'export const answer = 42;\n');
  const none = await socketeer('asyncapi', empty);
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /^socketeer asyncapi: invalid_entry: .*empty\.ts exports no app, no createXxxApp\(\) factory and no @Namespace\(\) controller\.\n$/,
  );

  const broken = path.join(work, 'broken.ts');
  await writeFile(broken, "throw new Error('boom at import');\n");
  const failed = await socketeer('routes', broken);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /invalid_entry: could not import .*broken\.ts: boom at import/);
  assert.doesNotMatch(failed.stderr, /\n\s+at /);
});
