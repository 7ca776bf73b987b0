import { CodeWriter } from './code-writer.js';
import type { ControllerModel, HandlerModel, StateKind } from './model.js';
import { quote, tsIdentifier } from './names.js';
import { lineOf, type PyNode } from './python-parser.js';
import type { Report } from './report.js';
import { renderFunction } from './render-function.js';
import { renderImports } from './render-imports.js';
import { FileImports, FunctionScope, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';

/** Renders one namespace's handlers as a decorated controller class. */
export function renderController(
  controller: ControllerModel,
  module: ModuleInfo,
  report: Report,
): { text: string; sharedNames: Set<string> } {
  const imports = new FileImports();
  const body = new CodeWriter();
  const selfMethods = new Set(controller.handlers.filter((h) => h.isMethod).map((h) => pythonName(h)));
  const selfFields = renderFields(body, controller, module, imports, report);
  controller.handlers.forEach((handler, i) => {
    if (i > 0 || controller.fields.length > 0) body.line();
    report.file = handler.file;
    try {
      const { clean } = renderFunction(body, {
        fn: handler.fn,
        kind: handler.kind,
        form: 'method',
        name: handler.methodName,
        decorator: decoratorFor(handler, imports),
        isMethod: handler.isMethod,
        namespace: controller.namespace,
        selfMethods: handler.isMethod ? selfMethods : undefined,
        selfFields: handler.isMethod ? selfFields : undefined,
        foreignDecorators: handler.foreignDecorators,
        module,
        imports,
        report,
      });
      report.handler(handler.file, clean);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      report.notRegistered(handler.fn, err.reason);
      report.handler(handler.file, false);
      body.untranslated(handler.fn, err.reason);
    }
  });
  imports.socketeer.add('Namespace');
  const sources = [...new Set(controller.handlers.map((h) => h.file))].join(', ');
  const out = new CodeWriter();
  out.line(
    `// Migrated from ${sources} by \`socketeer migrate\`: the handlers of the '${controller.namespace}' namespace.`,
  );
  for (const line of renderImports(imports, './shared.js')) out.line(line);
  out.line();
  out.line(`@Namespace('${controller.namespace}')`);
  out.block(`export class ${controller.className} {`, () => out.append(body));
  return { text: `${out.toString()}\n`, sharedNames: imports.shared };
}

/**
 * The attributes __init__ set on self, as fields. A value that does not translate becomes a
 * getter that throws not_migrated, so no handler runs on a value that is not there.
 */
function renderFields(
  body: CodeWriter,
  controller: ControllerModel,
  module: ModuleInfo,
  imports: FileImports,
  report: Report,
): Map<string, StateKind | undefined> {
  const fields = new Map<string, StateKind | undefined>();
  for (const field of controller.fields) fields.set(field.pythonName, fieldKind(field.value));
  for (const field of controller.fields) {
    report.file = field.file;
    const name = tsIdentifier(field.pythonName);
    const scope = new FunctionScope(module, imports, {
      namespace: controller.namespace,
      isHandler: false,
      selfMethods: undefined,
      selfFields: fields,
      locals: new Set(),
      globals: new Set(),
    });
    const untyped = scope.useShared('Untyped');
    const kind = fields.get(field.pythonName);
    const type =
      kind === 'dict'
        ? `Record<string, ${untyped}>`
        : kind === 'list'
          ? `${untyped}[]`
          : kind === 'set'
            ? `Set<${untyped}>`
            : untyped;
    try {
      let value = translateExpression(field.value, scope);
      if (kind === 'set') value = value.replace(/^new Set(<Untyped>)?\(/, `new Set<${untyped}>(`);
      body.line(`${name}: ${type} = ${value};`);
      report.statement(field.value, true);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      const reason = `self.${field.pythonName} = ...: ${err.reason}; until translated, reading it throws not_migrated`;
      report.note(field.value, reason);
      report.statement(field.value, false);
      body.untranslated(field.value.parent ?? field.value, reason);
      body.line(`get ${name}(): ${untyped} {`);
      body.line(
        `  throw new ${scope.useSocketeer('SocketeerError')}('not_migrated', ${quote(`${field.file}:${lineOf(field.value)}: ${reason}`)});`,
      );
      body.line('}');
    }
  }
  return fields;
}

function fieldKind(value: PyNode): StateKind | undefined {
  if (value.type === 'dictionary' || value.text === 'dict()' || value.type === 'dictionary_comprehension')
    return 'dict';
  if (value.type === 'list' || value.text === 'list()' || value.type === 'list_comprehension') return 'list';
  if (value.type === 'set' || value.text === 'set()' || value.type === 'set_comprehension') return 'set';
  return undefined;
}

function pythonName(handler: HandlerModel): string {
  return handler.fn.childForFieldName('name')?.text ?? '';
}

function decoratorFor(handler: HandlerModel, imports: FileImports): string | undefined {
  const use = (name: string) => {
    imports.socketeer.add(name);
    return name;
  };
  switch (handler.kind) {
    case 'event':
      return `@${use('On')}(${quote(handler.event ?? '')})`;
    case 'connect':
      return `@${use('OnConnect')}()`;
    case 'disconnect':
      return `@${use('OnDisconnect')}()`;
    case 'error':
      return `@${use('OnError')}()`;
    case 'any':
      return `@${use('OnAny')}()`;
    case 'plain':
      return undefined;
  }
}
