import { findAsyncFunctions } from './async-functions.js';
import { collectApp, type ParsedFile } from './collect.js';
import { MigrateError } from './migrate-error.js';
import { parsePython } from './python-parser.js';
import { Report } from './report.js';
import { renderController } from './render-controller.js';
import { renderRoutes } from './render-routes.js';
import { renderServer } from './render-server.js';
import { renderShared } from './render-shared.js';
import { renderStartup } from './render-startup.js';

export interface PythonSource {
  /** The name shown in messages and the report, e.g. app.py or chat/events.py. */
  file: string;
  source: string;
}

export interface MigrationResult {
  /** Generated files by name (relative to the output directory), in a stable order. */
  files: Map<string, string>;
  report: Report;
}

/** Translates Flask-SocketIO sources to Socketeer TypeScript, without touching the disk. */
export async function migrate(sources: readonly PythonSource[]): Promise<MigrationResult> {
  const parsed: ParsedFile[] = [];
  for (const { file, source } of sources) parsed.push({ file, tree: await parsePython(source, file) });
  const report = new Report(sources[0]?.file ?? '');
  const { app, module } = collectApp(parsed, report);
  if (app.controllers.length === 0) {
    const where =
      sources.length > 3 ? `${sources.length} files under the input` : sources.map((s) => s.file).join(', ');
    const why = report.unregistered.map((e) => `\n  ${e.file}:${e.line}: ${e.reason}`).join('');
    if (why)
      throw new MigrateError(
        `${where} has Flask-SocketIO handlers, but none could be registered:${why}`,
        'no_handlers',
      );
    throw new MigrateError(
      `no Flask-SocketIO handlers found in ${where} (looked for @<name>.on/.event and <name>.on_event on a SocketIO() object of any name, and Namespace classes registered with on_namespace)`,
      'no_handlers',
    );
  }
  findAsyncFunctions(app, module);
  const files = new Map<string, string>();
  const controllerFiles = app.controllers.map((c) => ({ name: c.fileName, ...renderController(c, module, report) }));
  // shared.ts declares the logger only if some file prints, so controllers are rendered first.
  const startup = renderStartup(app, module, report);
  const routes = renderRoutes(app, module, report);
  const usedShared = new Set([
    ...controllerFiles.flatMap((f) => [...f.sharedNames]),
    ...startup.shared,
    ...(routes?.sharedNames ?? []),
  ]);
  for (const f of [...controllerFiles].sort((a, b) => a.name.localeCompare(b.name))) files.set(f.name, f.text);
  if (routes) files.set('routes.ts', routes.text);
  const shared = renderShared(app, module, report, usedShared);
  files.set('shared.ts', shared.text);
  files.set(
    'server.ts',
    renderServer(app, {
      usesApp: shared.usesApp,
      usesLogin: module.usesLogin || routes?.usesSession === true,
      routes: routes !== undefined,
      startup: startup.lines,
      startupNames: startup.shared,
    }),
  );
  return { files, report };
}
