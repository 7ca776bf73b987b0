// The chat page's script is type-checked against the contract by `npm run typecheck`: chat.js is
// in the page's project, and a socket call that breaks the contract fails tsc.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsc = resolve('node_modules/typescript/bin/tsc');

test('npm run typecheck checks public/chat.js against the chat contract', async () => {
  const script = JSON.parse(await readFile('package.json', 'utf8')).scripts.typecheck as string;
  assert.ok(script.includes('-p examples/chat/public'), 'typecheck runs tsc -p examples/chat/public');
  const { stdout } = await run(process.execPath, [tsc, '-p', 'examples/chat/public', '--listFilesOnly'], {
    timeout: 90_000,
  });
  const listed = stdout.split('\n').map((l) => l.trim());
  assert.ok(listed.includes(resolve('examples/chat/public/chat.js')));
  assert.ok(listed.includes(resolve('examples/chat/contract.ts')));
});

test('a page whose socket calls break the contract does not compile', async () => {
  // A copy of the page's project beside the original, so its relative imports still resolve.
  const dir = resolve('examples/chat/.tmp-page-check');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  try {
    const page = await readFile('examples/chat/public/chat.js', 'utf8');
    const broken = page
      .replace(
        "notifications.emit('broadcast_notification', { message });",
        "notifications.emit('broadcast_notification', { text: message });",
      )
      .replace("chat.emit('join_room', { room });", "chat.emit('join_rooms', { room });");
    assert.notEqual(broken, page);
    await writeFile(join(dir, 'chat.js'), broken);
    await copyFile('examples/chat/public/tsconfig.json', join(dir, 'tsconfig.json'));
    const result = await run(process.execPath, [tsc, '-p', dir], { timeout: 90_000 }).then(
      () => ({ stdout: '' }),
      (err: { stdout: string }) => err,
    );
    assert.match(
      result.stdout,
      /chat\.js\(\d+,\d+\): error TS2353: Object literal may only specify known properties, and 'text' does not exist/,
    );
    assert.match(result.stdout, /chat\.js\(\d+,\d+\): error TS2345: Argument of type '"join_rooms"' is not assignable/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
