/**
 * The whole path a user takes, for every template: pack socketeer and create-socketeer with
 * npm pack, install the creator from its tarball, create an app non-interactively (with
 * socketeer from the local tarball), install, run the app's own `npm test`, build and start it,
 * and talk to it with a real socket.io client. The interactive path runs in a pseudo-terminal.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { PACKAGE_DIR, QUIET_NPM_ENV, REPO_DIR, runCommand, startServer, tempDir, type Server } from './helpers.js';
import { runInTerminal } from './terminal.js';

const MINUTE = 60_000;
let work: ReturnType<typeof tempDir>;
let socketeerTarball: string;
let creator: string;
/** Numbers the TAP reports of the apps' test runs. */
let reports = 0;

async function npm(args: string[], cwd: string, timeout = 2 * MINUTE, env: Record<string, string> = {}) {
  const result = await runCommand('npm', args, { cwd, env: { ...QUIET_NPM_ENV, ...env }, timeout });
  assert.equal(result.code, 0, `npm ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

async function pack(cwd: string): Promise<string> {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work.dir], cwd);
  // Lifecycle scripts (prepack) print before the JSON.
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as { filename: string }[];
  return join(work.dir, info!.filename);
}

before(async () => {
  work = tempDir('create-socketeer-e2e');
  await npm(['run', 'build'], REPO_DIR);
  socketeerTarball = await pack(REPO_DIR);
  const creatorTarball = await pack(PACKAGE_DIR);
  const runner = join(work.dir, 'runner');
  mkdirSync(runner);
  writeFileSync(join(runner, 'package.json'), '{ "private": true }\n');
  await npm(['install', creatorTarball], runner);
  creator = join(runner, 'node_modules/.bin/create-socketeer');
});

after(() => work?.remove());

/** A socket.io client that records every event from the start, so none is missed. */
interface Client {
  socket: Socket;
  next(event: string, timeout?: number): Promise<unknown>;
}

async function connect(url: string): Promise<Client> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, timeout: 5000 });
  const received: { event: string; data: unknown }[] = [];
  const wake = new Set<() => void>();
  socket.onAny((event: string, data: unknown) => {
    received.push({ event, data });
    for (const fn of wake) fn();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    next(event, timeout = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = received.findIndex((r) => r.event === event);
          if (index >= 0) finish(() => resolve(received.splice(index, 1)[0]!.data));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no "${event}" event within ${timeout} ms`))),
          timeout,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          wake.delete(check);
          settle();
        };
        wake.add(check);
        check();
      });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates an app from the packed creator, with socketeer from the packed tarball. */
async function createApp(name: string, template: string): Promise<string> {
  const result = await runCommand(
    creator,
    [name, '--template', template, '--install', '--no-git', '--yes', '--socketeer', socketeerTarball],
    { cwd: work.dir, env: QUIET_NPM_ENV, timeout: 2 * MINUTE },
  );
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, new RegExp(`Created \\./${name} from the ${template} template`));
  return join(work.dir, name);
}

/**
 * Runs the generated app's own `npm test`, which must exit with 0, and checks from a TAP report
 * that every test of the template ran and passed. The report goes to a file through
 * NODE_OPTIONS, so the app's command stays as users run it and nothing depends on the
 * human-readable reporter, whose format differs between Node versions.
 */
async function runItsTests(dir: string): Promise<void> {
  const testDir = join(dir, 'test');
  const written = readdirSync(testDir)
    .filter((file) => file.endsWith('.test.ts'))
    .reduce((count, file) => count + (readFileSync(join(testDir, file), 'utf8').match(/^test\(/gm)?.length ?? 0), 0);
  assert.ok(written > 0, `no tests found in ${testDir}`);
  const report = join(work.dir, `${basename(dir)}-${++reports}.tap`);
  const nodeOptions = [process.env.NODE_OPTIONS, '--test-reporter=tap', `--test-reporter-destination="${report}"`]
    .filter(Boolean)
    .join(' ');
  await npm(['test'], dir, 2 * MINUTE, { NODE_OPTIONS: nodeOptions });
  const tap = readFileSync(report, 'utf8');
  const count = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1]);
  assert.deepEqual(
    { pass: count('pass'), fail: count('fail') },
    { pass: written, fail: 0 },
    `TAP report of npm test:\n${tap}`,
  );
}

/** `npm run build` then `npm start` on a free port; the compiled (tsc) build is what runs. */
async function startBuilt(dir: string): Promise<Server> {
  await npm(['run', 'build'], dir);
  return startServer('npm', ['start'], { cwd: dir, env: { PORT: '0' } });
}

