/**
 * The refusals: each returns a message that says what is wrong and what to do, or
 * undefined when the answer is fine. Prompts show the message and ask again; flags fail.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import validate from 'validate-npm-package-name';
import { TEMPLATES, findTemplate } from './templates.js';

/** The package name of a project created in `dir`: the directory's own name. */
export function packageNameFor(dir: string): string {
  return basename(resolve(dir));
}

/** A valid package name close to `name`, to suggest. */
export function suggestName(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return cleaned.length > 0 ? cleaned : 'socketeer-app';
}

export function checkPackageName(name: string): string | undefined {
  const result = validate(name);
  if (result.validForNewPackages) return undefined;
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return (
    `"${name}" is not a valid npm package name: ${reasons.join('; ')}. ` +
    `The package name is the directory's name; choose a directory like "${suggestName(name)}".`
  );
}

/** A path as the user would type it, relative to where they are. */
export function displayPath(dir: string): string {
  const rel = relative(process.cwd(), resolve(dir));
  return rel === '' ? '.' : rel.startsWith('..') ? resolve(dir) : `./${rel}`;
}

export function checkTarget(dir: string): string | undefined {
  const shown = displayPath(dir);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    return undefined; // does not exist yet: we create it
  }
  if (!isDirectory) return `${shown} exists and is not a directory. Choose another name.`;
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    return (
      `${shown} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}). ` +
      `Choose a new directory, or empty this one first: create-socketeer never writes over files.`
    );
  }
  return undefined;
}

export function checkTemplate(name: string): string | undefined {
  if (findTemplate(name)) return undefined;
  return `Unknown template "${name}". Choose one of: ${TEMPLATES.map((t) => t.name).join(', ')} (see --help).`;
}

/** Every refusal for a directory, in the order the user would fix them. */
export function checkDirectory(dir: string): string | undefined {
  if (dir.trim() === '') return 'Enter a directory name, e.g. my-app.';
  return checkPackageName(packageNameFor(dir)) ?? checkTarget(dir);
}
