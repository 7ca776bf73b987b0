import { splitArguments } from './arguments.js';
import { literalString } from './python-strings.js';
import { namedChildren, type PyNode } from './python-parser.js';
import { Untranslatable } from './untranslatable.js';
import { constantString } from './registrations.js';
import type { ModuleInfo } from './scope.js';

/** What a decorator on a module-level function means to the migrator. */
export type DecoratorMeaning =
  | { type: 'on'; event: string; namespace: string }
  | { type: 'event'; namespace: string } // @socketio.event: the event is the function's name
  | { type: 'error'; namespace: string }
  | { type: 'error-default' }
  | { type: 'route'; path: string; methods: string[]; owner: string }
  | { type: 'foreign' };

const HTTP_SHORTCUTS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/**
 * Classifies `@socketio.on(...)`, `@socketio.event`, `@socketio.on_error(...)`,
 * `@socketio.on_error_default` and Flask's `@app.route(...)`; anything else is foreign.
 * Throws Untranslatable when a Socket.IO decorator uses a non-literal event or namespace.
 */
export function classifyDecorator(decorator: PyNode, module: ModuleInfo): DecoratorMeaning {
  const socketioNames = module.socketioNames;
  const expression = namedChildren(decorator)[0];
  if (!expression) return { type: 'foreign' };
  const call = expression.type === 'call' ? expression : undefined;
  const callee = call ? call.childForFieldName('function') : expression;
  if (callee?.type !== 'attribute') return { type: 'foreign' };
  const owner = callee.childForFieldName('object')?.text ?? '';
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const args = call?.childForFieldName('arguments');
  const parsed = args ? splitArguments(args) : undefined;
  const positional = parsed?.positional ?? [];
  const keywords = parsed?.keywords ?? new Map<string, PyNode>();

  if (socketioNames.has(owner)) {
    const namespaceNode = keywords.get('namespace') ?? (method === 'on' ? positional[1] : positional[0]);
    const namespace = namespaceNode ? constantString(namespaceNode, module) : '/';
    if (namespace === undefined)
      throw new Untranslatable(
        decorator,
        `the namespace ${namespaceNode?.text ?? ''} is not a string literal or a module constant, so this handler cannot be registered`,
      );
    if (method === 'on') {
      const event = constantString(positional[0], module);
      if (event === undefined)
        throw new Untranslatable(
          decorator,
          `the event name ${positional[0]?.text ?? ''} is not a string literal or a module constant, so this handler cannot be registered`,
        );
      return { type: 'on', event, namespace };
    }
    if (method === 'event') return { type: 'event', namespace };
    if (method === 'on_error') return { type: 'error', namespace };
    if (method === 'on_error_default') return { type: 'error-default' };
    return { type: 'foreign' };
  }
  if (method === 'route' || HTTP_SHORTCUTS.has(method)) {
    const path = literalString(positional[0]);
    if (path === undefined) return { type: 'foreign' };
    const methodsNode = keywords.get('methods');
    const methods =
      method === 'route'
        ? methodsNode
          ? namedChildren(methodsNode).map((m) => literalString(m) ?? m.text)
          : ['GET']
        : [method.toUpperCase()];
    return { type: 'route', path, methods, owner };
  }
  return { type: 'foreign' };
}
