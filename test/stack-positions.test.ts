/**
 * A handler failure is logged as one readable record (Class.method, event, code, message) with
 * its stack below, and every position in that stack names a file that exists: under tsx (the
 * .ts sources) and in the compiled package run with --enable-source-maps (which ships no maps
 * pointing at unshipped sources).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dir = path.resolve('.tmp', `stack-positions-${process.pid}`);

before(() => mkdir(dir, { recursive: true }));
after(() => rm(dir, { recursive: true, force: true }));

/** The file of each `at` frame in the output (node: internals left out). */
function framePaths(output: string): string[] {
  return [...output.matchAll(/^\s+at (?:.*\()?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/gm)].map((m) =>
    m[1]!.replace(/^file:\/\//, ''),
  );
}

/** A server that fails in ShopController.buy, one client that triggers it; prints what the log said. */
const scenario = (importFrom: string, decorators: boolean) => `
import { createApp${decorators ? ', Namespace, On' : ''} } from '${importFrom}';
import { io } from 'socket.io-client';
${
  decorators
    ? `@Namespace('/shop')
class ShopController {
  @On('buy')
  buy(order: { items?: string[] }) {
    return order.items!.length; // THROWS HERE
  }
}
const app = createApp({ controllers: [ShopController] });`
    : `const app = createApp();
app.on('buy', function buy(order) {
  return order.items.length; // THROWS HERE
}, { namespace: '/shop' });`
}
const { port } = await app.listen(0, '127.0.0.1');
const socket = io('http://127.0.0.1:' + port + '/shop', { transports: ['websocket'] });
await socket.timeout(5000).emitWithAck('buy', {});
socket.close();
await app.close({ deadline: 0 });
`;

function checkRecord(stderr: string, file: string, handler: string): void {
  const [header] = stderr.split('\n').filter((l) => l.startsWith('socketeer error handler failed'));
  assert.ok(header, stderr);
  // The logger writes a value bare only when it holds no spaces, quotes or brackets; else JSON-quoted.
  const shown = /^[\w.:/@+-]*$/.test(handler) ? handler : JSON.stringify(handler);
  assert.match(
    header,
    new RegExp(
      `namespace=/shop event=buy handler=${shown.replace(/[.()'"\\]/g, '\\$&')} code=internal_error err=TypeError: Cannot read properties of undefined \\(reading 'length'\\)$`,
    ),
  );
  const paths = framePaths(stderr);
  assert.ok(paths.length >= 3, stderr);
  for (const p of paths) assert.ok(existsSync(p), `the stack names ${p}, which does not exist:\n${stderr}`);
  const line = stderr.split('\n').find((l) => l.includes(file))!;
  assert.ok(line, `the first frames include the handler's own file:\n${stderr}`);
}

test('under tsx: the record names ShopController.buy, and the stack points at .ts files that exist', async () => {
  const file = path.join(dir, 'tsx-scenario.ts');
  await writeFile(file, scenario('socketeer', true));
  const { stderr } = await run(process.execPath, ['--import', 'tsx', file], { timeout: 60_000 });
  checkRecord(stderr, file, 'ShopController.buy');
  const throwLine =
    scenario('socketeer', true)
      .split('\n')
      .findIndex((l) => l.includes('THROWS HERE')) + 1;
  assert.match(
    stderr,
    new RegExp(`${file.replace(/[.]/g, '\\.')}:${throwLine}:`),
    'the first frame is the line that threw',
  );
  assert.ok(framePaths(stderr).some((p) => p.endsWith('src/dispatcher.ts')));
});

test('compiled with tsconfig.build.json and run with --enable-source-maps: every position names a file that exists', async () => {
  const out = path.join(dir, 'build');
  await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out], {
    timeout: 120_000,
  }).catch((err: Error & { stdout?: string }) => {
    throw new Error(`tsc failed: ${err.stdout ?? err.message}`);
  });
  const file = path.join(dir, 'compiled-scenario.mjs');
  await writeFile(file, scenario(path.join(out, 'src/index.js'), false));
  const { stderr } = await run(process.execPath, ['--enable-source-maps', file], { timeout: 60_000 });
  checkRecord(stderr, file, "app.on('buy')");
  assert.ok(
    framePaths(stderr).some((p) => p === path.join(out, 'src/dispatcher.js')),
    stderr,
  );
  // The package ships the build, not src/ or decorators/: no position may lead there.
  for (const p of framePaths(stderr)) {
    assert.ok(
      !p.startsWith(path.resolve('src') + path.sep) && !p.startsWith(path.resolve('decorators') + path.sep),
      `${p} is not in the package:\n${stderr}`,
    );
  }
});
