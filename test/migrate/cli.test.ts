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
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
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
  assertCleanFailure(await socketeer('migrate', js, '--out', path.join(work, 'out-js')), /^socketeer migrate: .*server\.js is not a Python file/);
});

test('JavaScript saved as .py is reported as a Python syntax error with its position', async () => {
  const fake = await file('fake.py', "const io = require('socket.io');\nio.on('connection', (s) => {});\n");
  assertCleanFailure(await socketeer('migrate', fake, '--out', path.join(work, 'out-fake')), /^socketeer migrate: fake\.py:1:\d+: Python syntax error/);
});

test('a Python syntax error names the file, line and column', async () => {
  const broken = await file('broken.py', "from flask_socketio import SocketIO\nsocketio = SocketIO()\n\n@socketio.on('x')\ndef handler(data:\n    pass\n");
  assertCleanFailure(await socketeer('migrate', broken, '--out', path.join(work, 'out-broken')), /^socketeer migrate: broken\.py:\d+:\d+: Python syntax error/);
});

test('a program without Flask-SocketIO handlers says what was looked for', async () => {
  const plain = await file('routes_only.py', "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'hi'\n");
  assertCleanFailure(await socketeer('migrate', plain, '--out', path.join(work, 'out-plain')), /no Flask-SocketIO handlers found in routes_only\.py \(looked for @socketio\.on/);
  assert.deepEqual(await readdir(work).then((names) => names.filter((n) => n === 'out-plain')), [], 'nothing written');
});

test('a path that does not exist is reported, not thrown', async () => {
  assertCleanFailure(await socketeer('migrate', path.join(work, 'missing.py'), '--out', path.join(work, 'out-missing')), /cannot read .*missing\.py: no such file or directory/);
});

test('a directory without Python files is reported', async () => {
  await file('empty-project/readme.txt', 'nothing here');
  assertCleanFailure(await socketeer('migrate', path.join(work, 'empty-project'), '--out', path.join(work, 'out-empty')), /no Python files \(\*\.py\) found under/);
});

test('a binary file named .py is reported as not text', async () => {
  const binary = await file('blob.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  assertCleanFailure(await socketeer('migrate', binary, '--out', path.join(work, 'out-blob')), /blob\.py is not a text file/);
});

test('an output path that cannot be written is reported', async () => {
  const blocker = await file('not-a-dir', 'a file where the output directory should go');
  assertCleanFailure(await socketeer('migrate', fixtureCase('rooms').input, '--out', path.join(blocker, 'out')), /cannot write to .*not-a-dir/);
});

test('files in --out that the migrator did not write are left alone unless --force', async () => {
  const out = path.join(work, 'out-existing');
  const mine = await file('out-existing/server.ts', "console.log('my own server');\n");
  const refused = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assertCleanFailure(refused, /out-existing\/server\.ts exists and was not written by socketeer migrate; choose another --out or pass --force/);
  assert.equal(await readFile(mine, 'utf8'), "console.log('my own server');\n");
  const again = await socketeer('migrate', fixtureCase('rooms').input, '--out', out, '--force');
  assert.equal(again.code, 0, again.stderr);
  assert.match(await readFile(mine, 'utf8'), /^\/\/ Migrated by `socketeer migrate`/);
  // a second run over its own output needs no --force
  const rerun = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assert.equal(rerun.code, 0, rerun.stderr);
});

test('a missing --out is a usage error', async () => {
  assertCleanFailure(await socketeer('migrate', fixtureCase('rooms').input), /required option '-o, --out <dir>' not specified/);
});

test('a good program writes the files and prints the report', async () => {
  const out = path.join(work, 'out-rooms');
  const run = await socketeer('migrate', fixtureCase('rooms').input, '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.deepEqual((await readdir(out)).sort(), ['root-controller.ts', 'server.ts', 'shared.ts']);
  assert.match(run.stdout, /^Wrote 3 files to .*out-rooms:/);
  assert.match(run.stdout, /app\.py:6 {2}Flask app config has no Socketeer equivalent/);
  assert.match(run.stdout, /app\.py:11 {2}GET \/ \(status_page\) -> app\.express\.get\('\/', \.\.\.\)/);
});
