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
}

/** Module-level `x = SocketIO(...)`, `socketio.on_event(...)` and `socketio.on_namespace(...)`, in every file. */
export function findRegistrations(root: PyNode, module: ModuleInfo, { onEvent, namespaceOf }: Registrations): void {
  const statements = topLevelStatements(root);
  for (const stmt of statements) {
    const assignment = namedChildren(stmt)[0];
    if (assignment?.type === 'assignment' && /^(flask_socketio\.)?SocketIO$/.test(calleeText(assignment.childForFieldName('right')))) {
      const target = assignment.childForFieldName('left');
      if (target?.type === 'identifier') module.socketioNames.add(target.text);
    }
  }
  for (const stmt of statements) {
    const call = namedChildren(stmt)[0];
    if (call?.type !== 'call') continue;
    const [owner, method] = calleeText(call).split('.');
    if (!owner || !module.socketioNames.has(owner)) continue;
    let args: ReturnType<typeof splitArguments>;
    try {
      args = splitArguments(call.childForFieldName('arguments') as PyNode);
    } catch {
      continue;
    }
    if (method === 'on_event') {
      const event = literalString(args.positional[0]);
      const handler = args.positional[1];
      const namespaceNode = args.keywords.get('namespace') ?? args.positional[2];
      const namespace = namespaceNode ? literalString(namespaceNode) : '/';
      if (event !== undefined && namespace !== undefined && handler?.type === 'identifier') {
        onEvent.set(handler.text, [...(onEvent.get(handler.text) ?? []), { event, namespace, node: call }]);
      }
    } else if (method === 'on_namespace') {
      const instance = args.positional[0];
      const cls = instance?.type === 'call' ? calleeText(instance) : undefined;
      const namespaceArg = instance?.type === 'call' ? splitArguments(instance.childForFieldName('arguments') as PyNode).positional[0] : undefined;
      if (cls) namespaceOf.set(cls, (namespaceArg && literalString(namespaceArg)) ?? '/');
    }
  }
}

/** Statements at module level, including those under `if __name__ == '__main__':`. */
function topLevelStatements(root: PyNode): PyNode[] {
  return children(root).flatMap((stmt) => (isMainGuard(stmt) ? children(stmt.childForFieldName('consequence') as PyNode) : [stmt])).filter((s) => s.type === 'expression_statement');
}

export function isMainGuard(stmt: PyNode): boolean {
  return stmt.type === 'if_statement' && /^__name__\s*==\s*['"]__main__['"]$/.test(stmt.childForFieldName('condition')?.text ?? '');
}

export function calleeText(node: PyNode | null | undefined): string {
  return node?.type === 'call' ? (node.childForFieldName('function')?.text ?? '') : '';
}
