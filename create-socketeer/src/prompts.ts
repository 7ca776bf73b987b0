/** The interactive questions, asked only for what the flags left open. */
import * as p from '@clack/prompts';
import { checkDirectory } from './checks.js';
import { Cancelled } from './errors.js';
import { DEFAULT_TEMPLATE, TEMPLATES } from './templates.js';

export const DEFAULT_DIRECTORY = 'socketeer-app';

export interface Answers {
  directory: string;
  template: string;
  install: boolean;
  git: boolean;
}

function answered<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new Cancelled();
  return value as Exclude<T, symbol>;
}

export async function ask(given: Partial<Answers>): Promise<Answers> {
  const directory =
    given.directory ??
    answered(
      await p.text({
        message: 'Project name (also the directory to create)',
        placeholder: DEFAULT_DIRECTORY,
        defaultValue: DEFAULT_DIRECTORY,
        validate: (value) => checkDirectory(value === undefined || value === '' ? DEFAULT_DIRECTORY : value),
      }),
    );
  const template =
    given.template ??
    answered(
      await p.select({
        message: 'Which template?',
        options: TEMPLATES.map((t) => ({ value: t.name, label: t.name, hint: t.hint })),
        initialValue: DEFAULT_TEMPLATE,
      }),
    );
  const install =
    given.install ?? answered(await p.confirm({ message: 'Install dependencies now?', initialValue: true }));
  const git = given.git ?? answered(await p.confirm({ message: 'Initialise a git repository?', initialValue: true }));
  return { directory, template, install, git };
}
