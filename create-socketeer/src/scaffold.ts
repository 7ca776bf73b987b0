/**
 * Writes a project without ever leaving half of one behind: everything (files, install, git)
 * happens in a staging directory, which is moved into place only at the end and removed on
 * any failure or Ctrl-C.
 */
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { templateDir } from './templates.js';

/** Files npm would drop or rename when packing this package, so templates store them under another name. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };

/** Build outputs and installs that must never be copied from a template folder. */
const SKIP = new Set(['node_modules', 'dist', 'package-lock.json']);

export interface ProjectFiles {
  name: string;
  template: string;
  /** The socketeer dependency: a range, a tag or `file:/abs/socketeer.tgz`. */
  socketeer: string;
}

/** Copies a template into `dir` (empty) and makes it the user's project. */
export function writeProject(dir: string, project: ProjectFiles): void {
  const from = templateDir(project.template);
  for (const entry of readdirSync(from)) {
    if (SKIP.has(entry)) continue;
    cpSync(join(from, entry), join(dir, RENAMES[entry] ?? entry), {
      recursive: true,
      filter: (src) => !SKIP.has(basename(src)),
    });
  }
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name?: string; dependencies?: Record<string, string> };
  pkg.name = project.name;
  pkg.dependencies = { ...pkg.dependencies, socketeer: project.socketeer };
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const readmePath = join(dir, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  writeFileSync(readmePath, readme.replace(/^# .*$/m, `# ${project.name}`));
}

/** `--socketeer ./socketeer-0.1.0.tgz` means a local tarball: make it absolute so it survives the move. */
export function socketeerSpec(spec: string): string {
  const looksLikePath = spec.startsWith('.') || isAbsolute(spec) || spec.endsWith('.tgz');
  return looksLikePath && !spec.startsWith('file:') ? `file:${resolve(spec)}` : spec;
}

export interface Staging {
  /** Where to write. */
  dir: string;
  /** Moves the staged project to the target. */
  publish(): void;
  /** Removes everything this staging created. Safe to call twice. */
  discard(): void;
}

/** A fresh directory with the usual permissions (mkdtemp's are owner-only). */
function makeUniqueDir(parent: string, prefix: string): string {
  const dir = join(parent, `${prefix}${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

export function stage(target: string): Staging {
  const exists = (() => {
    try {
      return statSync(target).isDirectory();
    } catch {
      return false;
    }
  })();
  if (exists) {
    // An empty directory (possibly the current one): stage inside it and move the entries
    // up, so the directory itself (and a shell sitting in it) stays the same.
    const dir = makeUniqueDir(target, '.create-socketeer-');
    const moved: string[] = [];
    return {
      dir,
      publish() {
        for (const entry of readdirSync(dir)) {
          renameSync(join(dir, entry), join(target, entry));
          moved.push(entry);
        }
        rmdirSync(dir);
      },
      discard() {
        for (const entry of moved) rmSync(join(target, entry), { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const parent = dirname(target);
  const createdParent = mkdirSync(parent, { recursive: true });
  const dir = makeUniqueDir(parent, `.${basename(target)}-creating-`);
  return {
    dir,
    publish() {
      renameSync(dir, target);
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
      if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
    },
  };
}
