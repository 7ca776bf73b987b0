import { splitArguments } from './arguments.js';
import { children, namedChildren, type PyNode } from './python-parser.js';
import { literalString } from './python-strings.js';
import type { ModuleInfo } from './scope.js';

/** A handler registered with socketio.on_event('event', fn, namespace=...). */
export interface Registration {
  event: string;
  namespace: string;
  node: PyNode;
}

export interface Registrations {
  /** Function name -> its on_event registrations. */
  onEvent: Map<string, Registration[]>;
  /** Namespace class name -> the namespace on_namespace() gave it. */
  namespaceOf: Map<string, string>;
  /** Namespace class name -> why its namespace could not be read, for the report. */
  unresolved: Map<string, { node: PyNode; reason: string }>;
  /** on_event() calls that cannot be registered, with the reason; `root` is the index of their file. */
  failed: Array<{ node: PyNode; reason: string; root: number }>;
}

/** Calls whose result is Flask-SocketIO's server object. */
const SOCKETIO_CONSTRUCTOR = /^(flask_socketio\.)?SocketIO$/;
/** Methods that show a name is the SocketIO object, when called or used as a decorator on it. */
const SOCKETIO_METHODS = new Set([
  'on',
  'event',
  'on_event',
  'on_namespace',
  'on_error',
  'on_error_default',
  'init_app',
  'start_background_task',
  'emit',
]);

/**
 * Finds, across every file, what the handlers hang on: the names of the SocketIO object
 * (any name, imported under any alias, or a function parameter such as `def register(sio)`),
 * module-level string constants (namespaces are often kept in one), and the registrations
 * made with on_event() and on_namespace() anywhere, including inside an app factory.
 */