describe('generated apps', { concurrency: true, timeout: 4 * MINUTE }, () => {
  // Each template's steps depend on each other; the templates run side by side.
  describe('minimal', { concurrency: 1, timeout: 3 * MINUTE }, () => {
    let dir: string;

    test('is created and installed from the packed creator', async () => {
      dir = await createApp('minimal-app', 'minimal');
      assert.ok(existsSync(join(dir, 'node_modules/socketeer/package.json')));
    });

    test('passes its own npm test', async () => {
      await runItsTests(dir);
    });

    test('builds, starts and answers socket.io clients', async () => {
      const server = await startBuilt(dir);
      try {
        const url = await server.listening();
        const alice = await connect(url);
        const bob = await connect(url);
        try {
          await alice.socket.timeout(5000).emitWithAck('join', { username: 'alice', room: 'lobby' });
          assert.equal(await alice.next('message'), 'alice has entered the room.');
          await bob.socket.timeout(5000).emitWithAck('join', { username: 'bob', room: 'lobby' });
          assert.equal(await alice.next('message'), 'bob has entered the room.');
          bob.socket.emit('message', { room: 'lobby', msg: 'hi alice' });
          assert.equal(await alice.next('message'), 'hi alice');
        } finally {
          alice.socket.disconnect();
          bob.socket.disconnect();
        }
      } finally {
        await server.stop();
      }
    });

    test('npm run dev restarts when a controller changes', async () => {
      const server = startServer('npm', ['run', 'dev'], { cwd: dir, env: { PORT: '0' } });
      const greetingOnJoin = async (url: string) => {
        const client = await connect(url);
        await client.socket.timeout(5000).emitWithAck('join', { username: 'ada', room: 'lobby' });
        const text = await client.next('message');
        client.socket.disconnect();
        return text;
      };
      const controller = join(dir, 'src/controllers/rooms-controller.ts');
      const original = readFileSync(controller, 'utf8');
      try {
        assert.equal(await greetingOnJoin(await server.listening(1)), 'ada has entered the room.');
        writeFileSync(controller, original.replace('has entered the room.', 'is here now.'));
        assert.equal(await greetingOnJoin(await server.listening(2)), 'ada is here now.');
      } finally {
        await server.stop();
        writeFileSync(controller, original);
      }
    });

    test('works with standard decorators too, as its tsconfig says', async () => {
      const tsconfig = join(dir, 'tsconfig.json');
      const original = readFileSync(tsconfig, 'utf8');
      assert.match(original, /Delete the line to switch to standard/);
      writeFileSync(tsconfig, original.replace(/^\s*"experimentalDecorators": true,\n/m, ''));
      try {
        assert.doesNotMatch(readFileSync(tsconfig, 'utf8'), /"experimentalDecorators"/);
        await runItsTests(dir); // tsc and tsx, standard decorators
        const server = await startBuilt(dir); // tsc's standard-decorator output on plain node
        try {
          const client = await connect(await server.listening());
          await client.socket.timeout(5000).emitWithAck('join', { username: 'ada', room: 'lobby' });
          assert.equal(await client.next('message'), 'ada has entered the room.');
          client.socket.disconnect();
        } finally {
          await server.stop();
        }
      } finally {
        writeFileSync(tsconfig, original);
      }
    });
  });

  describe('chat', { concurrency: 1, timeout: 3 * MINUTE }, () => {
    let dir: string;

    test('is created and installed from the packed creator', async () => {
      dir = await createApp('chat-app', 'chat');
      assert.ok(existsSync(join(dir, 'node_modules/socketeer/package.json')));
    });

    test('passes its own npm test', async () => {
      await runItsTests(dir);
    });

    test('builds, starts, serves the page and chats with socket.io clients', async () => {
      const server = await startBuilt(dir);
      try {
        const url = await server.listening();
        const page = await fetch(url);
        assert.match(await page.text(), /<h1>Socketeer chat<\/h1>/);
        const alice = await connect(`${url}/chat`);
        const bob = await connect(`${url}/chat`);
        try {
          assert.equal(await alice.socket.timeout(5000).emitWithAck('register', { username: 'alice' }), undefined);
          assert.equal(await bob.socket.timeout(5000).emitWithAck('register', { username: 'bob' }), undefined);
          assert.deepEqual(await alice.next('user_list'), { users: ['alice'] });
          assert.deepEqual(await alice.next('user_list'), { users: ['alice', 'bob'] });
          await alice.socket
            .timeout(5000)
            .emitWithAck('private_message', { username: 'alice', recipient: 'bob', message: 'psst' });
          assert.deepEqual(await bob.next('private_message'), { username: 'alice', message: 'psst' });
        } finally {
          alice.socket.disconnect();
          bob.socket.disconnect();
        }
      } finally {
        await server.stop();
      }
    });
  });

  describe('interrupted', { concurrency: 1, timeout: 2 * MINUTE }, () => {
    test('Ctrl-C during the install stops npm and removes everything staged', async () => {
      const cwd = join(work.dir, 'interrupted');
      mkdirSync(cwd);
      const run = startServer(creator, ['app', '--install', '--no-git', '--yes', '--socketeer', socketeerTarball], {
        cwd,
        env: QUIET_NPM_ENV,
      });
      try {
        await run.printed('Installing dependencies with npm');
        process.kill(-run.child.pid!, 'SIGINT'); // what a terminal's Ctrl-C does: the creator and npm
        assert.equal(await run.exited(), 130, run.output());
        assert.match(run.output(), /Interrupted; nothing was written\./);
        assert.deepEqual(readdirSync(cwd), []);
      } finally {
        await run.stop();
      }
    });

    test('Ctrl-C that stops npm before it reaches the creator is still an interruption', async () => {
      const cwd = join(work.dir, 'npm-first');
      mkdirSync(cwd);
      const run = startServer(creator, ['app', '--install', '--no-git', '--yes', '--socketeer', socketeerTarball], {
        cwd,
        env: QUIET_NPM_ENV,
      });
      try {
        await run.printed('Installing dependencies with npm');
        // A terminal's Ctrl-C reaches npm and the creator in no set order: here npm first,
        // and it is gone before the creator gets the signal.
        const children = await runCommand('ps', ['-o', 'pid=', '--ppid', String(run.child.pid)], { cwd });
        const npmPid = Number(children.stdout.trim().split(/\s+/)[0]);
        assert.ok(npmPid > 0, `npm's pid, from ps: ${children.stdout}`);
        process.kill(npmPid, 'SIGINT');
        for (let i = 0; i < 500 && isAlive(npmPid); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
        process.kill(run.child.pid!, 'SIGINT');
        assert.equal(await run.exited(), 130, run.output());
        assert.match(run.output(), /Interrupted; nothing was written\./);
        assert.deepEqual(readdirSync(cwd), []);
      } finally {
        await run.stop();
      }
    });
  });

  describe('interactive', { concurrency: 1, timeout: 3 * MINUTE }, () => {
    // Its own directory: the other suites stage their apps beside theirs meanwhile.
    let cwd: string;
    before(() => {
      cwd = join(work.dir, 'interactive');
      mkdirSync(cwd);
    });

    test('asks for name, template, install and git, then creates the app', async () => {
      const session = runInTerminal(creator, ['--socketeer', socketeerTarball], { cwd, env: QUIET_NPM_ENV });
      try {
        await session.waitFor('Project name');
        session.type('asked-app\r');
        await session.waitFor('Which template?');
        session.type('\x1b[B\r'); // arrow down: chat
        await session.waitFor('Install dependencies now?');
        session.type('y');
        await session.waitFor('Initialise a git repository?');
        session.type('n');
        const code = await session.exit(2 * MINUTE);
        assert.equal(code, 0, session.screen());
        assert.match(session.screen(), /Installing dependencies with npm/);
        assert.match(session.screen(), /Created \.\/asked-app from the chat template/);
      } finally {
        session.kill();
      }
      const dir = join(cwd, 'asked-app');
      assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, 'asked-app');
      assert.ok(existsSync(join(dir, 'src/controllers/chat-controller.ts')), 'the chat template was chosen');
      assert.ok(existsSync(join(dir, 'node_modules/socketeer/package.json')), 'dependencies were installed');
      assert.equal(existsSync(join(dir, '.git')), false, 'git was declined');
    });

    test('re-asks for an invalid name, and Ctrl-C leaves nothing behind', async () => {
      const entries = readdirSync(cwd).sort();
      const session = runInTerminal(creator, [], { cwd, env: {} });
      try {
        await session.waitFor('Project name');
        session.type('Bad Name\r');
        await session.waitFor('is not a valid npm package name');
        session.type('\x03');
        assert.equal(await session.exit(), 130, session.screen());
        assert.match(session.screen(), /Cancelled; nothing was written\./);
      } finally {
        session.kill();
      }
      assert.deepEqual(readdirSync(cwd).sort(), entries);
    });
  });
});
