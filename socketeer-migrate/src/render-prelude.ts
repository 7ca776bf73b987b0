import { CodeWriter } from './code-writer.js';
import { quote, tsIdentifier } from './names.js';
import { lineOf } from './python-parser.js';
import type { Report } from './report.js';
import type { FileImports, ModuleInfo } from './scope.js';

/**
 * The small runtime that migrated code leans on, written into shared.ts only when used:
 * the app for emits outside handlers, background tasks, Flask-Login's equivalents, Python's
 * json.dumps spacing and dict methods, and stand-ins for names the migration could not bring.
 */

/** Stand-ins for imported names the migration could not bring over; each is one TODO. */
export function renderStubs(module: ModuleInfo, report: Report, imports: FileImports): CodeWriter {
  const out = new CodeWriter();
  const stubs = [...module.stubs].filter(([name]) => !module.helpers.has(name) && !module.state.has(name));
  if (stubs.length === 0) return out;
  imports.socketeer.add('SocketeerError');
  out.line();
  out.line('/** Stands for a Python name the migration could not bring over: any use of it throws not_migrated. */');
  out.block('function notMigrated(where: string, name: string): Untyped {', () => {
    out.block(
      'const fail = (): never => {',
      () => {
        out.line(
          "throw new SocketeerError('not_migrated', `${where}: ${name} was not migrated; give it a TypeScript implementation in shared.ts`);",
        );
      },
      '};',
    );
    out.line(
      'return new Proxy(function notMigrated() {}, { get: fail, set: fail, has: fail, apply: fail, construct: fail });',
    );
  });
  for (const [name, from] of stubs.sort(([a], [b]) => a.localeCompare(b))) {
    report.file = from.file;
    const where = `${from.file}:${lineOf(from.node)}`;
    const reason = from.computed
      ? `${name} is computed when Python loads the module, which is not translated; the code that uses it throws not_migrated until it has a TypeScript value`
      : `${name} comes from ${from.module || 'an import'}, which was not migrated; the code that uses it throws not_migrated until it has a TypeScript implementation`;
    report.note(from.node, reason);
    out.line();
    out.untranslated(from.node, reason);
    out.line(`export const ${tsIdentifier(name)}: Untyped = notMigrated(${quote(where)}, ${quote(name)});`);
  }
  return out;
}

const LOGIN_NAMES = ['sessionUser', 'isAuthenticated', 'currentUser', 'requireLogin', 'authenticatedOnly'];

/** The small runtime the translations lean on: the app for emits outside handlers, background tasks, login. */
export function renderPrelude(used: Set<string>, imports: FileImports, module: ModuleInfo): CodeWriter {
  const out = new CodeWriter();
  if (used.has('app')) {
    imports.socketeer.add('App');
    out.line();
    out.line('let running: App | undefined;');
    out.line();
    out.line(
      '/** The app, for emitting outside a handler as socketio.emit() did (background tasks, helpers); server.ts sets it. */',
    );
    out.block('export function app(): App {', () => {
      out.line(
        "if (running === undefined) throw new Error('the app is not created yet: server.ts calls setApp() first');",
      );
      out.line('return running;');
    });
    out.line();
    out.line('export function setApp(created: App): void {');
    out.line('  running = created;');
    out.line('}');
  }
  if (used.has('popKey')) {
    out.line();
    out.line(
      '/** dict.pop(key[, default]): removes the key and returns its value; without a default a missing key throws, as in Python. */',
    );
    out.block(
      'export function popKey(dict: Record<string, Untyped>, key: string, ...fallback: Untyped[]): Untyped {',
      () => {
        out.line('if (!Object.hasOwn(dict, key)) {');
        out.line('  if (fallback.length > 0) return fallback[0];');
        out.line('  throw new Error(`KeyError: ${key}`);');
        out.line('}');
        out.line('const value = dict[key];');
        out.line('delete dict[key];');
        out.line('return value;');
      },
    );
  }
  if (used.has('jsonDumps')) {
    out.line();
    out.line("/** json.dumps(value) as Python writes it: ', ' between items and ': ' after keys. */");
    out.block('export function jsonDumps(value: Untyped): string {', () => {
      out.line("if (Array.isArray(value)) return `[${value.map(jsonDumps).join(', ')}]`;");
      out.line(
        "if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonDumps(v)}`).join(', ')}}`;",
      );
      out.line("return JSON.stringify(value) ?? 'null';");
    });
  }
  if (used.has('removeItem')) {
    out.line();
    out.line('/** list.remove(x): removes the first x; a missing x throws, as in Python. */');
    out.block('export function removeItem(list: Untyped[], item: Untyped): void {', () => {
      out.line('const at = list.indexOf(item);');
      out.line('if (at < 0) throw new Error(`ValueError: list.remove(x): x not in list`);');
      out.line('list.splice(at, 1);');
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
    out.line(
      '/** socketio.start_background_task(): runs fn without waiting for it; its errors are logged, never lost. */',
    );
    out.block(
      'export function startBackgroundTask(fn: (...args: Untyped[]) => unknown, ...args: Untyped[]): Promise<void> {',
      () => {
        out.line('return Promise.resolve()');
        out.line('  .then(() => fn(...args))');
        out.line("  .then(() => undefined, (err: unknown) => logger.error('background task failed:', err));");
      },
    );
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
    out.line(
      '/** current_user where a user is needed: nobody logged in fails with unauthorized (a connect handler refuses). */',
    );
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
    out.line(
      "/** Flask-SocketIO's authenticated_only wrapper: disconnects an anonymous client, and the handler returns. */",
    );
    out.block('export function authenticatedOnly(): boolean {', () => {
      out.line('if (isAuthenticated()) return true;');
      out.line('disconnect();');
      out.line('return false;');
    });
  }
  return out;
}
