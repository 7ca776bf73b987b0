/**
 * The chat template is the repo's chat example (examples/chat), laid out as a standalone
 * project: its controllers, schemas, refusals, server and page are copied, not rewritten, so
 * the two cannot drift (test/template-sync.test.ts fails when they differ). Only the template's
 * own files stay its own: package.json, tsconfigs, README, gitignore and test/.
 *
 *   npm run sync-templates -w create-socketeer     # after changing examples/chat
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/chat/', import.meta.url));
export const TEMPLATE_DIR = fileURLToPath(new URL('../templates/chat/', import.meta.url));

/** Template folders that hold only copies: anything else in them is stale. */
export const COPIED_DIRS = ['src', 'public'];

/** Example path -> template path, for what is copied as is. */
function destination(path: string): string | undefined {
  if (path.startsWith('controllers/') || path === 'schemas.ts' || path === 'refusals.ts' || path === 'server.ts') return `src/${path}`;
  if (path.startsWith('public/')) return path;
  return undefined; // README.md and test/ are the example's own
}

/**
 * server.ts sits in src/ in the template, beside neither public/ nor the place tsc builds it
 * to (dist/), so the page's path moves up one level. The only edit; it must apply exactly once.
 */
function adapt(templatePath: string, content: string): string {
  if (templatePath !== 'src/server.ts') return content;
  const from = "new URL('./public', import.meta.url)";
  if (content.split(from).length !== 2) throw new Error(`examples/chat/server.ts no longer contains ${from} once; update ${relative(process.cwd(), fileURLToPath(import.meta.url))}.`);
  return content.replace(from, "new URL('../public', import.meta.url)");
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [relative(base, full)];
  });
}

/** What the template's copied files must hold: template path -> content. */
export function deriveChatTemplate(exampleDir = EXAMPLE_DIR): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of filesUnder(exampleDir).sort()) {
    const target = destination(path.split('\\').join('/'));
    if (target !== undefined) files.set(target, adapt(target, readFileSync(join(exampleDir, path), 'utf8')));
  }
  return files;
}

/** The files now in the template's copied folders. */
export function copiedFilesNow(templateDir = TEMPLATE_DIR): string[] {
  return COPIED_DIRS.filter((dir) => existsSync(join(templateDir, dir))).flatMap((dir) =>
    filesUnder(join(templateDir, dir)).map((path) => `${dir}/${path.split('\\').join('/')}`),
  );
}

export function syncChatTemplate(exampleDir = EXAMPLE_DIR, templateDir = TEMPLATE_DIR): void {
  const wanted = deriveChatTemplate(exampleDir);
  for (const path of copiedFilesNow(templateDir)) if (!wanted.has(path)) rmSync(join(templateDir, path));
  for (const [path, content] of wanted) {
    mkdirSync(dirname(join(templateDir, path)), { recursive: true });
    writeFileSync(join(templateDir, path), content);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  syncChatTemplate(process.argv[2] ?? EXAMPLE_DIR);
  console.log(`templates/chat now matches ${process.argv[2] ?? 'examples/chat'}.`);
}
