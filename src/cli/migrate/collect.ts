import type { Tree } from 'web-tree-sitter';
import { ControllerBuilder } from './controller-builder.js';
import type { AppModel, HandlerKind, HandlerModel, StateKind } from './model.js';
import { tsIdentifier } from './names.js';
import { children, lineOf, namedChildren, type PyNode } from './python-parser.js';
import { calleeText, findRegistrations, isMainGuard, type Registrations } from './registrations.js';
import type { Report } from './report.js';
import type { ModuleInfo } from './scope.js';
import { readRunOptions, readSocketIOOptions } from './server-options.js';
import { classifyDecorator, type DecoratorMeaning } from './socketio-decorators.js';
import { Untranslatable } from './untranslatable.js';

export interface ParsedFile {
  file: string;
  tree: Tree;
}

/** Event names socket.io keeps for itself in Node (connect and disconnect have their own decorators). */
const RESERVED_EVENTS = new Set(['connect_error', 'disconnecting', 'newListener', 'removeListener']);

/** Modules whose API the migration replaces; importing them needs no comment. */
const REPLACED_MODULES = new Set(['flask', 'flask_socketio', 'json', 'time']);

/** Reads every Python file and gathers handlers per namespace, shared state, helpers and routes. */
export function collectApp(files: readonly ParsedFile[], report: Report): { app: AppModel; module: ModuleInfo } {
  const module: ModuleInfo = { state: new Map(), helpers: new Set(), socketioNames: new Set(['socketio']) };
  const app: AppModel = { controllers: [], state: [], helpers: [], loose: [], routes: [], server: { options: [], dropped: [] } };
  const registrations: Registrations = { onEvent: new Map(), namespaceOf: new Map() };
  // SocketIO(...) and init_app(...) calls are read last, once every module-level name is known.
  const socketIOCalls: Array<{ call: PyNode; file: string }> = [];

  // Imports between the migrated files need no comment: everything ends up in the same output.
  const ownModules = new Set(files.map(({ file }) => file.replace(/\.py$/, '').replace(/[\\/]/g, '.').replace(/\.__init__$/, '')));
  for (const { tree } of files) findRegistrations(tree.rootNode, module, registrations);
  const builder = new ControllerBuilder(report);
  for (const { file, tree } of files) {
    report.file = file;
    new FileCollector(file, module, app, builder, report, registrations, socketIOCalls, ownModules).collect(tree.rootNode);
  }
  for (const { call, file } of socketIOCalls) {
    report.file = file;
    readSocketIOOptions(call, app.server, module, report);
  }
  app.controllers = builder.controllers();
  return { app, module };
}

/** Sorts one file's top-level statements into handlers, state, helpers, routes and leftovers. */
class FileCollector {
  constructor(
    private readonly file: string,
    private readonly module: ModuleInfo,
    private readonly app: AppModel,
    private readonly builder: ControllerBuilder,
    private readonly report: Report,
    private readonly registrations: Registrations,
    private readonly socketIOCalls: Array<{ call: PyNode; file: string }>,
    private readonly ownModules: ReadonlySet<string>,
  ) {}

  collect(root: PyNode): void {
    for (const stmt of children(root)) this.statement(stmt);
  }

  private loose(node: PyNode, reason: string): void {
    this.report.note(node, reason);
    this.app.loose.push({ node, reason, file: this.file });
  }

  private statement(stmt: PyNode): void {
    switch (stmt.type) {
      case 'comment':
      case 'future_import_statement':
        return;
      case 'import_statement':
      case 'import_from_statement':
        return this.importStatement(stmt);
      case 'expression_statement':
        return this.expressionStatement(stmt);
      case 'function_definition':
        return this.functionDefinition(stmt, []);
      case 'decorated_definition':
        return this.decoratedDefinition(stmt);
      case 'class_definition':
        return this.classDefinition(stmt, []);
      case 'if_statement':
        if (isMainGuard(stmt)) return this.mainGuard(stmt);
        return this.loose(stmt, 'module-level if is not translated');
      default:
        return this.loose(stmt, `module-level ${stmt.type.replace(/_/g, ' ')} is not translated`);
    }
  }

