/**
 * The operations packages, loaded on first use like the scale-out ones: an app that turns on
 * neither the admin UI, nor metrics, nor tracing does not load them at all.
 * Internal module: not exported from the package entry points.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const promClient = (): typeof import('prom-client') => require('prom-client');
export const otel = (): typeof import('@opentelemetry/api') => require('@opentelemetry/api');
export const adminUi = (): typeof import('@socket.io/admin-ui') => require('@socket.io/admin-ui');
export const bcrypt = (): typeof import('bcryptjs') => require('bcryptjs');

/** The built admin UI (an index.html and its assets) that `@socket.io/admin-ui` ships in `ui/dist`. */
export function adminUiFiles(): string {
  return join(dirname(require.resolve('@socket.io/admin-ui/package.json')), 'ui', 'dist');
}
