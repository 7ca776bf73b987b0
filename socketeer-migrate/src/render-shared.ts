import { CodeWriter } from './code-writer.js';
import type { AppModel } from './model.js';
import { quote, tsIdentifier } from './names.js';
import type { Report } from './report.js';
import { renderFunction } from './render-function.js';
import { renderImports } from './render-imports.js';
import { FileImports, FunctionScope, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';
import { lineOf, type PyNode } from './python-parser.js';

/** Name of the function server.ts registers with app.onErrorDefault(). */
export function defaultErrorHandlerName(app: AppModel): string | undefined {
  const fn = app.defaultErrorHandler?.fn.childForFieldName('name')?.text;
  return fn === undefined ? undefined : tsIdentifier(fn);
}

/**
 * Renders shared.ts: the Untyped alias, the logger behind print(), module-level state,
 * helper functions, the default error handler and any module-level code kept as comments,
 * in the order the Python program had them.
 */
export function renderShared(app: AppModel, module: ModuleInfo, report: Report, usedByOthers: ReadonlySet<string>): { text: string; usesApp: boolean } {
  const imports = new FileImports();
  const moduleScope = () => new FunctionScope(module, imports, { namespace: undefined, isHandler: false, selfMethods: undefined, locals: new Set(), globals: new Set() });
  const items: Array<{ file: string; at: number; render: (out: CodeWriter) => void }> = [];

  const scalars = app.state.filter((s) => s.kind === 'scalar');
  for (const variable of app.state.filter((s) => s.kind !== 'scalar')) {
    items.push({
      file: variable.file,
      at: variable.value.startIndex,
      render: (out) => {
        const name = tsIdentifier(variable.pythonName);
        for (const comment of variable.comments) out.line(`// ${comment}`.trimEnd());
        const value = initialValue(variable.value, moduleScope(), report, variable.file);
        if (variable.kind === 'dict') out.line(`export const ${name}: Record<string, Untyped> = ${value ?? '{}'};`);
        else if (variable.kind === 'list') out.line(`export const ${name}: Untyped[] = ${value ?? '[]'};`);
        // set() and {a, b} translate to new Set(...); re-wrap the contents with the element type.
        else out.line(`export const ${name} = new Set<Untyped>(${value?.replace(/^new Set(<Untyped>)?\((.*)\)$/, '$2') ?? ''});`);
      },
    });
  }
  const firstScalar = scalars[0];
  if (firstScalar) {
    items.push({
      file: firstScalar.file,
      at: firstScalar.value.startIndex,
      render: (out) => {
        out.line('/** Module-level scalars live on one object, because an imported ES module binding cannot be reassigned. */');
        out.block('export const state: Record<string, Untyped> = {', () => {
          for (const s of scalars) out.line(`${tsIdentifier(s.pythonName)}: ${initialValue(s.value, moduleScope(), report, s.file) ?? 'null'},`);
        }, '};');
      },
    });
  }
  for (const helper of app.helpers) {
    items.push({
      file: helper.file,
      at: helper.fn.startIndex,
      render: (out) => {
        report.file = helper.file;
        renderFunction(out, helperOptions(helper.fn, 'helper', module, imports, report));
      },
    });
  }
  const errorHandler = app.defaultErrorHandler;
  const errorHandlerName = defaultErrorHandlerName(app);
  if (errorHandler && errorHandlerName) {
    items.push({
      file: errorHandler.file,
      at: errorHandler.fn.startIndex,
      render: (out) => {
        report.file = errorHandler.file;
        out.line('/** Registered with app.onErrorDefault() in server.ts: it handles errors of every namespace without its own @OnError. */');
        renderFunction(out, { ...helperOptions(errorHandler.fn, 'error', module, imports, report), name: errorHandlerName, foreignDecorators: errorHandler.foreignDecorators });
      },
    });
  }
  for (const loose of app.loose) {
    items.push({ file: loose.file, at: loose.node.startIndex, render: (out) => out.untranslated(loose.node, loose.reason) });
  }
  items.sort((a, b) => a.file.localeCompare(b.file) || a.at - b.at);

  const body = new CodeWriter();
  for (const item of items) {
    body.line();
    try {
      item.render(body);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      report.note(err.node, err.reason);
      body.untranslated(err.node, err.reason);
    }
  }

  const stubs = renderStubs(module, report, imports);
  const used = new Set([...usedByOthers, ...imports.shared]);
  if (used.has('startBackgroundTask')) used.add('logger');
  const prelude = renderPrelude(used, imports, module);
  const out = new CodeWriter();
  out.line('// Migrated by `socketeer migrate`: module-level state and helpers of the Python program, shared by the controllers.');
  for (const line of renderImports(imports, undefined)) out.line(line);
  if (!out.isEmpty) out.line();
  out.line('/**');
  out.line(' * Data that came from Python without a type. It is `any` on purpose, so the migrated');
  out.line(' * handlers compile as they are; give each event a zod schema (`@On(event, Schema)`)');
  out.line(' * and a real type to get checking back.');
  out.line(' */');
  out.line('export type Untyped = any;');
  if (used.has('logger')) {
    out.line();
    out.line("/** Where Python's print() output goes; point it at your app's logger if you have one. */");
    out.line('export const logger = console;');
  }
  out.append(prelude);
  out.append(stubs);
  out.append(body);
  return { text: `${out.toString()}\n`, usesApp: used.has('app') };
}

/** Stand-ins for imported names the migration could not bring over; each is one TODO. */
function renderStubs(module: ModuleInfo, report: Report, imports: FileImports): CodeWriter {
  const out = new CodeWriter();
  const stubs = [...module.stubs].filter(([name]) => !module.helpers.has(name) && !module.state.has(name));
  if (stubs.length === 0) return out;
  imports.socketeer.add('SocketeerError');
  out.line();
  out.line('/** Stands for a Python name the migration could not bring over: any use of it throws not_migrated. */');
  out.block('function notMigrated(where: string, name: string): Untyped {', () => {
    out.block('const fail = (): never => {', () => {
      out.line("throw new SocketeerError('not_migrated', `${where}: ${name} was not migrated; give it a TypeScript implementation in shared.ts`);");
    }, '};');
    out.line('return new Proxy(function notMigrated() {}, { get: fail, set: fail, has: fail, apply: fail, construct: fail });');
  });
  for (const [name, from] of stubs.sort(([a], [b]) => a.localeCompare(b))) {
    report.file = from.file;
    const where = `${from.file}:${lineOf(from.node)}`;
    const reason = `${name} comes from ${from.module || 'an import'}, which was not migrated; the code that uses it throws not_migrated until it has a TypeScript implementation`;
    report.note(from.node, reason);
    out.line();
    out.untranslated(from.node, reason);
    out.line(`export const ${tsIdentifier(name)}: Untyped = notMigrated(${quote(where)}, ${quote(name)});`);
  }
  return out;
}

const LOGIN_NAMES = ['sessionUser', 'isAuthenticated', 'currentUser', 'requireLogin', 'authenticatedOnly'];

/** The small runtime the translations lean on: the app for emits outside handlers, background tasks, login. */
function renderPrelude(used: Set<string>, imports: FileImports, module: ModuleInfo): CodeWriter {
  const out = new CodeWriter();
  if (used.has('app')) {
    imports.socketeer.add('App');
    out.line();
    out.line('let running: App | undefined;');
    out.line();
    out.line('/** The app, for emitting outside a handler as socketio.emit() did (background tasks, helpers); server.ts sets it. */');
    out.block('export function app(): App {', () => {
      out.line("if (running === undefined) throw new Error('the app is not created yet: server.ts calls setApp() first');");
      out.line('return running;');
    });
    out.line();
    out.line('export function setApp(created: App): void {');
    out.line('  running = created;');
    out.line('}');
  }
  if (used.has('popKey')) {
    out.line();
    out.line("/** dict.pop(key[, default]): removes the key and returns its value; without a default a missing key throws, as in Python. */");
    out.block('export function popKey(dict: Record<string, Untyped>, key: string, ...fallback: Untyped[]): Untyped {', () => {
      out.line('if (!Object.hasOwn(dict, key)) {');
      out.line('  if (fallback.length > 0) return fallback[0];');
      out.line('  throw new Error(`KeyError: ${key}`);');
      out.line('}');
      out.line('const value = dict[key];');
      out.line('delete dict[key];');
      out.line('return value;');
    });
  }
  if (used.has('jsonDumps')) {
    out.line();
    out.line("/** json.dumps(value) as Python writes it: ', ' between items and ': ' after keys. */");
    out.block('export function jsonDumps(value: Untyped): string {', () => {
      out.line("if (Array.isArray(value)) return `[${value.map(jsonDumps).join(', ')}]`;");
      out.line("if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonDumps(v)}`).join(', ')}}`;");
      out.line("return JSON.stringify(value) ?? 'null';");
    });
  }
  if (used.has('clearDict')) {
    out.line();
    out.line('/** dict.clear() */');
    out.block('export function clearDict(dict: Record<string, Untyped>): void {', () => {
      out.line('for (const key of Object.keys(dict)) delete dict[key];');
    });
  }
  if (used.has('startBackgroundTask')) {
    out.line();
    out.line('/** socketio.start_background_task(): runs fn without waiting for it; its errors are logged, never lost. */');
    out.block('export function startBackgroundTask(fn: (...args: Untyped[]) => unknown, ...args: Untyped[]): Promise<void> {', () => {
      out.line('return Promise.resolve()');
      out.line('  .then(() => fn(...args))');
      out.line("  .then(() => undefined, (err: unknown) => logger.error('background task failed:', err));");
    });
  }
  if (LOGIN_NAMES.some((n) => used.has(n)) || module.usesLogin) {
    imports.socketeer.add('request');
    imports.socketeer.add('disconnect');
    imports.socketeer.add('SocketeerError');
    imports.httpTypes = true;
    out.line();
    out.line('/**');
    out.line(" * Flask-Login's current user, for socket handlers: the user the HTTP login stored in the");
    out.line(' * express session (req.session.user), read from the socket.io handshake, which carries the');
    out.line(' * same session cookie (server.ts installs the session middleware on both). Undefined when');
    out.line(' * nobody is logged in.');
    out.line(' */');
    out.block('export function sessionUser(): Untyped {', () => {
      out.line('return (request.socket.request as IncomingMessage & { session?: { user?: Untyped } }).session?.user;');
    });
    out.line();
    out.line('/** current_user.is_authenticated */');
    out.line('export function isAuthenticated(): boolean {');
    out.line('  return sessionUser() != null;');
    out.line('}');
    out.line();
    out.line("/** current_user where a user is needed: nobody logged in fails with unauthorized (a connect handler refuses). */");
    out.block('export function currentUser(): Untyped {', () => {
      out.line('const user = sessionUser();');
      out.line("if (user == null) throw new SocketeerError('unauthorized', 'Log in first.');");
      out.line('return user;');
    });
    out.line();
    out.line('/** @login_required on a socket handler. */');
    out.line('export function requireLogin(): void {');
    out.line('  currentUser();');
    out.line('}');
    out.line();
    out.line("/** Flask-SocketIO's authenticated_only wrapper: disconnects an anonymous client, and the handler returns. */");
    out.block('export function authenticatedOnly(): boolean {', () => {
      out.line('if (isAuthenticated()) return true;');
      out.line('disconnect();');
      out.line('return false;');
    });
  }
  return out;
}

function helperOptions(fn: PyNode, kind: 'helper' | 'error', module: ModuleInfo, imports: FileImports, report: Report) {
  return {
    fn,
    kind,
    form: 'function' as const,
    name: tsIdentifier(fn.childForFieldName('name')?.text ?? ''),
    isMethod: false,
    namespace: undefined,
    selfMethods: undefined,
    foreignDecorators: [],
    module,
    imports,
    report,
  };
}

function initialValue(value: PyNode, scope: FunctionScope, report: Report, file: string): string | undefined {
  try {
    return translateExpression(value, scope);
  } catch (err) {
    if (!(err instanceof Untranslatable)) throw err;
    report.file = file;
    report.note(value, `initial value not translated: ${err.reason}`);
    return undefined;
  }
}
