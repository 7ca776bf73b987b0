// The `socketeer` command itself: --version, and what `migrate --help` and a clean migration print.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

let work = '';
before(async () => {
  await mkdir('.tmp', { recursive: true });
  work = await mkdtemp(path.join('.tmp', 'cli-'));
});
after(() => rm(work, { recursive: true, force: true }));

function socketeer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('socketeer --version prints the package version', async () => {
  const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const run = await socketeer(flag);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), version);
  }
});

test('socketeer migrate --help says what is required and shows an example', async () => {
  const run = await socketeer('migrate', '--help');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /input\s+\(required\)/);
  assert.match(run.stdout, /-o, --out <dir>\s+\(required\)/);
  assert.match(run.stdout, /Example:\n\s+socketeer migrate app\.py --out \S+/);
});

test('a migration with nothing left to do by hand prints no empty sections', async () => {
  const input = path.join(work, 'app.py');
  await writeFile(
    input,
    [
      'from flask import Flask',
      'from flask_socketio import SocketIO, emit',
      '',
      'app = Flask(__name__)',
      'socketio = SocketIO(app)',
      '',
      '',
      "@socketio.on('ping')",
      'def ping(data):',
      "    emit('pong', data)",
      '',
    ].join('\n'),
  );
  const run = await socketeer('migrate', input, '--out', path.join(work, 'out'));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Wrote \d+ files to /);
  assert.doesNotMatch(run.stdout, /Kept as comments|Flask routes to move/);
  assert.doesNotMatch(run.stdout, /\(0\)/);
});
