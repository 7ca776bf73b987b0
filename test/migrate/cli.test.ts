// `socketeer migrate` from the command line: bad input gets one clear line and a non-zero exit,
// never a stack trace; good input writes the files and prints the report.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fixtureCase, repoRoot } from './fixture-cases.js';

let work = '';
before(async () => {
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  work = await mkdtemp(path.join(repoRoot, '.tmp', 'migrate-cli-'));
});
after(() => rm(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function socketeer(...args: string[]): Promise<Run> {
  return runCli('src/cli/main.ts', args);
}

/** The migrator's own command, as `npx socketeer-migrate` runs it. */
function socketeerMigrate(...args: string[]): Promise<Run> {
  return runCli('socketeer-migrate/src/cli.ts', args);
}

function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, entry), ...args],
      { cwd: repoRoot, env },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const full = path.join(work, name);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  return full;
}

function assertCleanFailure(run: Run, message: RegExp): void {
  assert.notEqual(run.code, 0, 'exit code');
  assert.match(run.stderr, message);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(run.stdout, '');
}

test('a file that is not Python is refused by name', async () => {
  const js = await file('server.js', "const io = require('socket.io');\n");
  assertCleanFailure(
    await socketeer('migrate', js, '--out', path.join(work, 'out-js')),
    /^socketeer migrate: .*server\.js is not a Python file/,
  );
});

test('JavaScript saved as .py is reported as a Python syntax error with its position', async () => {
  const fake = await file('fake.py', "const io = require('socket.io');\nio.on('connection', (s) => {});\n");
  assertCleanFailure(
    await socketeer('migrate', fake, '--out', path.join(work, 'out-fake')),
    /^socketeer migrate: fake\.py:1:\d+: Python syntax error/,
  );
});

test('a Python syntax error names the file, line and column', async () => {
  const broken = await file(
    'broken.py',
    "from flask_socketio import SocketIO\nsocketio = SocketIO()\n\n@socketio.on('x')\ndef handler(data:\n    pass\n",
  );
  assertCleanFailure(
    await socketeer('migrate', broken, '--out', path.join(work, 'out-broken')),
    /^socketeer migrate: broken\.py:\d+:\d+: Python syntax error/,
  );
});

