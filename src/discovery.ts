/**
 * Finds controllers from glob patterns: imports each matching module (ESM dynamic import, so
 * .ts works under tsx and .js when compiled) and keeps the exported classes that carry
 * Socketeer decorators.
 * Internal module: not exported from the package entry points.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { SocketeerError } from './errors.js';
import { hasHandlerMetadata, readController } from './registry.js';

export async function discoverControllers(patterns: string[], cwd: string): Promise<Function[]> {
  const found: Function[] = [];
  for (const pattern of patterns) {
    const files = (await glob(pattern, { cwd, absolute: true, ignore: ['**/node_modules/**', '**/*.d.ts'] })).sort();
    if (files.length === 0) {
      throw new SocketeerError(
        'no_controllers_found',
        `createApp: the controller glob '${pattern}' matched no files (looked in ${cwd}).`,
      );
    }
    for (const file of files) {
      let mod: Record<string, unknown>;
      try {
        mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
      } catch (err) {
        throw new SocketeerError(
          'controller_import_failed',
          `createApp: could not import ${file}: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
      for (const value of Object.values(mod)) {
        if (typeof value !== 'function' || found.includes(value)) continue;
        if (readController(value) || hasHandlerMetadata(value)) found.push(value);
      }
    }
  }
  return found;
}
