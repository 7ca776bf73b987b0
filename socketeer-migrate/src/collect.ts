import type { Tree } from 'web-tree-sitter';
import { ControllerBuilder } from './controller-builder.js';
import type { AppModel, FieldModel, HandlerKind, HandlerModel, StateKind } from './model.js';
import { tsIdentifier } from './names.js';
import { children, lineOf, namedChildren, type PyNode } from './python-parser.js';
import { literalString } from './python-strings.js';
import { calleeText, findRegistrations, isMainGuard, type Registrations, walk } from './registrations.js';
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
const REPLACED_MODULES = new Set([
  'flask',
  'flask_socketio',
  'flask_login',
  'json',
  'time',
  'uuid',
  'random',
  'datetime',
  'threading',
  'functools',
  'eventlet',
  'gevent',
  'typing',
  '__future__',
  'logging',
]);

/** Module-level calls that only prepare Python's threading and need nothing in Node. */
const NODE_NEEDS_NOTHING = /^(eventlet\.monkey_patch|monkey\.patch_all|gevent\.monkey\.patch_all)$/;
const LOCK_CONSTRUCTOR = /^(threading\.)?R?Lock$/;

/** Reads every Python file and gathers handlers per namespace, shared state, helpers and routes. */
export function collectApp(files: readonly ParsedFile[], report: Report): { app: AppModel; module: ModuleInfo } {
  const module: ModuleInfo = {
    state: new Map(),
    helpers: new Set(),
    socketioNames: new Set(['socketio']),
    constants: new Map(),
    locks: new Set(),
    helperParams: new Map(),
    authDecorators: new Map(),
    usesLogin: false,
    loggers: new Set(),
    containers: new Set(),
    imports: new Map(),
    stubs: new Map(),
    blueprints: new Map(),
    viewPaths: new Map(),
    flaskObjects: new Set(),
    asyncHelpers: new Set(),
    asyncMethods: new Set(),
  };
  const app: AppModel = {
    controllers: [],
    state: [],
    helpers: [],
    loose: [],
    routes: [],
    server: { options: [], dropped: [] },
    startup: [],
    moduleLogs: [],
  };
  const registrations: Registrations = {
    onEvent: new Map(),
    namespaceOf: new Map(),
    unresolved: new Map(),
    failed: [],
  };
  // SocketIO(...) and init_app(...) calls are read last, once every module-level name is known.
  const socketIOCalls: Array<{ call: PyNode; file: string }> = [];

  // Imports between the migrated files need no comment: everything ends up in the same output.
  const ownModules = new Set(
    files.map(({ file }) =>
      file
        .replace(/\.py$/, '')
        .replace(/[\\/]/g, '.')
        .replace(/\.__init__$/, ''),
    ),
  );
  findRegistrations(
    files.map((f) => f.tree.rootNode),
    module,
    registrations,
  );
  findBlueprints(
    files.map((f) => f.tree.rootNode),
    module,
  );
  for (const { file, tree } of files) {
    report.touch(file);
    findAuthDecorators(tree.rootNode, module);
    if (/flask_login|flask_security/.test(tree.rootNode.text))
      module.usesLogin = /current_user|login_required/.test(tree.rootNode.text);
  }
  const builder = new ControllerBuilder(report);
  const collectors = files.map(({ file, tree }) => ({
    file,
    tree,
    collector: new FileCollector(file, module, app, builder, report, registrations, socketIOCalls, ownModules),
  }));
  for (const { tree, collector } of collectors) collector.findContainers(tree.rootNode);
  for (const { file, tree } of files) {
    report.file = file;
    collectors.find((c) => c.file === file)?.collector.collect(tree.rootNode);
  }
  for (const { node, reason, root } of registrations.failed) {
    report.file = files[root]?.file ?? report.file;
    report.notRegistered(node, reason);
    report.handler(report.file, false);
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
    readonly file: string,
    private readonly module: ModuleInfo,
    private readonly app: AppModel,
    private readonly builder: ControllerBuilder,
    private readonly report: Report,
    private readonly registrations: Registrations,
    private readonly socketIOCalls: Array<{ call: PyNode; file: string }>,
    private readonly ownModules: ReadonlySet<string>,
  ) {}

  /** Registration functions and app factories, found before anything is sorted (a call may come before the definition). */
  findContainers(root: PyNode): void {
    for (const stmt of children(root)) {
      if (stmt.type === 'function_definition' && this.isContainer(stmt))
        this.module.containers.add(stmt.childForFieldName('name')?.text ?? '');
    }
  }

  collect(root: PyNode): void {
    for (const stmt of children(root)) {
      const before = this.report.statementTotal(this.file);
      this.statement(stmt);
      // Imports, state and the like translate as a whole; definitions are counted by their bodies.
      const counted = this.report.statementTotal(this.file) !== before;
      if (
        !counted &&
        !this.app.moduleLogs.some((l) => l.node === stmt) &&
        stmt.isNamed &&
        !['comment', 'function_definition', 'decorated_definition', 'class_definition'].includes(stmt.type)
      )
        this.report.statement(stmt, true);
    }
  }

  private loose(node: PyNode, reason: string): void {
    this.report.note(node, reason);
    this.report.statement(node, false);
    this.app.loose.push({ node, reason, file: this.file });
  }

  /** A statement with nothing to translate: noted in the report, counted as translated. */
  private info(node: PyNode, reason: string): void {
    this.report.info(node, reason);
    this.report.statement(node, true);
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
    const moduleName =
      stmt.type === 'import_from_statement'
        ? (stmt.childForFieldName('module_name')?.text ?? '')
        : (namedChildren(stmt)[0]?.text ?? '');
    const root = moduleName.split('.')[0] ?? '';
    const isOwn =
      moduleName.startsWith('.') ||
      this.ownModules.has(moduleName) ||
      [...this.ownModules].some((m) => m.endsWith(`.${moduleName}`));
    void isOwn;
    if (REPLACED_MODULES.has(root)) return;
    // Every other imported name may be used by the handlers: if it is and the migration cannot
    // define it, shared.ts gets a stand-in that throws not_migrated (reported there, once per name).
    for (const name of importedNames(stmt)) {
      if (!this.module.socketioNames.has(name) && !this.module.imports.has(name))
        this.module.imports.set(name, { file: this.file, node: stmt, module: moduleName });
    }
  }

  private mainGuard(stmt: PyNode): void {
    for (const inner of children(stmt.childForFieldName('consequence') as PyNode)) {
      const call = inner.type === 'expression_statement' ? namedChildren(inner)[0] : undefined;
      const [owner, method] = calleeText(call).split('.');
      if (call && owner && this.module.socketioNames.has(owner) && method === 'run')
        readRunOptions(call, this.app.server);
      else if (call && owner && this.module.socketioNames.has(owner) && method === 'start_background_task')
        this.app.startup.push({ node: call, file: this.file });
      else if (
        call &&
        owner &&
        this.module.socketioNames.has(owner) &&
        (method === 'on_event' || method === 'on_namespace')
      )
        continue;
      else if (inner.type !== 'comment')
        this.loose(inner, "statement under if __name__ == '__main__' is not translated; server.ts starts the app");
    }
  }

  private expressionStatement(stmt: PyNode): void {
    const inner = namedChildren(stmt)[0];
    if (!inner || inner.type === 'string') return; // module docstring
    const setup = flaskSetup(stmt, this.module);
    if (setup) return this.info(stmt, setup);
    if (inner.type === 'assignment') return this.assignment(stmt, inner);
    if (inner.type === 'call') {
      const [owner, method] = calleeText(inner).split('.');
      if (/\.register_blueprint$/.test(calleeText(inner)))
        return this.info(stmt, `${calleeText(inner)}(): the blueprint's routes are served by routes.ts`);
      // logger.info('loaded') at module level: shared.ts logs it when it loads, as Python did on import.
      if (
        owner &&
        (owner === 'logging' || this.module.loggers.has(owner) || calleeText(inner) === 'print') &&
        (method === undefined || /^(debug|info|warning|warn|error|critical|exception)$/.test(method))
      )
        return void this.app.moduleLogs.push({ node: stmt, file: this.file });
      if (NODE_NEEDS_NOTHING.test(calleeText(inner)))
        return this.info(stmt, `${calleeText(inner)}() is not needed: Node has one event loop and nothing to patch`);
      if (owner && this.module.socketioNames.has(owner)) {
        if (method === 'start_background_task') return void this.app.startup.push({ node: inner, file: this.file });
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
    if (/^(flask_socketio\.)?SocketIO$/.test(callee))
      return void this.socketIOCalls.push({ call: right as PyNode, file: this.file });
    if (/^(flask\.)?(Flask|Blueprint)$/.test(callee)) return; // createApp() owns the HTTP app
    if (this.module.containers.has(callee))
      return this.info(stmt, `${callee}() sets up the server; createApp() in server.ts does that`);
    if (/(^|\.)LoginManager$/.test(callee)) {
      this.module.usesLogin = true;
      return this.info(
        stmt,
        "Flask-Login's LoginManager: handlers read the user with currentUser() from shared.ts, from the express session server.ts shares",
      );
    }
    if (left?.type === 'identifier' && /^logging\.getLogger$/.test(callee)) {
      this.module.loggers.add(left.text);
      return this.info(
        stmt,
        `${left.text} = logging.getLogger(): its calls go to the shared logger (console) in shared.ts`,
      );
    }
    if (left?.type === 'identifier' && LOCK_CONSTRUCTOR.test(callee)) {
      this.module.locks.add(left.text);
      return this.info(
        stmt,
        `${left.text} = ${callee}(): one event loop needs no lock; \`with ${left.text}:\` runs its body as it is`,
      );
    }
    if (left?.type === 'identifier' && right) {
      const kind = stateKind(right);
      if (kind) {
        if (this.module.state.has(left.text))
          return this.loose(stmt, `'${left.text}' is defined twice at module level; only the first is migrated`);
        this.module.state.set(left.text, kind);
        this.app.state.push({
          pythonName: left.text,
          kind,
          value: right,
          file: this.file,
          comments: commentsAbove(stmt),
        });
        return;
      }
    }
    if (isFlaskConfig(stmt)) return this.info(stmt, FLASK_CONFIG);
    // X = load() (or a, b = load()): a value Python computes at import time. It becomes a stand-in
    // that throws not_migrated when used, so the code that reads it still compiles and fails closed.
    const names = left?.type === 'identifier' ? [left] : left?.type === 'pattern_list' ? namedChildren(left) : [];
    if (
      names.length > 0 &&
      names.every((n) => n.type === 'identifier' && !this.module.state.has(n.text) && !this.module.stubs.has(n.text))
    ) {
      for (const n of names) {
        const computed = { file: this.file, node: stmt, module: '', computed: true };
        this.module.imports.set(n.text, computed);
        this.module.stubs.set(n.text, computed);
      }
      this.report.statement(stmt, false);
      return;
    }
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
    if (this.module.authDecorators.has(name)) {
      return this.info(
        fn,
        `${name} is a login check; where it decorates a handler, the handler starts with its Socketeer equivalent`,
      );
    }
    if (decorators.length === 0 && this.module.containers.has(name)) return this.containerFunction(fn, name);
    const meanings: Array<{ decorator: PyNode; meaning: DecoratorMeaning }> = [];
    for (const decorator of decorators) {
      try {
        meanings.push({ decorator, meaning: classifyDecorator(decorator, this.module) });
      } catch (err) {
        if (!(err instanceof Untranslatable)) throw err;
        // A handler that cannot be registered is not a helper either: keep it, say why.
        this.report.notRegistered(decorator, err.reason);
        this.report.handler(this.file, false);
        this.report.statement(fn, false);
        this.app.loose.push({
          node: fn.parent?.type === 'decorated_definition' ? fn.parent : fn,
          reason: err.reason,
          file: this.file,
        });
        return;
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
          this.loose(
            decorator.parent ?? fn,
            `'${event}' is reserved by socket.io in Node and cannot have a handler; rename the event`,
          );
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
        const prefix = this.module.blueprints.has(meaning.owner) ? this.module.blueprints.get(meaning.owner) : '';
        const path = `${prefix ?? ''}${meaning.path}`.replace(/\/\/+/g, '/');
        this.app.routes.push({
          methods: meaning.methods,
          path,
          fn,
          file: this.file,
          foreignDecorators: foreign,
          ...(prefix === undefined
            ? {
                problem: `the url_prefix of blueprint ${meaning.owner} is not a string literal, so the route's path is unknown`,
              }
            : {}),
        });
        this.report.route({ line: lineOf(fn), methods: meaning.methods, path, functionName: name });
        if (!this.module.viewPaths.has(name)) this.module.viewPaths.set(name, path);
        registered = true;
      }
    }
    const loader = foreign.find((d) => /\.(user_loader|request_loader)$/.test(decoratorCallee(d)));
    if (loader) {
      foreign.splice(foreign.indexOf(loader), 1);
      this.report.info(
        loader,
        `${name} loads Flask-Login's user; in Socketeer the HTTP login stores the user in the express session, where currentUser() reads it`,
      );
    }
    for (const registration of this.registrations.onEvent.get(name) ?? []) {
      this.builder.add(registration.namespace, handler(...eventKind(registration.event)));
      registered = true;
    }
    if (!registered) {
      this.module.helpers.add(name);
      this.module.helperParams.set(name, parameterList(fn));
      this.app.helpers.push({ pythonName: name, fn, file: this.file });
      for (const decorator of foreign)
        this.report.note(decorator, `decorator ${decorator.text} on a helper function is dropped`);
    }
  }

  /** A function that registers handlers or sets up the server (an app factory, `def register(sio)`). */
  private isContainer(fn: PyNode): boolean {
    const body = fn.childForFieldName('body');
    return (body ? children(body) : []).some((stmt) => {
      if (stmt.type === 'decorated_definition') {
        return children(stmt).some((d) => {
          if (d.type !== 'decorator') return false;
          try {
            return classifyDecorator(d, this.module).type !== 'foreign';
          } catch {
            return true;
          }
        });
      }
      const inner = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      const call = inner?.type === 'assignment' ? inner.childForFieldName('right') : inner;
      const [owner, method] = calleeText(call).split('.');
      if (/^(flask_socketio\.)?SocketIO$/.test(calleeText(call))) return true;
      return (
        owner !== undefined &&
        this.module.socketioNames.has(owner) &&
        ['init_app', 'on_event', 'on_namespace'].includes(method ?? '')
      );
    });
  }

  /** The handlers and helpers inside a registration function or app factory; the rest is Flask setup. */
  private containerFunction(fn: PyNode, name: string): void {
    const body = fn.childForFieldName('body');
    for (const stmt of body ? children(body) : []) {
      if (!stmt.isNamed || stmt.type === 'comment') continue;
      if (stmt.type === 'function_definition') {
        this.functionDefinition(stmt, []);
        continue;
      }
      if (stmt.type === 'decorated_definition') {
        this.decoratedDefinition(stmt);
        continue;
      }
      const inner = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      if (inner?.type === 'string') continue; // docstring
      const call = inner?.type === 'assignment' ? inner.childForFieldName('right') : inner;
      const callee = calleeText(call);
      const [owner, method] = callee.split('.');
      if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') {
        this.importStatement(stmt);
        this.report.statement(stmt, true);
      } else if (this.module.containers.has(callee)) {
        this.report.statement(stmt, true); // register_handlers(socketio): its handlers are migrated where they are defined
      } else if (/^(flask_socketio\.)?SocketIO$/.test(callee)) {
        this.socketIOCalls.push({ call: call as PyNode, file: this.file });
        this.report.statement(stmt, true);
      } else if (owner && this.module.socketioNames.has(owner) && method === 'init_app') {
        this.socketIOCalls.push({ call: call as PyNode, file: this.file });
        this.report.statement(stmt, true);
      } else if (
        owner &&
        this.module.socketioNames.has(owner) &&
        (method === 'on_event' || method === 'on_namespace')
      ) {
        this.report.statement(stmt, true);
      } else if (owner && this.module.socketioNames.has(owner) && method === 'start_background_task' && call) {
        this.app.startup.push({ node: call, file: this.file });
        this.report.statement(stmt, true);
      } else if (/\.register_blueprint$/.test(callee)) {
        this.info(stmt, `${callee}(): the blueprint's routes are served by routes.ts`);
      } else if (isFlaskConfig(stmt)) {
        this.info(stmt, FLASK_CONFIG);
      } else if (flaskSetup(stmt, this.module)) {
        this.info(stmt, flaskSetup(stmt, this.module) ?? '');
      } else if (/^(flask\.)?(Flask|Blueprint)$/.test(callee) || stmt.type === 'return_statement') {
        this.info(
          stmt,
          `${name}(): ${stmt.type === 'return_statement' ? 'its return value' : 'the Flask app'} is replaced by createApp() in server.ts`,
        );
      } else {
        this.loose(
          stmt,
          `statement in ${name}() sets up Flask, not Socket.IO; server.ts builds the app with createApp(): port it by hand if it matters`,
        );
      }
    }
  }

  /**
   * A Namespace class's __init__: `self.x = value` becomes a controller field (Socketeer makes one
   * controller per app, as Flask-SocketIO registers one Namespace instance); the super() call
   * is what @Namespace says; anything else is kept as a TODO.
   */
  private initMethod(init: PyNode, className: string, namespace: string): void {
    const body = init.childForFieldName('body');
    const fields: FieldModel[] = [];
    for (const stmt of body ? children(body) : []) {
      if (!stmt.isNamed || stmt.type === 'comment') continue;
      const inner = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      if (inner?.type === 'string') continue;
      if (inner?.type === 'call' && /(^super\(.*\)|Namespace)\.__init__$/s.test(calleeText(inner))) {
        this.info(stmt, `${className}.__init__: the namespace is on @Namespace`);
        continue;
      }
      const left = inner?.type === 'assignment' ? inner.childForFieldName('left') : undefined;
      const value = inner?.type === 'assignment' ? inner.childForFieldName('right') : undefined;
      if (
        left?.type === 'attribute' &&
        left.childForFieldName('object')?.text === 'self' &&
        value &&
        value.type !== 'assignment'
      ) {
        fields.push({ pythonName: left.childForFieldName('attribute')?.text ?? '', value, file: this.file });
        continue;
      }
      this.loose(stmt, `${className}.__init__: only self.<name> = <value> is translated (to a controller field)`);
    }
    this.builder.addFields(namespace, fields);
  }

  private classDefinition(cls: PyNode, decorators: PyNode[]): void {
    const name = cls.childForFieldName('name')?.text ?? '';
    const bases = namedChildren(cls.childForFieldName('superclasses') ?? cls).map((b) => b.text);
    const isNamespace = bases.some((b) => b === 'Namespace' || b.endsWith('.Namespace'));
    if (!isNamespace)
      return this.loose(decorators[0] ?? cls, `class ${name} is not a Flask-SocketIO Namespace; not translated`);
    const namespace = this.registrations.namespaceOf.get(name);
    const unresolved = this.registrations.unresolved.get(name);
    if (namespace === undefined) {
      this.report.notRegistered(
        unresolved?.node ?? cls,
        unresolved?.reason ?? `class ${name} is never registered with on_namespace(), so its handlers are not migrated`,
      );
      this.report.statement(cls, false);
      this.app.loose.push({ node: cls, reason: 'Namespace class not registered', file: this.file });
      return;
    }
    for (const decorator of decorators) this.report.note(decorator, `class decorator ${decorator.text} is dropped`);

    const body = cls.childForFieldName('body');
    for (const member of body ? children(body) : []) {
      const definition = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      const memberDecorators =
        member.type === 'decorated_definition' ? children(member).filter((c) => c.type === 'decorator') : [];
      if (definition?.type !== 'function_definition') {
        if (
          member.type !== 'comment' &&
          member.isNamed &&
          !(member.type === 'expression_statement' && namedChildren(member)[0]?.type === 'string')
        ) {
          this.report.note(member, `class-level statement in ${name} is not translated`);
        }
        continue;
      }
      const methodName = definition.childForFieldName('name')?.text ?? '';
      if (methodName === '__init__') {
        this.initMethod(definition, name, namespace);
        continue;
      }
      const errorDecorator = memberDecorators.find((d) => {
        try {
          return classifyDecorator(d, this.module).type === 'error';
        } catch {
          return false;
        }
      });
      if (errorDecorator) {
        // @socketio.on_error(ns) inside the class body registers the plain function as that namespace's error handler.
        const meaning = classifyDecorator(errorDecorator, this.module);
        const selfFirst = parameterList(definition)[0] === 'self';
        this.builder.add(
          meaning.type === 'error' ? meaning.namespace : namespace,
          {
            kind: 'error',
            methodName: tsIdentifier(methodName),
            fn: definition,
            isMethod: selfFirst,
            foreignDecorators: [],
            file: this.file,
          },
          name,
        );
        continue;
      }
      const [kind, event] = methodName.startsWith('on_') ? eventKind(methodName.slice(3)) : plainMethod();
      // @staticmethod handlers take no self: Flask-SocketIO calls them with the event's arguments alone.
      const isStatic = memberDecorators.some((d) => d.text.replace(/\s/g, '') === '@staticmethod');
      this.builder.add(
        namespace,
        {
          kind,
          ...(event !== undefined ? { event } : {}),
          methodName: tsIdentifier(methodName),
          fn: definition,
          isMethod: !isStatic,
          foreignDecorators: memberDecorators.filter((d) => d.text.replace(/\s/g, '') !== '@staticmethod'),
          file: this.file,
        },
        name,
      );
    }
  }
}

/** Constructors of Flask's own objects (the app, Flask-Login's manager, flask_cors); their setup needs nothing in Socketeer. */
const FLASK_OBJECT = /^((flask|flask_login|flask_cors)\.)?(Flask|LoginManager|CORS|Blueprint)$/;

/** Flask setup with nothing to port: app.debug = True, login_manager.login_view = 'login', CORS(app), logging.basicConfig(...). */
function flaskSetup(stmt: PyNode, module: ModuleInfo): string | undefined {
  const inner = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
  if (inner?.type === 'assignment') {
    const left = inner.childForFieldName('left');
    const object = left?.type === 'attribute' ? left.childForFieldName('object') : undefined;
    if (object?.type === 'identifier' && module.flaskObjects.has(object.text))
      return `${left?.text ?? ''} is Flask setup: not needed by Socketeer (sessions: SESSION_SECRET in server.ts; login redirects: the routes answer 401)`;
    if (/^(flask_cors\.)?CORS$/.test(calleeText(inner.childForFieldName('right'))))
      return "CORS(app): Socketeer's cors option (createApp) covers socket.io; add a cors middleware to express for the routes if they need it";
  }
  const callee = inner?.type === 'call' ? calleeText(inner) : '';
  if (/^(flask_cors\.)?CORS$/.test(callee))
    return "CORS(app): Socketeer's cors option (createApp) covers socket.io; add a cors middleware to express for the routes if they need it";
  if (callee === 'logging.basicConfig') return 'logging.basicConfig(): the shared logger is the console';
  const [owner, method] = callee.split('.');
  if (owner && module.flaskObjects.has(owner) && method === 'init_app')
    return `${callee}(): Flask setup, not needed by Socketeer`;
  return undefined;
}

const FLASK_CONFIG =
  'Flask app config is not needed: sessions live on the connection (a login session signs its cookie with SESSION_SECRET, see server.ts)';

/** app.config['X'] = ... or app.config.from_object(...). */
function isFlaskConfig(stmt: PyNode): boolean {
  const inner = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
  const target =
    inner?.type === 'assignment'
      ? inner.childForFieldName('left')
      : inner?.type === 'call'
        ? inner.childForFieldName('function')
        : undefined;
  return /^\w+\.config\b/.test(target?.text ?? '');
}

/** The local names an import statement binds: `import a.b` binds a, `from m import x as y` binds y. */
function importedNames(stmt: PyNode): string[] {
  const bound = (n: PyNode): string =>
    n.type === 'aliased_import' ? (n.childForFieldName('alias')?.text ?? '') : (n.text.split('.')[0] ?? '');
  if (stmt.type === 'import_statement') return namedChildren(stmt).map(bound);
  return namedChildren(stmt)
    .slice(1)
    .filter((n) => n.type !== 'wildcard_import')
    .map(bound);
}

function decoratorCallee(decorator: PyNode): string {
  const expression = namedChildren(decorator)[0];
  return (expression?.type === 'call' ? expression.childForFieldName('function') : expression)?.text ?? '';
}

/**
 * Flask blueprints and their url_prefix: Blueprint('x', __name__, url_prefix='/api'), overridden
 * by app.register_blueprint(bp, url_prefix='/v1'), as Flask does.
 */
function findBlueprints(roots: readonly PyNode[], module: ModuleInfo): void {
  const prefixOf = (call: PyNode): string | undefined | null => {
    const args = call.childForFieldName('arguments');
    const prefix = args
      ? namedChildren(args).find(
          (a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'url_prefix',
        )
      : undefined;
    if (!prefix) return null;
    return literalString(prefix.childForFieldName('value'))?.replace(/\/$/, '');
  };
  for (const root of roots)
    walk(root, (node) => {
      if (node.type !== 'assignment') return;
      const right = node.childForFieldName('right');
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier' && FLASK_OBJECT.test(calleeText(right))) module.flaskObjects.add(left.text);
      if (left?.type !== 'identifier' || !right || !/^(flask\.)?Blueprint$/.test(calleeText(right))) return;
      const prefix = prefixOf(right);
      module.blueprints.set(left.text, prefix === null ? '' : prefix);
    });
  for (const root of roots)
    walk(root, (node) => {
      if (node.type !== 'call' || !/\.register_blueprint$/.test(calleeText(node))) return;
      const args = node.childForFieldName('arguments');
      const [bp] = args ? namedChildren(args) : [];
      const prefix = prefixOf(node);
      if (bp?.type === 'identifier' && prefix !== null) module.blueprints.set(bp.text, prefix);
    });
}

/** A function's parameter names, in order (without * and / separators). */
export function parameterList(fn: PyNode): string[] {
  const params = fn.childForFieldName('parameters');
  return (params ? namedChildren(params) : [])
    .filter(
      (p) =>
        p.type !== 'keyword_separator' &&
        p.type !== 'positional_separator' &&
        p.type !== 'list_splat_pattern' &&
        p.type !== 'dictionary_splat_pattern',
    )
    .map((p) =>
      p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? namedChildren(p)[0]?.text ?? ''),
    );
}

/**
 * Finds the app's own login decorators, such as the authenticated_only wrapper from
 * Flask-SocketIO's documentation: a function returning a wrapper that checks
 * current_user.is_authenticated. 'disconnect' when it disconnects anonymous clients.
 */
function findAuthDecorators(root: PyNode, module: ModuleInfo): void {
  for (const stmt of children(root)) {
    if (stmt.type !== 'function_definition') continue;
    const body = stmt.childForFieldName('body');
    const text = body?.text ?? '';
    const wraps = (body ? children(body) : []).some(
      (c) => c.type === 'function_definition' || c.type === 'decorated_definition',
    );
    if (wraps && /current_user/.test(text) && /is_authenticated|is_anonymous/.test(text)) {
      module.authDecorators.set(
        stmt.childForFieldName('name')?.text ?? '',
        /\bdisconnect\s*\(/.test(text) ? 'disconnect' : 'refuse',
      );
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
  for (
    let node = stmt.previousSibling;
    node?.type === 'comment' && node.endPosition.row >= stmt.startPosition.row - lines.length - 1;
    node = node.previousSibling
  ) {
    lines.unshift(node.text.replace(/^#\s?/, ''));
  }
  return lines;
}
