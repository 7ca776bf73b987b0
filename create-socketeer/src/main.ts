/** What `npm create socketeer` runs: parse, ask (or not), check, create, say what is next. */
import { readFileSync } from 'node:fs';
import * as p from '@clack/prompts';
import { checkDirectory, checkTemplate, displayPath } from './checks.js';
import { parseArgs, type Flags } from './cli.js';
import { detectPackageManager } from './commands.js';
import { create, plainReport, promptReport } from './create.js';
import { CreateError } from './errors.js';
import { ask, DEFAULT_DIRECTORY, type Answers } from './prompts.js';
import { socketeerSpec } from './scaffold.js';
import { DEFAULT_TEMPLATE } from './templates.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Refuses bad flags before anything is asked or written. */
function checkGiven(directory: string | undefined, flags: Flags): void {
  const problem =
    (directory !== undefined ? checkDirectory(directory) : undefined) ??
    (flags.template !== undefined ? checkTemplate(flags.template) : undefined);
  if (problem) throw new CreateError(problem);
}

function given(directory: string | undefined, flags: Flags): Partial<Answers> {
  return {
    ...(directory !== undefined && { directory }),
    ...(flags.template !== undefined && { template: flags.template }),
    ...(flags.install !== undefined && { install: flags.install }),
    ...(flags.git !== undefined && { git: flags.git }),
  };
}

function nextSteps(answers: Answers): string {
  const pm = detectPackageManager();
  const where = displayPath(answers.directory);
  const lines: [string, string][] = [
    ...(where === '.' ? [] : [[`cd ${where}`, ''] as [string, string]]),
    ...(answers.install ? [] : [[`${pm} install`, ''] as [string, string]]),
    [`${pm === 'npm' ? 'npm run' : pm} dev`, 'start on http://127.0.0.1:3000; restarts when a file changes'],
    [`${pm} test`, 'typecheck, then run the tests'],
  ];
  const width = Math.max(...lines.map(([command]) => command.length));
  return lines.map(([command, why]) => (why ? `${command.padEnd(width)}   # ${why}` : command)).join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const { directory, flags } = parseArgs(argv, VERSION);
  const interactive = flags.yes !== true && process.stdin.isTTY === true && process.stdout.isTTY === true;
  try {
    checkGiven(directory, flags);
    if (interactive) p.intro(`create-socketeer ${VERSION}`);
    const partial = given(directory, flags);
    const answers: Answers = interactive
      ? await ask(partial)
      : { directory: DEFAULT_DIRECTORY, template: DEFAULT_TEMPLATE, install: true, git: true, ...partial };
    checkGiven(answers.directory, { template: answers.template });
    const socketeer = socketeerSpec(flags.socketeer ?? `^${VERSION}`);
    await create({ ...answers, socketeer }, interactive ? promptReport : plainReport, interactive);
    const done = `Created ${displayPath(answers.directory)} from the ${answers.template} template. Next:`;
    if (interactive) {
      p.note(nextSteps(answers), done);
      p.outro('Happy hacking.');
    } else {
      console.log(`${done}\n\n${nextSteps(answers).replace(/^/gm, '  ')}\n`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof CreateError)) throw err;
    if (interactive) p.cancel(err.message);
    else console.error(`create-socketeer: ${err.message}`);
    return err.exitCode;
  }
}
