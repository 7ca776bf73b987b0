import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SocketeerError } from '../../errors.js';
import { withApp } from './load-app.js';
import { formatRoutes } from './routes-table.js';

/** Registers `socketeer routes <entry> [--json]`. */
export function registerRoutesCommand(program: Command): void {
  program
    .command('routes')
    .description("list every namespace's events (handler, schema, guards, rate limit, deadline) and declared emits")
    .argument('<entry>', 'a module exporting the app, a createXxxApp() factory, or controller classes')
    .option('--json', 'print the listing as JSON')
    .action((entry: string, options: { json?: boolean }) =>
      withApp(entry, 'routes', async (app) => {
        const listing = await app.routes();
        process.stdout.write(options.json ? `${JSON.stringify(listing, null, 2)}\n` : formatRoutes(listing));
      }),
    );
}

/** Registers `socketeer asyncapi <entry> [--out file]`. */
export function registerAsyncApiCommand(program: Command): void {
  program
    .command('asyncapi')
    .description("write the app's AsyncAPI 3.0 document (JSON)")
    .argument('<entry>', 'a module exporting the app, a createXxxApp() factory, or controller classes')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--title <title>', "the document's title (default: package.json's name)")
    .option('--api-version <version>', "your API's version (default: package.json's version)")
    .action((entry: string, options: { out?: string; title?: string; apiVersion?: string }) =>
      withApp(entry, 'asyncapi', async (app) => {
        const pkg = await readFile('package.json', 'utf8').then(
          (text) => JSON.parse(text) as { name?: string; version?: string; description?: string },
          () => ({}) as Record<string, undefined>,
        );
        const title = options.title ?? pkg.name;
        const version = options.apiVersion ?? pkg.version;
        const doc = await app.asyncapi({
          ...(title !== undefined && { title }),
          ...(version !== undefined && { version }),
          ...(pkg.description !== undefined && { description: pkg.description }),
        });
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (options.out === undefined) return void process.stdout.write(text);
        await writeFile(options.out, text).catch((err: Error) => {
          throw new SocketeerError('invalid_option', `cannot write ${options.out}: ${err.message}`);
        });
        process.stderr.write(`socketeer asyncapi: wrote ${options.out}\n`);
      }),
    );
}
