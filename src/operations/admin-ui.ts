/**
 * socket.io's admin UI (`@socket.io/admin-ui`): the server side is its `instrument()`, and the
 * page is the built UI the same package ships, served by the app itself. Closed unless
 * credentials are configured, read-only unless told otherwise.
 * Internal module: not exported from the package entry points.
 */
import { createRequire } from 'node:module';
import type { Express } from 'express';
import type { Server } from 'socket.io';
import { SocketeerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { adminUi, adminUiFiles, bcrypt } from './packages.js';

export interface AdminOptions {
  /**
   * Who may log in (required: the admin UI is never open). `password` is hashed with bcrypt at
   * boot; `passwordHash` is a bcrypt hash made beforehand, so the password itself never sits in
   * the configuration.
   */
  auth: { username: string; password: string } | { username: string; passwordHash: string };
  /** `false` lets the UI disconnect clients and make them join or leave rooms. Default `true`. */
  readOnly?: boolean;
  /** The socket.io namespace the UI connects to. Default `'/admin'`. */
  namespace?: string;
  /** The HTTP path the app serves the UI page at, or `false` to not serve it. Default `'/admin'`. */
  uiPath?: string | false;
  /**
   * `'development'` (default) sends the UI every socket, room and event; `'production'` only
   * aggregates, which keeps the admin namespace cheap with many clients (the socket and room
   * pages then stay empty).
   */
  mode?: 'development' | 'production';
  /** This node's name in the UI. Default: the host name (with the pid in a cluster worker). */
  serverId?: string;
}

const ADMIN_OPTIONS: ReadonlySet<string> = new Set(['auth', 'readOnly', 'namespace', 'uiPath', 'mode', 'serverId']);
const BCRYPT_ROUNDS = 10;
const BCRYPT_HASH = /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/;

const require = createRequire(import.meta.url);

function fail(message: string): never {
  throw new SocketeerError('invalid_option', `createApp: admin.${message}`);
}

/** Checks the options and returns admin-ui's `auth` (a bcrypt hash): throws `admin_auth_required` without credentials. */
function basicAuth(options: AdminOptions): { type: 'basic'; username: string; password: string } {
  const auth = options.auth as Record<string, unknown> | undefined | false;
  if (auth === undefined || auth === null || auth === false) {
    throw new SocketeerError(
      'admin_auth_required',
      'createApp: admin needs credentials: admin: { auth: { username, password } } (or { username, passwordHash } with a bcrypt hash). The admin UI can disconnect clients and shows every room; it is never served open.',
    );
  }
  if (typeof auth !== 'object') fail('auth must be { username, password } or { username, passwordHash }.');
  checkOptions(auth, new Set(['username', 'password', 'passwordHash']), 'createApp admin.auth');
  if (typeof auth.username !== 'string' || auth.username.length === 0)
    fail('auth.username must be a non-empty string.');
  if ((auth.password === undefined) === (auth.passwordHash === undefined))
    fail('auth takes one of password and passwordHash.');
  if (auth.password !== undefined) {
    if (typeof auth.password !== 'string' || auth.password.length === 0)
      fail('auth.password must be a non-empty string.');
    return { type: 'basic', username: auth.username, password: bcrypt().hashSync(auth.password, BCRYPT_ROUNDS) };
  }
  const hash = auth.passwordHash;
  if (typeof hash !== 'string' || !BCRYPT_HASH.test(hash))
    fail(
      "auth.passwordHash must be a bcrypt hash ('$2b$10$' and 53 characters); or give the password as auth.password.",
    );
  return { type: 'basic', username: auth.username, password: hash };
}

/** Instruments `io` for the admin UI and, unless `uiPath` is false, serves the page through `express()`. */
export function setUpAdmin(io: Server, express: () => Express, options: AdminOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new SocketeerError(
      'admin_auth_required',
      'createApp: admin is { auth: { username, password }, readOnly?, namespace?, uiPath?, mode?, serverId? }.',
    );
  }
  checkOptions(options, ADMIN_OPTIONS, 'createApp admin');
  const namespace = options.namespace ?? '/admin';
  const uiPath = options.uiPath ?? '/admin';
  if (typeof namespace !== 'string' || !namespace.startsWith('/')) fail("namespace must start with '/'.");
  if (uiPath !== false && (typeof uiPath !== 'string' || !uiPath.startsWith('/')))
    fail("uiPath must start with '/', or be false.");
  if (options.mode !== undefined && options.mode !== 'development' && options.mode !== 'production')
    fail("mode is 'development' or 'production'.");
  if (options.readOnly !== undefined && typeof options.readOnly !== 'boolean') fail('readOnly must be a boolean.');
  const auth = basicAuth(options);
  adminUi().instrument(io, {
    auth,
    namespaceName: namespace,
    readonly: options.readOnly ?? true,
    mode: options.mode ?? 'development',
    ...(options.serverId !== undefined && { serverId: options.serverId }),
  });
  if (uiPath !== false) {
    const serveStatic = (require('express') as typeof import('express')).static;
    express().use(uiPath, serveStatic(adminUiFiles(), { index: 'index.html', fallthrough: true }));
  }
}