export function findRegistrations(roots: readonly PyNode[], module: ModuleInfo, registrations: Registrations): void {
  const classes = new Map<string, PyNode>();
  for (const root of roots) {
    walk(root, (node) => {
      if (node.type === 'class_definition') classes.set(node.childForFieldName('name')?.text ?? '', node);
      if (node.type !== 'assignment') return;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier') return;
      if (SOCKETIO_CONSTRUCTOR.test(calleeText(right))) module.socketioNames.add(left.text);
      const text = literalString(right);
      if (text !== undefined && node.parent?.parent?.type === 'module') module.constants.set(left.text, text);
    });
  }
  for (const root of roots) {
    walk(root, (node) => {
      if (node.type === 'import_from_statement') {
        for (const alias of namedChildren(node).filter((c) => c.type === 'aliased_import')) {
          const original = alias.childForFieldName('name')?.text.split('.').at(-1) ?? '';
          const local = alias.childForFieldName('alias')?.text ?? '';
          if (module.socketioNames.has(original)) module.socketioNames.add(local);
          const constant = module.constants.get(original);
          if (constant !== undefined) module.constants.set(local, constant);
        }
      }
      // def register(sio): @sio.on(...) / sio.on_event(...): the parameter is the SocketIO object.
      if (node.type === 'function_definition') {
        for (const param of parameterNames(node)) if (usedAsSocketIO(node, param)) module.socketioNames.add(param);
      }
    });
  }
  // `from app import socket` with app/ not given: a name used as @socket.on(...) / @socket.event
  // is the SocketIO object all the same, unless the program is python-socketio's own server.
  if (!roots.some((r) => /\bsocketio\.(Async)?Server\s*\(/.test(r.text))) {
    for (const root of roots) {
      walk(root, (node) => {
        if (node.type !== 'decorator') return;
        const expression = namedChildren(node)[0];
        const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
        const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
        const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
        if (
          object?.type === 'identifier' &&
          (method === 'on' || method === 'event' || method === 'on_error' || method === 'on_error_default') &&
          isImportedOrGlobal(root, object.text)
        ) {
          module.socketioNames.add(object.text);
        }
      });
    }
  }
  roots.forEach((root, rootIndex) => {
    walk(root, (call) => {
      if (call.type !== 'call') return;
      const [owner, method, extra] = calleeText(call).split('.');
      if (!owner || extra !== undefined || !module.socketioNames.has(owner)) return;
      let args: ReturnType<typeof splitArguments>;
      try {
        args = splitArguments(call.childForFieldName('arguments') as PyNode);
      } catch {
        return;
      }
      if (method === 'on_event') {
        const event = literalString(args.positional[0]);
        const handler = args.keywords.get('handler') ?? args.positional[1];
        const namespaceNode = args.keywords.get('namespace') ?? args.positional[2];
        const namespace = namespaceNode ? constantString(namespaceNode, module) : '/';
        if (event !== undefined && namespace !== undefined && handler?.type === 'identifier') {
          registrations.onEvent.set(handler.text, [
            ...(registrations.onEvent.get(handler.text) ?? []),
            { event, namespace, node: call },
          ]);
        } else {
          const what =
            event === undefined
              ? `the event name ${args.positional[0]?.text ?? ''} is not a string literal or a module constant`
              : namespace === undefined
                ? `the namespace ${namespaceNode?.text ?? ''} is not a string literal or a module constant`
                : `the handler ${handler?.text ?? ''} is not a function name`;
          registrations.failed.push({
            node: call,
            root: rootIndex,
            reason: `${calleeText(call)}(): ${what}, so this handler cannot be registered`,
          });
        }
      } else if (method === 'on_namespace') {
        const instance = resolveInstance(args.positional[0], call);
        const cls = instance ? calleeText(instance).split('.').at(-1) : undefined;
        if (!instance || !cls) return;
        const instanceArgs = splitArguments(instance.childForFieldName('arguments') as PyNode);
        const given = instanceArgs.keywords.get('namespace') ?? instanceArgs.positional[0];
        const classNode = classes.get(cls);
        const namespace = given
          ? constantString(given, module)
          : classNode
            ? namespaceFromInit(classNode, module)
            : '/';
        if (namespace !== undefined) registrations.namespaceOf.set(cls, namespace);
        else
          registrations.unresolved.set(cls, {
            node: call,
            reason: `the namespace of ${cls} is not a string literal or a module constant, so its handlers cannot be registered`,
          });
      }
    });
  });
}

/** A string literal, or a module-level constant holding one (NAMESPACE = '/chat'). */
export function constantString(node: PyNode | null | undefined, module: ModuleInfo): string | undefined {
  if (node?.type === 'identifier') return module.constants.get(node.text);
  return literalString(node);
}

/** on_namespace(ChatNamespace('/chat')) or ns = ChatNamespace(...); on_namespace(ns). */
function resolveInstance(arg: PyNode | undefined, call: PyNode): PyNode | undefined {
  if (arg?.type === 'call') return arg;
  if (arg?.type !== 'identifier') return undefined;
  let found: PyNode | undefined;
  walk(root(call), (node) => {
    if (
      node.type === 'assignment' &&
      node.childForFieldName('left')?.text === arg.text &&
      node.childForFieldName('right')?.type === 'call'
    ) {
      found = node.childForFieldName('right') ?? undefined;
    }
  });
  return found;
}

/** A Namespace subclass that fixes its path in __init__: super().__init__('/chat'). '/' if it does not. */
function namespaceFromInit(cls: PyNode, module: ModuleInfo): string | undefined {
  const body = cls.childForFieldName('body');
  const init = (body ? children(body) : [])
    .map((m) => (m.type === 'decorated_definition' ? m.childForFieldName('definition') : m))
    .find((m) => m?.type === 'function_definition' && m.childForFieldName('name')?.text === '__init__');
  if (!init) return '/';
  let result: string | undefined = '/';
  walk(init, (node) => {
    if (node.type !== 'call' || !/(^super\(.*\)|Namespace)\.__init__$/s.test(calleeText(node))) return;
    const args = splitArguments(node.childForFieldName('arguments') as PyNode);
    const positional = calleeText(node).startsWith('super') ? args.positional : args.positional.slice(1);
    const given = args.keywords.get('namespace') ?? positional[0];
    result = given ? constantString(given, module) : '/';
  });
  return result;
}

/** Whether a module imports `name` (from anywhere) or binds it at module level. */
function isImportedOrGlobal(root: PyNode, name: string): boolean {
  return children(root).some((stmt) => {
    if (stmt.type === 'import_from_statement') {
      return namedChildren(stmt)
        .slice(1)
        .some((n) => (n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text) === name);
    }
    const assignment = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
    return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name;
  });
}

function parameterNames(fn: PyNode): string[] {
  const params = fn.childForFieldName('parameters');
  return (params ? namedChildren(params) : [])
    .map((p) =>
      p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? namedChildren(p)[0]?.text ?? ''),
    )
    .filter(Boolean);
}

function usedAsSocketIO(fn: PyNode, name: string): boolean {
  let used = false;
  walk(fn.childForFieldName('body') ?? fn, (node) => {
    if (node.type !== 'attribute') return;
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    if (
      object?.type === 'identifier' &&
      object.text === name &&
      SOCKETIO_METHODS.has(attribute) &&
      attribute !== 'emit'
    )
      used = true;
  });
  return used;
}

function root(node: PyNode): PyNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** Visits every node under `node`, depth first. */
export function walk(node: PyNode, visit: (node: PyNode) => void): void {
  visit(node);
  for (const child of children(node)) walk(child, visit);
}

export function isMainGuard(stmt: PyNode): boolean {
  return (
    stmt.type === 'if_statement' &&
    /^__name__\s*==\s*['"]__main__['"]$/.test(stmt.childForFieldName('condition')?.text ?? '')
  );
}

export function calleeText(node: PyNode | null | undefined): string {
  return node?.type === 'call' ? (node.childForFieldName('function')?.text ?? '') : '';
}
