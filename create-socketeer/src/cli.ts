/** The command line: `create-socketeer [directory] [options]`, parsed by commander. */
import { Command, Option } from 'commander';
import { DEFAULT_TEMPLATE, TEMPLATES } from './templates.js';

export interface Flags {
  template?: string;
  install?: boolean;
  git?: boolean;
  yes?: boolean;
  socketeer?: string;
}

export interface Invocation {
  directory: string | undefined;
  flags: Flags;
}

const EXAMPLES = `
Examples:
  npm create socketeer@latest                       asks for everything
  npm create socketeer@latest my-app                asks for the rest
  npm create socketeer@latest my-app -- --template chat --install --no-git --yes

Without a terminal to ask in (CI, scripts) or with --yes, any answer not given as a flag
takes its default: directory socketeer-app, template ${DEFAULT_TEMPLATE}, install and git yes.
Through npm create, put flags after "--" so npm passes them on.`;

export function parseArgs(argv: string[], version: string): Invocation {
  const program = new Command('create-socketeer')
    .description('Create a Socketeer app: controllers, a server, tests, ready to run.')
    .version(version, '-v, --version')
    .argument('[directory]', 'where to create the app; its name becomes the package name')
    .addOption(
      new Option(
        '-t, --template <name>',
        `the app to start from: ${TEMPLATES.map((t) => `${t.name} (${t.hint})`).join(', ')}`,
      ),
    )
    .option('--install', 'install dependencies now (default)')
    .option('--no-install', 'do not install dependencies')
    .option('--git', 'initialise a git repository with a first commit (default)')
    .option('--no-git', 'do not initialise git')
    .option('-y, --yes', 'never ask: take the default for any answer not given')
    .option(
      '--socketeer <spec>',
      'the socketeer dependency to write: a version range, a tag or a path to a .tgz (default: this version)',
    )
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(create-socketeer --help shows the options)')
    .allowExcessArguments(false);
  program.parse(argv);
  return { directory: program.args[0], flags: program.opts<Flags>() };
}
