/**
 * Finds the app an entry module describes, for `socketeer routes` and `socketeer asyncapi`:
 * an exported app, a `createXxxApp()` factory (called with no arguments), or exported
 * controller classes. The entry is imported, not run: a server that starts only when it is
 * the main module (`import.meta.url === argv[1]`) does not listen.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../../app.js';
import { SocketeerError } from '../../errors.js';
import { readController } from '../../registry.js';

function isApp(value: unknown): value is App {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as App).routes === 'function' &&
    typeof (value as App).asyncapi === 'function'
  );
}

/** TypeScript entries need a loader; tsx is the one our examples and templates use. */
async function ensureTypeScriptLoader(file: string): Promise<void> {
  if (!/\.[cm]?tsx?$/.test(file)) return;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/\btsx\b/.test(flags)) return;
  try {
    const { register } = (await import('tsx/esm/api')) as { register: () => unknown };
    register();
  } catch {
    throw new SocketeerError(
      'invalid_entry',
      `${file} is TypeScript: install tsx (npm i -D tsx), or point at the compiled .js file.`,
    );
  }
}

export async function loadApp(entry: string): Promise<App> {
  const file = resolve(entry);
  if (!existsSync(file)) throw new SocketeerError('invalid_entry', `${entry} does not exist.`);
  await ensureTypeScriptLoader(file);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new SocketeerError(
      'invalid_entry',
      `could not import ${entry}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  // The default export first, then the named ones in the module's order.
  const values = [
    ...Object.entries(mod).filter(([name]) => name === 'default'),
    ...Object.entries(mod).filter(([name]) => name !== 'default'),
  ];
  const app = values.map(([, v]) => v).find(isApp);
  if (app) return app;
  const factories = values.filter(
    ([name, v]) => typeof v === 'function' && /^create\w*App$/.test(name) && !readController(v as Function),
  );
  if (factories.length > 1) {
    throw new SocketeerError(
      'invalid_entry',
      `${entry} exports several app factories (${factories.map(([n]) => n).join(', ')}); export the app itself instead.`,
    );
  }
  if (factories.length === 1) {
    const [name, factory] = factories[0]!;
    const made: unknown = await (factory as () => unknown)();
    if (isApp(made)) return made;
    throw new SocketeerError('invalid_entry', `${entry}: ${name}() did not return an app.`);
  }
  const controllers = values
    .map(([, v]) => v)
    .filter((v): v is Function => typeof v === 'function' && readController(v) !== undefined);
  if (controllers.length > 0) return createApp({ controllers });
  throw new SocketeerError(
    'invalid_entry',
    `${entry} exports no app, no createXxxApp() factory and no @Namespace() controller.`,
  );
}

/** Runs a command's work with the app an entry describes, and closes it after. */
export async function withApp<T>(entry: string, command: string, work: (app: App) => Promise<T>): Promise<void> {
  let app: App | undefined;
  try {
    app = await loadApp(entry);
    await work(app);
  } catch (err) {
    if (!(err instanceof SocketeerError)) throw err;
    process.stderr.write(`socketeer ${command}: ${err.code}: ${err.message}\n`);
    process.exitCode = 1;
  } finally {
    await app?.close({ deadline: 0 });
  }
}
