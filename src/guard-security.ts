/**
 * A guard may say what credentials it checks, so the AsyncAPI document can list it as a
 * security scheme. Guards that say nothing still appear in `socketeer routes`, by name.
 */
import type { ConnectGuard } from './guards.js';

/** An AsyncAPI 3.0 Security Scheme Object (the common fields). */
export interface SecurityScheme {
  type:
    | 'userPassword'
    | 'apiKey'
    | 'X509'
    | 'symmetricEncryption'
    | 'asymmetricEncryption'
    | 'httpApiKey'
    | 'http'
    | 'oauth2'
    | 'openIdConnect'
    | 'plain'
    | 'scramSha256'
    | 'scramSha512'
    | 'gssapi';
  description?: string;
  /** For `httpApiKey`: the name of the header, query parameter or cookie. */
  name?: string;
  /** For `apiKey` (`user`/`password`) and `httpApiKey` (`query`/`header`/`cookie`). */
  in?: 'user' | 'password' | 'query' | 'header' | 'cookie';
  /** For `http`: e.g. `bearer`. */
  scheme?: string;
  bearerFormat?: string;
}

const schemes = new WeakMap<Function, { id: string; scheme: SecurityScheme }>();

/**
 * Returns `guard` marked with the security scheme it enforces; `id` names the scheme in the
 * AsyncAPI document (default: the guard's function name).
 * @example
 * ```ts
 * const loggedIn = securedBy({ type: 'httpApiKey', in: 'cookie', name: 'session' }, (ctx) => ctx.session.user !== undefined);
 * @Guard(loggedIn) @Namespace('/admin') class AdminController { ... }
 * ```
 */
export function securedBy<G extends ConnectGuard>(scheme: SecurityScheme, guard: G, id?: string): G {
  if (typeof guard !== 'function')
    throw new TypeError('securedBy(scheme, guard): the guard is a function (ctx) => boolean.');
  if (typeof scheme?.type !== 'string')
    throw new TypeError('securedBy(scheme, guard): the scheme needs a type, e.g. { type: "http", scheme: "bearer" }.');
  schemes.set(guard, { id: id ?? (guard.name || 'guard'), scheme: { ...scheme } });
  return guard;
}

/** The scheme a guard declared, if any. @internal */
export function securityOf(guard: Function): { id: string; scheme: SecurityScheme } | undefined {
  return schemes.get(guard);
}
