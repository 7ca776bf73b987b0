import { fileURLToPath } from 'node:url';

export interface Template {
  name: string;
  hint: string;
}

/** The templates shipped in this package (templates/<name>/); the first is the default. */
export const TEMPLATES: readonly Template[] = [
  { name: 'minimal', hint: 'one controller that joins, leaves and talks in rooms; one test' },
  { name: 'chat', hint: 'namespaces, rooms, private messages, notifications and a page' },
];

export const DEFAULT_TEMPLATE = 'minimal';

export function findTemplate(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** Where a template's files are: beside dist/ in the package, beside src/ in the repo. */
export function templateDir(name: string): string {
  return fileURLToPath(new URL(`../templates/${name}/`, import.meta.url));
}