  private importStatement(stmt: PyNode): void {
    const moduleName = stmt.type === 'import_from_statement'
      ? (stmt.childForFieldName('module_name')?.text ?? '')
      : (namedChildren(stmt)[0]?.text ?? '');
    const root = moduleName.split('.')[0] ?? '';
    const isOwn = moduleName.startsWith('.') || this.ownModules.has(moduleName) || [...this.ownModules].some((m) => m.endsWith(`.${moduleName}`));
    if (!REPLACED_MODULES.has(root) && !isOwn) this.loose(stmt, `import from '${moduleName}': find the npm equivalent`);
  }

  private mainGuard(stmt: PyNode): void {
    for (const inner of children(stmt.childForFieldName('consequence') as PyNode)) {
      const call = inner.type === 'expression_statement' ? namedChildren(inner)[0] : undefined;
      const [owner, method] = calleeText(call).split('.');
      if (call && owner && this.module.socketioNames.has(owner) && method === 'run') readRunOptions(call, this.app.server);
      else if (call && owner && this.module.socketioNames.has(owner) && (method === 'on_event' || method === 'on_namespace')) continue;
      else if (inner.type !== 'comment') this.loose(inner, "statement under if __name__ == '__main__' is not translated; server.ts starts the app");
    }
  }

  private expressionStatement(stmt: PyNode): void {
    const inner = namedChildren(stmt)[0];
    if (!inner || inner.type === 'string') return; // module docstring
    if (inner.type === 'assignment') return this.assignment(stmt, inner);
    if (inner.type === 'call') {
      const [owner, method] = calleeText(inner).split('.');
      if (owner && this.module.socketioNames.has(owner)) {
        if (method === 'on_event' || method === 'on_namespace') return;
        if (method === 'init_app') return void this.socketIOCalls.push({ call: inner, file: this.file });
        if (method === 'run') return readRunOptions(inner, this.app.server);
      }
    }
    this.loose(stmt, 'module-level statement is not translated');
  }

