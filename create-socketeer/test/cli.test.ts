/**
 * The creator from source, without installing anything: help, refusals, what it writes, and
 * that a failure leaves nothing behind. Spawned with pipes, so it runs non-interactively.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { detectPackageManager } from '../src/commands.js';
import { GIT_IDENTITY_ENV, PACKAGE_DIR, QUIET_NPM_ENV, runCommand, SOURCE_CLI, tempDir } from './helpers.js';

const [node, ...cliArgs] = SOURCE_CLI;
const version = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;

let work: ReturnType<typeof tempDir>;
before(() => {
  work = tempDir('create-socketeer-cli');
});
after(() => work.remove());

function create(args: string[], cwd = work.dir, env: Record<string, string> = {}) {
  return runCommand(node, [...cliArgs, ...args], { cwd, env, timeout: 30_000 });
}

describe('help and version', () => {
  test('--help lists the arguments, every template and the non-interactive flags', async () => {
    const { code, stdout } = await create(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: create-socketeer \[options\] \[directory\]/);
    for (const text of ['minimal', 'chat', '--template <name>', '--no-install', '--no-git', '--yes']) {
      assert.ok(stdout.includes(text), `--help mentions ${text}`);
    }
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await create(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });
});

describe('refusals: a message that says what to do, a non-zero exit, nothing written', () => {
  test('an unknown template', async () => {
    const { code, stderr } = await create(['app-a', '--template', 'blog', '--yes']);
    assert.equal(code, 1);
    assert.match(stderr, /Unknown template "blog"\. Choose one of: minimal, chat/);
    assert.equal(existsSync(join(work.dir, 'app-a')), false);
  });

  test('a directory name that is not a valid package name', async () => {
    const { code, stderr } = await create(['My App', '--yes']);
    assert.equal(code, 1);
    assert.match(stderr, /"My App" is not a valid npm package name: .*name can no longer contain capital letters/);
    assert.match(stderr, /choose a directory like "my-app"/);
    assert.equal(existsSync(join(work.dir, 'My App')), false);
  });

  test('a directory that is not empty', async () => {
    const dir = join(work.dir, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const { code, stderr } = await create(['taken', '--yes', '--no-install', '--no-git']);
    assert.equal(code, 1);
    assert.match(stderr, /\.\/taken is not empty \(1 entry\)\. Choose a new directory, or empty this one first/);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
  });

  test('a path that is a file', async () => {
    writeFileSync(join(work.dir, 'a-file'), '');
    const { code, stderr } = await create(['a-file', '--yes']);
    assert.equal(code, 1);
    assert.match(stderr, /\.\/a-file exists and is not a directory/);
  });

  test('a directory that cannot be made', async () => {
    writeFileSync(join(work.dir, 'plain-file'), '');
    const { code, stderr } = await create(['plain-file/app', '--yes', '--no-install', '--no-git']);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /^create-socketeer: Cannot create \.\/plain-file\/app: .*plain-file.*\. Choose another directory\.\n$/,
    );
    assert.equal(readFileSync(join(work.dir, 'plain-file'), 'utf8'), '');
  });

  test('an unknown flag, and a second directory', async () => {
    const flag = await create(['app-b', '--templat', 'chat']);
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /unknown option '--templat'/);
    const extra = await create(['app-b', 'app-c']);
    assert.equal(extra.code, 1);
    assert.match(extra.stderr, /too many arguments/);
    assert.equal(existsSync(join(work.dir, 'app-b')), false);
  });

  test('a failed install removes everything it staged', async () => {
    const parent = join(work.dir, 'failing');
    const { code, stderr } = await create(
      ['failing/deep/app', '--install', '--no-git', '--yes', '--socketeer', join(work.dir, 'no-such-socketeer.tgz')],
      work.dir,
      QUIET_NPM_ENV,
    );
    assert.equal(code, 1);
    assert.match(stderr, /npm install failed \(exit code \d+\); nothing was written/);
    assert.match(stderr, /Run again with --no-install/);
    assert.equal(existsSync(parent), false, 'the parent directories it created are gone too');
  });
});

describe('what it writes', () => {
  test('without a terminal and without flags it takes the defaults', async () => {
    const dir = join(work.dir, 'defaults');
    mkdirSync(dir);
    const { code, stdout } = await create(['--no-install', '--no-git'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /Created \.\/socketeer-app from the minimal template/);
    assert.ok(existsSync(join(dir, 'socketeer-app/src/controllers/rooms-controller.ts')));
  });

  test('the minimal template, named after its directory, in a directory it creates', async () => {
    const { code, stdout } = await create([
      'apps/my-app',
      '--template',
      'minimal',
      '--no-install',
      '--no-git',
      '--socketeer',
      '^9.9.9',
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /cd \.\/apps\/my-app\n\s+npm install\n\s+npm run dev\s+# start on http:\/\/127\.0\.0\.1:3000/);
    const dir = join(work.dir, 'apps/my-app');
    assert.deepEqual(readdirSync(dir).sort(), [
      '.gitignore',
      'README.md',
      'package.json',
      'src',
      'test',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
    assert.deepEqual(readdirSync(join(work.dir, 'apps')), ['my-app'], 'no staging directory left beside it');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'my-app');
    assert.deepEqual(pkg.dependencies, { socketeer: '^9.9.9', zod: pkg.dependencies.zod });
    assert.equal(pkg.scripts.dev, 'tsx watch --include src src/server.ts');
    assert.match(pkg.scripts.test, /^tsc --noEmit && node --import tsx --test/);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.match(readme, /^# my-app\n/);
    assert.match(
      readme,
      /^## The two commands\n\n```sh\nnpm run dev {4}# .*restarts when a file changes\nnpm test {7}# typecheck, then run the tests\n```/m,
    );
    assert.match(readFileSync(join(dir, 'tsconfig.json'), 'utf8'), /"experimentalDecorators": true/);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^node_modules\/$/m);
  });

  test('the socketeer dependency defaults to this version, and a tarball path becomes file:', async () => {
    await create(['dep-default', '--no-install', '--no-git', '--yes']);
    const defaults = JSON.parse(readFileSync(join(work.dir, 'dep-default/package.json'), 'utf8'));
    assert.equal(defaults.dependencies.socketeer, `^${version}`);
    await create(['dep-file', '--no-install', '--no-git', '--yes', '--socketeer', './socketeer-1.0.0.tgz']);
    const local = JSON.parse(readFileSync(join(work.dir, 'dep-file/package.json'), 'utf8'));
    assert.equal(local.dependencies.socketeer, `file:${join(work.dir, 'socketeer-1.0.0.tgz')}`);
  });

  test('the chat template into the current, empty directory', async () => {
    const dir = join(work.dir, 'chat-here');
    mkdirSync(dir);
    const { code, stdout } = await create(['.', '--template', 'chat', '--no-install', '--no-git'], dir);
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /cd /);
    for (const file of [
      'src/controllers/chat-controller.ts',
      'src/controllers/notifications-controller.ts',
      'src/server.ts',
      'src/contract.ts',
      'src/client.ts',
      'public/index.html',
      'public/chat.js',
      'public/tsconfig.json',
      'test/chat.test.ts',
      'test/client.test.ts',
    ]) {
      assert.ok(existsSync(join(dir, file)), file);
    }
    assert.equal(
      readdirSync(dir).some((entry) => entry.startsWith('.create-socketeer-')),
      false,
    );
    assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, 'chat-here');
  });

  test('--git makes a repository with a first commit of every file', async () => {
    const { code } = await create(['with-git', '--git', '--no-install', '--yes'], work.dir, GIT_IDENTITY_ENV);
    assert.equal(code, 0);
    const dir = join(work.dir, 'with-git');
    const log = await runCommand('git', ['log', '--format=%s'], { cwd: dir });
    assert.equal(log.stdout.trim(), 'Initial commit from create-socketeer');
    const files = await runCommand('git', ['ls-files'], { cwd: dir });
    assert.ok(files.stdout.split('\n').includes('src/server.ts'));
    assert.ok(files.stdout.split('\n').includes('.gitignore'));
  });
});

test('templates use the versions the repo itself builds and tests with', () => {
  const root = JSON.parse(readFileSync(join(PACKAGE_DIR, '../package.json'), 'utf8'));
  const repoVersions: Record<string, string> = { ...root.devDependencies, ...root.dependencies };
  for (const template of readdirSync(join(PACKAGE_DIR, 'templates'))) {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'templates', template, 'package.json'), 'utf8'));
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (name === 'socketeer') continue; // written at create time
      assert.equal(range, repoVersions[name], `${template} template: ${name}`);
    }
  }
});

test('the package manager that ran the creator is the one it installs with', () => {
  assert.equal(detectPackageManager('pnpm/9.12.0 npm/? node/v20.20.2 linux x64'), 'pnpm');
  assert.equal(detectPackageManager('yarn/4.5.0 npm/? node/v20.20.2 linux x64'), 'yarn');
  assert.equal(detectPackageManager('npm/11.6.0 node/v20.20.2 linux x64 workspaces/false'), 'npm');
  assert.equal(detectPackageManager(''), 'npm');
});
