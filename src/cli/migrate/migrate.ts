import { collectApp, type ParsedFile } from './collect.js';
import { MigrateError } from './migrate-error.js';
import { parsePython } from './python-parser.js';
import { Report } from './report.js';
import { renderController } from './render-controller.js';
import { renderServer } from './render-server.js';
import { renderShared } from './render-shared.js';

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
    const where = sources.map((s) => s.file).join(', ');
    throw new MigrateError(
      `no Flask-SocketIO handlers found in ${where} (looked for @socketio.on, @socketio.event, socketio.on_event and Namespace classes registered with on_namespace)`,
    );
  }
  const files = new Map<string, string>();
  const controllerFiles = app.controllers.map((c) => ({ name: c.fileName, ...renderController(c, module, report) }));
  // shared.ts declares the logger only if some file prints, so controllers are rendered first.
  const usedShared = new Set(controllerFiles.flatMap((f) => [...f.sharedNames]));
  for (const f of [...controllerFiles].sort((a, b) => a.name.localeCompare(b.name))) files.set(f.name, f.text);
  files.set('shared.ts', renderShared(app, module, report, usedShared));
  files.set('server.ts', renderServer(app));
  return { files, report };
}