test('a program without Flask-SocketIO handlers says what was looked for', async () => {
  const plain = await file(
    'routes_only.py',
    "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'hi'\n",
  );
  assertCleanFailure(
    await socketeer('migrate', plain, '--out', path.join(work, 'out-plain')),
    /no Flask-SocketIO handlers found in routes_only\.py \(looked for @<name>\.on/,
  );
  assert.deepEqual(await readdir(work).then((names) => names.filter((n) => n === 'out-plain')), [], 'nothing written');
});

test('a path that does not exist is reported, not thrown', async () => {
  assertCleanFailure(
    await socketeer('migrate', path.join(work, 'missing.py'), '--out', path.join(work, 'out-missing')),
    /cannot read .*missing\.py: no such file or directory/,
  );
});

test('a directory without Python files is reported', async () => {
  await file('empty-project/readme.txt', 'nothing here');
  assertCleanFailure(
    await socketeer('migrate', path.join(work, 'empty-project'), '--out', path.join(work, 'out-empty')),
    /no Python files \(\*\.py\) found under/,
  );
});

test('a binary file named .py is reported as not text', async () => {
  const binary = await file('blob.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  assertCleanFailure(
    await socketeer('migrate', binary, '--out', path.join(work, 'out-blob')),
    /blob\.py is not a text file/,
  );
});

test('an output path that cannot be written is reported', async () => {
  const blocker = await file('not-a-dir', 'a file where the output directory should go');
  assertCleanFailure(
    await socketeer('migrate', fixtureCase('rooms').input, '--out', path.join(blocker, 'out')),
    /cannot write to .*not-a-dir/,
  );
});

test('files in --out that the migrator did not write are left alone unless --force', async () => {
  const out = path.join(work, 'out-existing');
  const mine = await file('out-existing/server.ts', "console.log('my own server');\n");
  const refused = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assertCleanFailure(
    refused,
    /out-existing\/server\.ts exists and was not written by socketeer migrate; choose another --out or pass --force/,
  );
  assert.equal(await readFile(mine, 'utf8'), "console.log('my own server');\n");
  const again = await socketeer('migrate', fixtureCase('rooms').input, '--out', out, '--force');
  assert.equal(again.code, 0, again.stderr);
  assert.match(await readFile(mine, 'utf8'), /^\/\/ Migrated by `socketeer migrate`/);
  // a second run over its own output needs no --force
  const rerun = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assert.equal(rerun.code, 0, rerun.stderr);
});

test('a missing --out is a usage error', async () => {
  assertCleanFailure(
    await socketeer('migrate', fixtureCase('rooms').input),
    /required option '-o, --out <dir>' not specified/,
  );
});

test('a good program writes the files and prints the report', async () => {
  const out = path.join(work, 'out-rooms');
  const run = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.deepEqual((await readdir(out)).sort(), ['root-controller.ts', 'routes.ts', 'server.ts', 'shared.ts']);
  assert.match(run.stdout, /^Wrote 4 files to .*out-rooms:/);
  assert.match(run.stdout, /Per source file .*\n {2}app\.py: 4\/4 handlers, 100% of \d+ statements, 0 TODOs/);
  assert.match(run.stdout, /app\.py:6 {2}Flask app config is not needed/);
  assert.match(
    run.stdout,
    /Flask routes \(1\), served by express from routes\.ts:\n {2}app\.py:11 {2}GET \/ \(status_page\) -> \/\n/,
  );
});

test('socketeer migrate without the socketeer-migrate package says how to run it', async () => {
  const run = await runCli('src/cli/main.ts', ['migrate', 'app.py', '--out', 'src/'], {
    ...process.env,
    SOCKETEER_MIGRATE_PACKAGE: 'socketeer-migrate-not-installed',
  });
  assertCleanFailure(run, /the migrator is a separate package \(socketeer-migrate\)/);
  assert.match(run.stderr, /npx socketeer-migrate app\.py --out src\//);
});

test('socketeer-migrate --json prints the report for tools, with per-file counts', async () => {
  const out = path.join(work, 'out-json');
  const run = await socketeerMigrate(fixtureCase('package-app').input, '--out', out, '--json');
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    files: Array<{ file: string; handlers: { found: number; migrated: number }; statements: { share: number } }>;
    totals: { handlers: { found: number; migrated: number }; todos: number };
  };
  assert.deepEqual(report.totals.handlers, { found: 12, migrated: 12 });
  const events = report.files.find((f) => f.file === 'chatapp/events.py');
  assert.deepEqual(events?.handlers, { found: 6, migrated: 6 });
  assert.equal(events?.statements.share, 1);
  assert.equal(report.totals.todos, 0);
});

test('socketeer-migrate --json lists the Flask routes and whether each view migrated', async () => {
  const run = await socketeerMigrate(
    fixtureCase('http-routes').input,
    '--out',
    path.join(work, 'out-routes'),
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    written: string[];
    routes: Array<{
      file: string;
      line: number;
      methods: string[];
      path: string;
      functionName: string;
      migrated: boolean;
    }>;
  };
  assert.ok(report.written.includes('routes.ts'));
  assert.equal(report.routes.length, 12);
  assert.deepEqual(
    report.routes.filter((r) => !r.migrated).map((r) => `${r.methods.join(',')} ${r.path} (${r.functionName})`),
    ['GET /stats (stats)'],
  );
  assert.deepEqual(
    report.routes.find((r) => r.functionName === 'show_notice'),
    {
      file: 'app.py',
      line: 69,
      methods: ['GET'],
      path: '/notices/<int:notice_id>',
      functionName: 'show_notice',
      migrated: true,
    },
  );
});

test('handlers that exist but cannot be registered are named with the reason', async () => {
  const dynamic = await file(
    'dynamic.py',
    "from flask_socketio import SocketIO\nsocketio = SocketIO()\nEVENTS = ['a']\n\n@socketio.on(EVENTS[0])\ndef handler(data):\n    return data\n\nsocketio.on_event('b', lambda d: d)\n",
  );
  const run = await socketeerMigrate(dynamic, '--out', path.join(work, 'out-dynamic'));
  assertCleanFailure(
    run,
    /dynamic\.py has Flask-SocketIO handlers, but none could be registered:\n {2}dynamic\.py:5: the event name EVENTS\[0\] is not a string literal or a module constant/,
  );
  assert.match(run.stderr, /dynamic\.py:9: socketio\.on_event\(\): the handler lambda d: d is not a function name/);
});

test('emitting a reserved event name is reported with the fix', async () => {
  const reserved = await file(
    'reserved.py',
    "from flask_socketio import SocketIO, emit\nsocketio = SocketIO()\n\n@socketio.on('hello')\ndef hello():\n    emit('connect', {'ok': True})\n",
  );
  const run = await socketeerMigrate(reserved, '--out', path.join(work, 'out-reserved'));
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /Reserved event names emitted \(1\):\n {2}reserved\.py:6 {2}emit\('connect'\): 'connect' is reserved by socket\.io/,
  );
});

test('the migration guide names every key of the --json report', async () => {
  const run = await socketeerMigrate(fixtureCase('rooms').input, '--out', path.join(work, 'out-json-keys'), '--json');
  assert.equal(run.code, 0, run.stderr);
  const guide = await readFile(path.join(repoRoot, 'docs/migrating-from-flask-socketio.md'), 'utf8');
  const section = /^### The report\n([\s\S]*?)(?=^#)/m.exec(guide)?.[1] ?? '';
  const keys = Object.keys(JSON.parse(run.stdout) as object).filter((k) => k !== 'out' && k !== 'written');
  assert.deepEqual(
    keys.filter((k) => !section.includes(`\`${k}\``)),
    [],
    'keys the guide does not mention',
  );
});
