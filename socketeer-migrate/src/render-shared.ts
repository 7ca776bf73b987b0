import { CodeWriter } from './code-writer.js';
import type { AppModel } from './model.js';
import { tsIdentifier } from './names.js';
import type { Report } from './report.js';
import { renderFunction } from './render-function.js';
import { renderImports } from './render-imports.js';
import { renderPrelude, renderStubs } from './render-prelude.js';
import { FileImports, FunctionScope, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';
import type { PyNode } from './python-parser.js';

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
export function renderShared(
  app: AppModel,
  module: ModuleInfo,
  report: Report,
  usedByOthers: ReadonlySet<string>,
): { text: string; usesApp: boolean } {
  const imports = new FileImports();
  const moduleScope = () =>
    new FunctionScope(module, imports, {
      namespace: undefined,
      isHandler: false,
      selfMethods: undefined,
      locals: new Set(),
      globals: new Set(),
    });
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
        else
          out.line(
            `export const ${name} = new Set<Untyped>(${value?.replace(/^new Set(<Untyped>)?\((.*)\)$/, '$2') ?? ''});`,
          );
      },
    });
  }
  const firstScalar = scalars[0];
  if (firstScalar) {
    items.push({
      file: firstScalar.file,
      at: firstScalar.value.startIndex,
      render: (out) => {
        out.line(
          '/** Module-level scalars live on one object, because an imported ES module binding cannot be reassigned. */',
        );
        out.block(
          'export const state: Record<string, Untyped> = {',
          () => {
            for (const s of scalars)
              out.line(
                `${tsIdentifier(s.pythonName)}: ${initialValue(s.value, moduleScope(), report, s.file) ?? 'null'},`,
              );
          },
          '};',
        );
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
        out.line(
          '/** Registered with app.onErrorDefault() in server.ts: it handles errors of every namespace without its own @OnError. */',
        );
        renderFunction(out, {
          ...helperOptions(errorHandler.fn, 'error', module, imports, report),
          name: errorHandlerName,
          foreignDecorators: errorHandler.foreignDecorators,
        });
      },
    });
  }
  for (const log of app.moduleLogs) {
    items.push({
      file: log.file,
      at: log.node.startIndex,
      render: (out) => {
        report.file = log.file;
        const call = log.node.namedChildren[0];
        try {
          // A failure here must not throw at import time, so it stays a comment (reported) rather than a throw.
          if (!call) throw new Untranslatable(log.node, 'empty statement');
          out.line(`${translateExpression(call, moduleScope())};`);
          report.statement(log.node, true);
        } catch (err) {
          if (!(err instanceof Untranslatable)) throw err;
          report.note(log.node, err.reason);
          report.statement(log.node, false);
          out.untranslated(log.node, err.reason);
        }
      },
    });
  }
  for (const loose of app.loose) {
    items.push({
      file: loose.file,
      at: loose.node.startIndex,
      render: (out) => out.untranslated(loose.node, loose.reason),
    });
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
  out.line(
    '// Migrated by `socketeer migrate`: module-level state and helpers of the Python program, shared by the controllers.',
  );
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
