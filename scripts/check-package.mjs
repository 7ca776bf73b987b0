#!/usr/bin/env node
// Checks the packages as they would be published (`npm run lint` runs it): builds them, lints
// their package.json against what is packed (publint), checks that their types resolve under
// every ESM resolution mode (@arethetypeswrong/cli), and compiles a consumer against the built
// .d.ts files, which `stripInternal` has taken the @internal members out of.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`check-package: ${[command, ...args].join(' ')} failed\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return result.stdout;
}

run('npm', ['run', 'build', '--silent']);
run('npm', ['run', 'build', '--silent', '-w', 'create-socketeer']);

run(bin('publint'), ['--strict', '.']);
run(bin('publint'), ['--strict', 'create-socketeer']);
// ESM only by design (Node 20 and 24 load it with `import`), so the CommonJS-era modes are out.
run(bin('attw'), ['--pack', '.', '--profile', 'esm-only']);

// A consumer's compile of the built types, with the library checks on.
const consumer = mkdtempSync(join(tmpdir(), 'socketeer-consumer-'));
try {
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(root, join(consumer, 'node_modules', 'socketeer'), 'dir');
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
        experimentalDecorators: true,
      },
      files: ['app.ts'],
    }),
  );
  writeFileSync(
    join(consumer, 'app.ts'),
    [
      "import { createApp, emit, joinRoom, Namespace, On, request, type RequestContext } from 'socketeer';",
      "import { createTestClient } from 'socketeer/testing';",
      "@Namespace('/chat')",
      'export class Chat {',
      "  @On('join') join(room: string) { joinRoom(room); emit('joined', { sid: request.sid }); }",
      '}',
      'export const app = createApp({ controllers: [Chat] });',
      'export const ctx: RequestContext | undefined = undefined;',
      "export const client = createTestClient(app, { namespace: '/chat' });",
      '',
    ].join('\n'),
  );
  run(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', consumer]);
} finally {
  rmSync(consumer, { recursive: true, force: true });
}
