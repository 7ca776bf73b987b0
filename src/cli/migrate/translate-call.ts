import { splitArguments, type CallArguments } from './arguments.js';
import { isIdentifier, tsIdentifier } from './names.js';
import type { PyNode } from './python-parser.js';
import { literalString } from './python-strings.js';
import type { FunctionScope } from './scope.js';
import { isSocketFunction, seconds, translateSocketCall } from './translate-socket-call.js';
import { Untranslatable } from './untranslatable.js';

type Expr = (node: PyNode) => string;

/** Python exceptions a handler may raise; all but ConnectionRefusedError become a plain Error. */
const ERROR_CLASSES = new Set(['Exception', 'RuntimeError', 'ValueError', 'KeyError', 'TypeError', 'PermissionError']);

/** Translates a call: Flask-SocketIO helpers, common builtins and common dict/list/str methods. */
export function translateCall(node: PyNode, scope: FunctionScope, expr: Expr): string {
  const callee = node.childForFieldName('function');
  const argumentList = node.childForFieldName('arguments');
  if (!callee || !argumentList) throw new Untranslatable(node, 'incomplete call');
  const args = splitArguments(argumentList);
  if (callee.type === 'identifier') return callFunction(callee.text, args, node, scope, expr);
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text;
    if (object && method) return callMethod(object, method, args, node, scope, expr);
  }
  throw new Untranslatable(node, 'this kind of call is not translated');
}

function positionalOnly(args: CallArguments, what: string, expr: Expr): string[] {
  if (args.keywords.size > 0) throw new Untranslatable(args.node, `keyword arguments to ${what}() are not translated`);
  return args.positional.map(expr);
}

function one(args: CallArguments, what: string, expr: Expr): string {
  const [arg, extra] = positionalOnly(args, what, expr);
  if (arg === undefined || extra !== undefined) throw new Untranslatable(args.node, `${what}() with this many arguments is not translated`);
  return arg;
}

function callFunction(name: string, args: CallArguments, node: PyNode, scope: FunctionScope, expr: Expr): string {
  const isLocal = scope.options.locals.has(name) && !scope.options.globals.has(name);
  if (!isLocal && isSocketFunction(name, 'context')) return translateSocketCall(name, 'context', args, scope, expr);
  if (isLocal || scope.module.helpers.has(name)) {
    return `${scope.resolveName(name, node)}(${positionalOnly(args, name, expr).join(', ')})`;
  }
  switch (name) {
    case 'print':
      return `${scope.useShared('logger')}.info(${positionalOnly(args, 'print', expr).join(', ')})`;
    case 'str':
      return args.positional.length === 0 ? "''" : `String(${one(args, name, expr)})`;
    case 'int':
      return `Math.trunc(Number(${one(args, name, expr)}))`;
    case 'float':
      return `Number(${one(args, name, expr)})`;
    case 'bool':
      return `Boolean(${one(args, name, expr)})`;
    case 'abs':
    case 'round':
      return `Math.${name}(${one(args, name, expr)})`;
    case 'min':
    case 'max': {
      // max(iterable) takes one collection; max(a, b) takes the values themselves.
      const values = positionalOnly(args, name, expr);
      return values.length === 1 ? `Math.${name}(...${values[0]})` : `Math.${name}(${values.join(', ')})`;
    }
    case 'len':
      return lengthOf(args, scope, expr);
    case 'list':
      return listOf(args, scope, expr);
    case 'sorted':
      return `[...${one(args, name, expr)}].sort()`;
    case 'dict':
      if (args.positional.length > 0) throw new Untranslatable(node, 'dict(...) from an iterable is not translated');
      return args.keywords.size === 0 ? '{}' : `{ ${[...args.keywords].map(([k, v]) => `${k}: ${expr(v)}`).join(', ')} }`;
    case 'set':
      if (args.positional.length === 0) return `new Set<${scope.useShared('Untyped')}>()`;
      return `new Set(${one(args, name, expr)})`;
    case 'ConnectionRefusedError':
      return `new ${scope.useSocketeer('ConnectionRefusedError')}(${positionalOnly(args, name, expr).join(', ')})`;
    default:
      if (ERROR_CLASSES.has(name)) return `new Error(${positionalOnly(args, name, expr).slice(0, 1).join('')})`;
      throw new Untranslatable(node, `'${name}' is not defined in the migrated code`);
  }
}

function lengthOf(args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const [arg] = args.positional;
  const value = one(args, 'len', expr);
  const kind = arg?.type === 'identifier' ? scope.stateKind(arg.text) : undefined;
  if (kind === 'dict') return `Object.keys(${value}).length`;
  if (kind === 'set') return `${value}.size`;
  return `${value}.length`;
}

