import { CodeWriter } from './code-writer.js';
import type { AppModel } from './model.js';
import type { Report } from './report.js';
import { FileImports, FunctionScope, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';

/**
 * The background tasks the Python program starts while it sets up (at module level, in an app
 * factory, under `if __name__ == '__main__'`), as server.ts lines that start them at boot.
 */
export function renderStartup(
  app: AppModel,
  module: ModuleInfo,
  report: Report,
): { lines: CodeWriter; shared: Set<string> } {
  const imports = new FileImports();
  const lines = new CodeWriter();
  for (const { node, file } of app.startup) {
    report.file = file;
    const scope = new FunctionScope(module, imports, {
      namespace: undefined,
      isHandler: false,
      selfMethods: undefined,
      locals: new Set(),
      globals: new Set(),
    });
    try {
      lines.line(`${translateExpression(node, scope)};`);
      report.statement(node, true);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      const reason = `background task not started: ${err.reason}`;
      report.note(node, reason);
      report.statement(node, false);
      lines.untranslated(node, reason);
    }
  }
  return { lines, shared: imports.shared };
}
