import { CodeWriter } from './code-writer.js';
import type { ControllerModel, HandlerModel } from './model.js';
import { quote } from './names.js';
import type { Report } from './report.js';
import { renderFunction } from './render-function.js';
import { renderImports } from './render-imports.js';
import { FileImports, type ModuleInfo } from './scope.js';
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
  controller.handlers.forEach((handler, i) => {
    if (i > 0) body.line();
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