function listOf(args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const [arg] = args.positional;
  if (!arg) return '[]';
  const value = one(args, 'list', expr);
  if (value.startsWith('Object.')) return value; // list(d.keys()) is already an array
  const kind = arg.type === 'identifier' ? scope.stateKind(arg.text) : undefined;
  if (kind === 'dict') return `Object.keys(${value})`;
  return `[...${value}]`;
}

function callMethod(object: PyNode, method: string, args: CallArguments, node: PyNode, scope: FunctionScope, expr: Expr): string {
  const objectName = object.type === 'identifier' ? object.text : undefined;
  const shadowed = objectName !== undefined && scope.options.locals.has(objectName);
  if (objectName && !shadowed && scope.module.socketioNames.has(objectName)) {
    if (isSocketFunction(method, 'server')) return translateSocketCall(method, 'server', args, scope, expr);
    if (method === 'sleep') {
      scope.usesAwait = true;
      scope.imports.sleep = true;
      const [delay] = args.positional;
      return `await sleep(${delay ? seconds(delay, expr) : '0'})`;
    }
    throw new Untranslatable(node, `${objectName}.${method}() is not translated`);
  }
  if (objectName === 'self' && scope.options.selfMethods) {
    if (isSocketFunction(method, 'namespace-class')) return translateSocketCall(method, 'namespace-class', args, scope, expr);
    if (scope.options.selfMethods.has(method)) return `this.${tsIdentifier(method)}(${positionalOnly(args, method, expr).join(', ')})`;
    throw new Untranslatable(node, `self.${method}() is not translated`);
  }
  if (objectName === 'json' && !shadowed && (method === 'dumps' || method === 'loads')) {
    return `JSON.${method === 'dumps' ? 'stringify' : 'parse'}(${one(args, method, expr)})`;
  }
  if (objectName === 'time' && !shadowed && method === 'time' && args.positional.length === 0) return 'Date.now() / 1000';
  return translateValueMethod(object, method, args, node, scope, expr);
}

/** Methods of Python's dict, list, set and str that have a direct TypeScript counterpart. */
function translateValueMethod(object: PyNode, method: string, args: CallArguments, node: PyNode, scope: FunctionScope, expr: Expr): string {
  const receiver = expr(object);
  const kind = object.type === 'identifier' ? scope.stateKind(object.text) : undefined;
  const argsText = () => positionalOnly(args, method, expr);
  switch (method) {
    case 'get': {
      const [key, fallback] = args.positional;
      if (!key || args.positional.length > 2) throw new Untranslatable(node, 'get() needs a key');
      if (key.type === 'tuple') throw new Untranslatable(node, 'tuple keys are not translated');
      const literal = literalString(key);
      const access = literal !== undefined && isIdentifier(literal) ? `${receiver}.${literal}` : `${receiver}[${expr(key)}]`;
      return fallback ? `(${access} ?? ${expr(fallback)})` : access;
    }
    case 'keys':
      return `Object.keys(${receiver})`;
    // The type argument keeps the values Untyped; Object.values(any) would give unknown[].
    case 'values':
      return `Object.values<${scope.useShared('Untyped')}>(${receiver})`;
    case 'items':
      return `Object.entries<${scope.useShared('Untyped')}>(${receiver})`;
    case 'append':
      return `${receiver}.push(${argsText().join(', ')})`;
    case 'extend':
      return `${receiver}.push(...${one(args, method, expr)})`;
    case 'update':
      return `Object.assign(${receiver}, ${one(args, method, expr)})`;
    case 'add':
      return `${receiver}.add(${one(args, method, expr)})`;
    case 'discard':
      return `${receiver}.delete(${one(args, method, expr)})`;
    case 'remove':
      if (kind === 'set') return `${receiver}.delete(${one(args, method, expr)})`;
      break;
    case 'upper':
      return `${receiver}.toUpperCase()`;
    case 'lower':
      return `${receiver}.toLowerCase()`;
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      if (args.positional.length > 0) break;
      return `${receiver}.${{ strip: 'trim', lstrip: 'trimStart', rstrip: 'trimEnd' }[method]}()`;
    case 'startswith':
    case 'endswith':
      return `${receiver}.${method === 'startswith' ? 'startsWith' : 'endsWith'}(${one(args, method, expr)})`;
    case 'replace':
      return `${receiver}.replaceAll(${argsText().join(', ')})`;
    case 'split':
      if (args.positional.length !== 1) break;
      return `${receiver}.split(${one(args, method, expr)})`;
    case 'join':
      return `${one(args, method, expr)}.join(${receiver})`;
  }
  throw new Untranslatable(node, `.${method}() is not translated`);
}
