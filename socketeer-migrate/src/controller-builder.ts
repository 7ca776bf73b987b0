import type { ControllerModel, FieldModel, HandlerModel } from './model.js';
import { controllerClassName, controllerFileName, namespaceStem } from './names.js';
import { lineOf } from './python-parser.js';
import type { Report } from './report.js';

/** Groups handlers by namespace; Flask-SocketIO lets a later handler replace an earlier one, so do we. */
export class ControllerBuilder {
  private readonly byNamespace = new Map<
    string,
    { classNames: string[]; handlers: HandlerModel[]; fromClass: Set<HandlerModel>; fields: FieldModel[] }
  >();

  constructor(private readonly report: Report) {}

  add(namespace: string, handler: HandlerModel, fromClass?: string): void {
    const entry = this.entry(namespace);
    if (fromClass) {
      if (!entry.classNames.includes(fromClass)) entry.classNames.push(fromClass);
      entry.fromClass.add(handler);
    }
    const clash = entry.handlers.find((h) => sameSlot(h, handler));
    if (clash) {
      // A decorated function wins over a Namespace method; otherwise the later registration wins.
      const keepOld = entry.fromClass.has(handler) && !entry.fromClass.has(clash);
      const loser = keepOld ? handler : clash;
      const winner = keepOld ? clash : handler;
      this.report.file = loser.file;
      this.report.note(
        loser.fn,
        `handler for ${slotName(loser)} in '${namespace}' is replaced by the one at ${winner.file}:${lineOf(winner.fn)}, as in Flask-SocketIO; not migrated`,
      );
      if (keepOld) return;
      entry.handlers.splice(entry.handlers.indexOf(clash), 1);
    }
    entry.handlers.push(handler);
  }

  private entry(namespace: string) {
    const entry = this.byNamespace.get(namespace) ?? {
      classNames: [],
      handlers: [],
      fromClass: new Set<HandlerModel>(),
      fields: [],
    };
    this.byNamespace.set(namespace, entry);
    return entry;
  }

  /** The attributes a Namespace class sets on self in __init__. */
  addFields(namespace: string, fields: FieldModel[]): void {
    this.entry(namespace).fields.push(...fields);
  }

  controllers(): ControllerModel[] {
    const used = new Set<string>();
    return [...this.byNamespace].map(([namespace, { classNames, handlers, fields }]) => {
      let className = controllerClassName(
        classNames.length === 1 ? (classNames[0] as string) : namespaceStem(namespace),
      );
      for (let n = 2; used.has(className); n++) className = `${controllerClassName(namespaceStem(namespace))}${n}`;
      used.add(className);
      const methodNames = new Set<string>();
      for (const h of handlers) {
        let name = h.methodName;
        for (let n = 2; methodNames.has(name); n++) name = `${h.methodName}${n}`;
        h.methodName = name;
        methodNames.add(name);
      }
      return { namespace, className, fileName: controllerFileName(className), handlers, fields };
    });
  }
}

function sameSlot(a: HandlerModel, b: HandlerModel): boolean {
  if (a.kind === 'plain' || b.kind === 'plain') return false;
  return a.kind === b.kind && a.event === b.event;
}

function slotName(h: HandlerModel): string {
  return h.kind === 'event' ? `'${h.event}'` : h.kind;
}