  private assignment(stmt: PyNode, assignment: PyNode): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    const callee = calleeText(right);
    if (/^(flask_socketio\.)?SocketIO$/.test(callee)) return void this.socketIOCalls.push({ call: right as PyNode, file: this.file });
    if (/^(flask\.)?(Flask|Blueprint)$/.test(callee)) return; // createApp() owns the HTTP app
    if (left?.type === 'identifier' && right) {
      const kind = stateKind(right);
      if (kind) {
        if (this.module.state.has(left.text)) return this.loose(stmt, `'${left.text}' is defined twice at module level; only the first is migrated`);
        this.module.state.set(left.text, kind);
        this.app.state.push({ pythonName: left.text, kind, value: right, file: this.file, comments: commentsAbove(stmt) });
        return;
      }
    }
    if (left?.text.includes('.config')) return this.loose(stmt, 'Flask app config has no Socketeer equivalent (sessions live on the connection, no SECRET_KEY needed)');
    this.loose(stmt, 'module-level value is not translated (only literals, dicts, lists and sets become shared state)');
  }

  private decoratedDefinition(stmt: PyNode): void {
    const definition = stmt.childForFieldName('definition');
    const decorators = children(stmt).filter((c) => c.type === 'decorator');
    if (definition?.type === 'class_definition') return this.classDefinition(definition, decorators);
    if (definition?.type === 'function_definition') return this.functionDefinition(definition, decorators);
    this.loose(stmt, 'decorated statement is not translated');
  }

  private functionDefinition(fn: PyNode, decorators: PyNode[]): void {
    const name = fn.childForFieldName('name')?.text ?? '';
    const meanings: Array<{ decorator: PyNode; meaning: DecoratorMeaning }> = [];
    for (const decorator of decorators) {
      try {
        meanings.push({ decorator, meaning: classifyDecorator(decorator, this.module.socketioNames) });
      } catch (err) {
        if (!(err instanceof Untranslatable)) throw err;
        this.report.note(decorator, err.reason);
      }
    }
    const foreign = meanings.filter((m) => m.meaning.type === 'foreign').map((m) => m.decorator);
    const handler = (kind: HandlerKind, event?: string): HandlerModel => ({
      kind,
      ...(event !== undefined ? { event } : {}),
      methodName: tsIdentifier(name),
      fn,
      isMethod: false,
      foreignDecorators: foreign,
      file: this.file,
    });
    let registered = false;
    for (const { decorator, meaning } of meanings) {
      if (meaning.type === 'on' || meaning.type === 'event') {
        const event = meaning.type === 'on' ? meaning.event : name;
        if (RESERVED_EVENTS.has(event)) {
          this.loose(decorator.parent ?? fn, `'${event}' is reserved by socket.io in Node and cannot have a handler; rename the event`);
          return;
        }
        this.builder.add(meaning.namespace, handler(...eventKind(event)));
        registered = true;
      } else if (meaning.type === 'error') {
        this.builder.add(meaning.namespace, handler('error'));
        registered = true;
      } else if (meaning.type === 'error-default') {
        this.app.defaultErrorHandler = handler('error');
        registered = true;
      } else if (meaning.type === 'route') {
        this.app.routes.push({ methods: meaning.methods, path: meaning.path, fn, file: this.file });
        this.report.route({ line: lineOf(fn), methods: meaning.methods, path: meaning.path, functionName: name });
        registered = true;
      }
    }
    for (const registration of this.registrations.onEvent.get(name) ?? []) {
      this.builder.add(registration.namespace, handler(...eventKind(registration.event)));
      registered = true;
    }
    if (!registered) {
      this.module.helpers.add(name);
      this.app.helpers.push({ pythonName: name, fn, file: this.file });
      for (const decorator of foreign) this.report.note(decorator, `decorator ${decorator.text} on a helper function is dropped`);
    }
  }

  private classDefinition(cls: PyNode, decorators: PyNode[]): void {
    const name = cls.childForFieldName('name')?.text ?? '';
    const bases = namedChildren(cls.childForFieldName('superclasses') ?? cls).map((b) => b.text);
    const isNamespace = bases.some((b) => b === 'Namespace' || b.endsWith('.Namespace'));
    if (!isNamespace) return this.loose(decorators[0] ?? cls, `class ${name} is not a Flask-SocketIO Namespace; not translated`);
    const namespace = this.registrations.namespaceOf.get(name);
    if (namespace === undefined) return this.loose(cls, `class ${name} is never registered with on_namespace(); not translated`);
    for (const decorator of decorators) this.report.note(decorator, `class decorator ${decorator.text} is dropped`);

    const body = cls.childForFieldName('body');
    for (const member of body ? children(body) : []) {
      const definition = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      const memberDecorators = member.type === 'decorated_definition' ? children(member).filter((c) => c.type === 'decorator') : [];
      if (definition?.type !== 'function_definition') {
        if (member.type !== 'comment' && member.isNamed && !(member.type === 'expression_statement' && namedChildren(member)[0]?.type === 'string')) {
          this.report.note(member, `class-level statement in ${name} is not translated`);
        }
        continue;
      }
      const methodName = definition.childForFieldName('name')?.text ?? '';
      if (methodName === '__init__') {
        this.report.note(definition, `${name}.__init__ is not translated; controllers are created by Socketeer`);
        continue;
      }
      const [kind, event] = methodName.startsWith('on_') ? eventKind(methodName.slice(3)) : plainMethod();
      this.builder.add(namespace, {
        kind,
        ...(event !== undefined ? { event } : {}),
        methodName: tsIdentifier(methodName),
        fn: definition,
        isMethod: true,
        foreignDecorators: memberDecorators,
        file: this.file,
      }, name);
    }
  }
}

function plainMethod(): [HandlerKind, string?] {
  return ['plain'];
}

function eventKind(event: string): [HandlerKind, string?] {
  if (event === 'connect') return ['connect'];
  if (event === 'disconnect') return ['disconnect'];
  if (event === '*') return ['any'];
  return ['event', event];
}

function stateKind(value: PyNode): StateKind | undefined {
  switch (value.type) {
    case 'dictionary':
      return 'dict';
    case 'list':
      return 'list';
    case 'set':
      return 'set';
    case 'integer':
    case 'float':
    case 'string':
    case 'true':
    case 'false':
    case 'none':
      return 'scalar';
    case 'call': {
      const callee = calleeText(value);
      if (callee === 'dict') return 'dict';
      if (callee === 'list') return 'list';
      if (callee === 'set') return 'set';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The comment lines directly above a statement, without their '#'. */
function commentsAbove(stmt: PyNode): string[] {
  const lines: string[] = [];
  for (let node = stmt.previousSibling; node?.type === 'comment' && node.endPosition.row >= stmt.startPosition.row - lines.length - 1; node = node.previousSibling) {
    lines.unshift(node.text.replace(/^#\s?/, ''));
  }
  return lines;
}
