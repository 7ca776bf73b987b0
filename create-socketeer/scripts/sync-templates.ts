/**
 * Each template is one of the repo's examples, laid out as a standalone project: the example's
 * controllers, server and page are copied at pack time (prepack) and before the test run
 * (scripts/run-tests.mjs), never committed, so the two cannot drift. Only a template's own files
 * are kept in git: package.json, tsconfigs, README, gitignore and test/.
 *
 *   npm run sync-templates -w create-socketeer     # to look at a template by hand
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** Template folders that hold only copies: anything else in them is stale. */
export const COPIED_DIRS = ['src', 'public'];

interface Source {
  example: string;
  /** Example path -> template path, or undefined for what stays the example's own (README, tests). */
  place(path: string): string | undefined;
  /** The only edits: [template path, from, to]; each must apply exactly once. */
  edits: [string, string, string][];
}

export const SOURCES: Record<string, Source> = {
  // The minimal room chat (Flask-SocketIO's join/leave/message): one controller.
  minimal: {
    example: 'rooms',
    place: (path) =>
      ['server.ts', 'contract.ts', 'client.ts'].includes(path)
        ? `src/${path}`
        : path === 'rooms-controller.ts'
          ? 'src/controllers/rooms-controller.ts'
          : undefined,
    edits: [
      ['src/server.ts', "from './rooms-controller.js'", "from './controllers/rooms-controller.js'"],
      ['src/server.ts', 'Run it: `npx tsx examples/rooms/server.ts`', 'Run it: `npm run dev`'],
      ['src/contract.ts', "from './rooms-controller.js'", "from './controllers/rooms-controller.js'"],
      ['src/client.ts', 'npx tsx examples/rooms/client.ts', 'npm run client --'],
    ],
  },
  // The rooms-and-namespaces chat with its page.
  chat: {
    example: 'chat',
    place: (path) =>
      path.startsWith('controllers/') ||
      ['schemas.ts', 'server.ts', 'emits.ts', 'contract.ts', 'client.ts'].includes(path)
        ? `src/${path}`
        : path.startsWith('public/')
          ? path
          : undefined,
    // server.ts moves into src/, so public/ is one level up (from dist/ too, once built); the
    // page's type check finds the contract in src/ and the project's tsconfig one level up.
    edits: [
      ['src/server.ts', "new URL('./public', import.meta.url)", "new URL('../public', import.meta.url)"],
      ['public/chat.js', "from '../contract.js'", "from '../src/contract.js'"],
      ['public/tsconfig.json', '"extends": "../../../tsconfig.json"', '"extends": "../tsconfig.json"'],
      ['src/client.ts', 'npx tsx examples/chat/client.ts', 'npm run client --'],
    ],
  },
};

export const exampleDir = (template: string) => join(EXAMPLES_DIR, SOURCES[template]!.example);
export const templateDir = (template: string) => join(TEMPLATES_DIR, template);

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [relative(base, full).split('\\').join('/')];
  });
}

/** What a template's copied files must hold: template path -> content. */
export function derive(template: string, from = exampleDir(template)): Map<string, string> {
  const source = SOURCES[template]!;
  const files = new Map<string, string>();
  for (const path of filesUnder(from).sort()) {
    const target = source.place(path);
    if (target !== undefined) files.set(target, readFileSync(join(from, path), 'utf8'));
  }
  for (const [path, before, after] of source.edits) {
    const content = files.get(path) ?? '';
    if (content.split(before).length !== 2) {
      throw new Error(
        `${source.example}: ${path} no longer contains ${before} exactly once; update scripts/sync-templates.ts.`,
      );
    }
    files.set(path, content.replace(before, after));
  }
  return files;
}

/** The files now in a template's copied folders. */
export function copiedFilesNow(template: string): string[] {
  const dir = templateDir(template);
  return COPIED_DIRS.filter((sub) => existsSync(join(dir, sub))).flatMap((sub) =>
    filesUnder(join(dir, sub)).map((path) => `${sub}/${path}`),
  );
}

export function sync(template: string, from = exampleDir(template)): void {
  const wanted = derive(template, from);
  const dir = templateDir(template);
  for (const path of copiedFilesNow(template)) if (!wanted.has(path)) rmSync(join(dir, path));
  for (const [path, content] of wanted) {
    const target = join(dir, path);
    // Unchanged files are left alone, so a sync during a test run (npm pack) never rewrites a
    // file another test is reading.
    if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // An optional argument: another examples/ folder (e.g. a checkout of a branch).
  const examples = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  for (const template of Object.keys(SOURCES)) {
    sync(template, examples === undefined ? undefined : join(examples, SOURCES[template]!.example));
    if (!process.argv.includes('--quiet'))
      console.log(`templates/${template} now matches examples/${SOURCES[template]!.example}.`);
  }
}
