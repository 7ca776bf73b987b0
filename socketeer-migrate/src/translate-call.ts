import { splitArguments, type CallArguments } from './arguments.js';
import { isIdentifier, quote, tsIdentifier } from './names.js';
import { namedChildren, type PyNode } from './python-parser.js';
import { literalString } from './python-strings.js';
import type { FunctionScope } from './scope.js';
import { routeFunction, routeRequestMethod } from './translate-route.js';
import { isSocketFunction, seconds, translateSocketCall } from './translate-socket-call.js';
import { Untranslatable } from './untranslatable.js';

type Expr = (node: PyNode) => string;

/** Python exceptions a handler may raise; all but ConnectionRefusedError become a plain Error. */
const ERROR_CLASSES = new Set(['Exception', 'RuntimeError', 'ValueError', 'KeyError', 'TypeError', 'PermissionError']);

/** Python's logging levels -> console methods. */
const LOG_LEVELS: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  exception: 'error',
  critical: 'error',
};

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
  if (arg === undefined || extra !== undefined)
    throw new Untranslatable(args.node, `${what}() with this many arguments is not translated`);
  return arg;
}

function callFunction(name: string, args: CallArguments, node: PyNode, scope: FunctionScope, expr: Expr): string {
  const isLocal = scope.options.locals.has(name) && !scope.options.globals.has(name);
  // disconnect() in a connect handler refuses the connection, as Flask-SocketIO does.
  if (
    !isLocal &&
    name === 'disconnect' &&
    scope.options.isConnect === true &&
    args.positional.length === 0 &&
    args.keywords.size === 0 &&
    node.parent?.type === 'expression_statement'
  ) {
    return `throw new ${scope.useSocketeer('ConnectionRefusedError')}()`;
  }
  if (!isLocal && scope.options.route) {
    const view = routeFunction(name, args, node, scope, expr);
    if (view !== undefined) return view;
  }
  if (!isLocal && isSocketFunction(name, 'context')) return translateSocketCall(name, 'context', args, scope, expr);
  if (!isLocal && scope.module.helpers.has(name)) {
    const call = `${scope.resolveName(name, node)}(${helperArguments(name, args, scope, expr).join(', ')})`;
    return scope.module.asyncHelpers.has(name) ? awaited(call, node, scope) : call;
  }
  if (isLocal) return `${scope.resolveName(name, node)}(${positionalOnly(args, name, expr).join(', ')})`;
  const imported = translateImportedFunction(name, args, scope, expr);
  if (imported !== undefined) return imported;
  switch (name) {
    case 'next': {
      // next((x for x in xs if c), default): the first match, or the default.
      const [source, fallback] = args.positional;
      if (!source || (source.type !== 'generator_expression' && source.type !== 'list_comprehension'))
        throw new Untranslatable(node, 'next() on an iterator is not translated');
      const first = firstOf(source, scope, expr);
      return fallback ? `(${first} ?? ${expr(fallback)})` : first;
    }
    case 'any':
      return `${one(args, name, expr)}.some(Boolean)`;
    case 'all':
      return `${one(args, name, expr)}.every(Boolean)`;
    case 'sum':
      return `${one(args, name, expr)}.reduce((a: number, b: number) => a + b, 0)`;
    case 'isinstance':
      throw new Untranslatable(node, 'isinstance() is not translated: check the value with typeof or a zod schema');
    case 'print':
      return `${scope.useShared('logger')}.info(${positionalOnly(args, 'print', expr).join(', ')})`;
    case 'str': {
      if (args.positional.length === 0) return "''";
      const [value] = args.positional;
      // str(exception) is its message in Python; String(error) would prefix 'Error: '.
      if (value?.type === 'identifier' && scope.options.errorNames?.has(value.text)) {
        const e = expr(value);
        return `(${e} instanceof Error ? ${e}.message : String(${e}))`;
      }
      return `String(${one(args, name, expr)})`;
    }
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
      return args.keywords.size === 0
        ? '{}'
        : `{ ${[...args.keywords].map(([k, v]) => `${k}: ${expr(v)}`).join(', ')} }`;
    case 'set':
      if (args.positional.length === 0) return `new Set<${scope.useShared('Untyped')}>()`;
      return `new Set(${one(args, name, expr)})`;
    case 'ConnectionRefusedError':
      return `new ${scope.useSocketeer('ConnectionRefusedError')}(${positionalOnly(args, name, expr).join(', ')})`;
    default:
      if (ERROR_CLASSES.has(name)) return `new Error(${positionalOnly(args, name, expr).slice(0, 1).join('')})`;
      if (scope.module.imports.has(name))
        return `${scope.resolveName(name, node)}(${positionalOnly(args, name, expr).join(', ')})`;
      throw new Untranslatable(node, `'${name}' is not defined in the migrated code`);
  }
}

function lengthOf(args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const [arg] = args.positional;
  const value = one(args, 'len', expr);
  const kind = arg ? scope.kindOfNode(arg) : undefined;
  if (kind === 'dict') return `Object.keys(${value}).length`;
  if (kind === 'set') return `${value}.size`;
  return `${value}.length`;
}

function listOf(args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const [arg] = args.positional;
  if (!arg) return '[]';
  const value = one(args, 'list', expr);
  if (value.startsWith('Object.')) return value; // list(d.keys()) is already an array
  const kind = scope.kindOfNode(arg);
  if (kind === 'dict') return `Object.keys(${value})`;
  return `[...${value}]`;
}

function callMethod(
  object: PyNode,
  method: string,
  args: CallArguments,
  node: PyNode,
  scope: FunctionScope,
  expr: Expr,
): string {
  const objectName = object.type === 'identifier' ? object.text : undefined;
  const shadowed = objectName !== undefined && scope.options.locals.has(objectName);
  if (objectName && !shadowed && scope.module.socketioNames.has(objectName)) {
    if (isSocketFunction(method, 'server')) return translateSocketCall(method, 'server', args, scope, expr);
    if (method === 'start_background_task') {
      const target = args.keywords.get('target') ?? args.positional[0];
      if (!target) throw new Untranslatable(node, 'start_background_task() needs a function');
      const rest = (args.keywords.has('target') ? args.positional : args.positional.slice(1)).map(expr);
      if ([...args.keywords.keys()].some((k) => k !== 'target'))
        throw new Untranslatable(node, 'keyword arguments for the background task are not translated');
      return `${scope.useShared('startBackgroundTask')}(${[expr(target), ...rest].join(', ')})`;
    }
    if (method === 'sleep') {
      scope.usesAwait = true;
      scope.imports.sleep = true;
      const [delay] = args.positional;
      return `await sleep(${delay ? seconds(delay, expr) : '0'})`;
    }
    throw new Untranslatable(node, `${objectName}.${method}() is not translated`);
  }
  if (objectName === 'self' && scope.options.selfMethods) {
    if (isSocketFunction(method, 'namespace-class'))
      return translateSocketCall(method, 'namespace-class', args, scope, expr);
    if (scope.options.selfMethods.has(method)) {
      const call = `this.${tsIdentifier(method)}(${positionalOnly(args, method, expr).join(', ')})`;
      return scope.module.asyncMethods.has(method) ? awaited(call, node, scope) : call;
    }
    throw new Untranslatable(node, `self.${method}() is not translated`);
  }
  const isLogger =
    (objectName !== undefined && !shadowed && (objectName === 'logging' || scope.module.loggers.has(objectName))) ||
    object.text === 'app.logger' ||
    object.text === 'current_app.logger' ||
    (object.type === 'call' && object.childForFieldName('function')?.text === 'logging.getLogger');
  if (isLogger && Object.hasOwn(LOG_LEVELS, method)) {
    return `${scope.useShared('logger')}.${LOG_LEVELS[method] ?? 'info'}(${positionalOnly(args, method, expr).join(', ')})`;
  }
  if (objectName === 'json' && !shadowed && method === 'loads') return `JSON.parse(${one(args, method, expr)})`;
  // json.dumps puts a space after ':' and ','; clients that compare the text see the same string.
  if (objectName === 'json' && !shadowed && method === 'dumps')
    return `${scope.useShared('jsonDumps')}(${one(args, method, expr)})`;
  if (objectName === 'time' && !shadowed && method === 'time' && args.positional.length === 0)
    return 'Date.now() / 1000';
  if (objectName === 'time' && !shadowed && method === 'time_ns' && args.positional.length === 0)
    return 'Date.now() * 1_000_000';
  if (objectName === 'time' && !shadowed && method === 'sleep') {
    // time.sleep blocks one thread in Flask-SocketIO; in Node it must not block every client.
    scope.usesAwait = true;
    scope.imports.sleep = true;
    return `await sleep(${seconds(args.positional[0] ?? object, expr)})`;
  }
  if (objectName !== undefined && !shadowed && !scope.options.locals.has(objectName)) {
    const imported = translateImportedFunction(`${objectName}.${method}`, args, scope, expr);
    if (imported !== undefined) return imported;
  }
  if (scope.options.route && !scope.options.locals.has('request')) {
    const fromRequest = routeRequestMethod(object, method, args, node, scope, expr);
    if (fromRequest !== undefined) return fromRequest;
  }
  // request.headers.get('User-Agent'): Flask's headers ignore case; Node's are lower-case.
  if (
    object.type === 'attribute' &&
    object.text === 'request.headers' &&
    method === 'get' &&
    !scope.options.locals.has('request')
  ) {
    const [key, fallback] = args.positional;
    const name = literalString(key);
    if (name === undefined) throw new Untranslatable(node, 'request.headers.get() needs a literal header name');
    const access = `${scope.useSocketeer('request')}.headers[${quote(name.toLowerCase())}]`;
    return fallback ? `(${access} ?? ${expr(fallback)})` : access;
  }
  if (object.type === 'string' && method === 'format') return formatString(object, args, scope, expr);
  if (
    object.type === 'call' &&
    /^(datetime\.)?datetime\.(now|utcnow)$|^date\.today$/.test(object.childForFieldName('function')?.text ?? '')
  ) {
    const date = expr(object);
    if (method === 'isoformat') return `${date}.toISOString()`;
    if (method === 'timestamp') return `${date}.getTime() / 1000`;
  }
  return translateValueMethod(object, method, args, node, scope, expr);
}

/** Methods of Python's dict, list, set and str that have a direct TypeScript counterpart. */
function translateValueMethod(
  object: PyNode,
  method: string,
  args: CallArguments,
  node: PyNode,
  scope: FunctionScope,
  expr: Expr,
): string {
  const receiver = expr(object);
  const kind = scope.kindOfNode(object);
  const argsText = () => positionalOnly(args, method, expr);
  switch (method) {
    case 'get': {
      const [key, fallback] = args.positional;
      if (!key || args.positional.length > 2) throw new Untranslatable(node, 'get() needs a key');
      if (args.keywords.size > 0) throw new Untranslatable(node, 'keyword arguments to get() are not translated');
      if (key.type === 'tuple') throw new Untranslatable(node, 'tuple keys are not translated');
      const literal = literalString(key);
      const access =
        literal !== undefined && isIdentifier(literal) ? `${receiver}.${literal}` : `${receiver}[${expr(key)}]`;
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
      // list.remove(x): the first x goes; a missing one throws, as Python's ValueError does.
      if (kind === 'list') return `${scope.useShared('removeItem')}(${receiver}, ${one(args, method, expr)})`;
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
    case 'pop':
      if (kind === 'list' || (args.positional.length === 0 && kind !== 'dict')) {
        if (args.positional.length === 0) return `${receiver}.pop()`;
        return `${receiver}.splice(${one(args, method, expr)}, 1)[0]`;
      }
      if (kind === 'dict' || args.positional.length >= 1) {
        // dict.pop(key[, default]): remove and return; JavaScript has no such one-liner.
        const [key, fallback] = args.positional;
        if (!key) break;
        return `${scope.useShared('popKey')}(${receiver}, ${expr(key)}${fallback ? `, ${expr(fallback)}` : ''})`;
      }
      break;
    case 'insert':
      return `${receiver}.splice(${argsText().join(', 0, ')})`;
    case 'index':
      return `${receiver}.indexOf(${one(args, method, expr)})`;
    case 'copy':
      return kind === 'dict' ? `{ ...${receiver} }` : kind === 'set' ? `new Set(${receiver})` : `[...${receiver}]`;
    case 'clear':
      if (kind === 'dict') return `${scope.useShared('clearDict')}(${receiver})`;
      if (kind === 'set') return `${receiver}.clear()`;
      return `${receiver}.splice(0)`;
    case 'title':
    case 'capitalize':
      break;
    case 'isdigit':
      return `/^\\d+$/.test(${receiver})`;
  }
  if (kind !== undefined) throw new Untranslatable(node, `.${method}() is not translated`);
  // A method of the app's own objects (or a library's): kept as it is, so it runs or fails loudly.
  if (args.keywords.size > 0) throw new Untranslatable(node, `keyword arguments to .${method}() are not translated`);
  return `${receiver}.${method}(${argsText().join(', ')})`;
}

/** Where the call stands alone (a statement, a value, an argument) `await f()` reads well; elsewhere it needs parentheses. */
const AWAIT_BARE = new Set([
  'expression_statement',
  'assignment',
  'return_statement',
  'argument_list',
  'keyword_argument',
  'pair',
]);

/** A call to one of the app's functions that became async: awaited, as Python waited for it. */
function awaited(call: string, node: PyNode, scope: FunctionScope): string {
  scope.usesAwait = true;
  return AWAIT_BARE.has(node.parent?.type ?? '') ? `await ${call}` : `(await ${call})`;
}

/** Arguments to one of the app's own functions: keywords go to their parameter's place. */
function helperArguments(name: string, args: CallArguments, scope: FunctionScope, expr: Expr): string[] {
  if (args.keywords.size === 0) return args.positional.map(expr);
  const params = scope.module.helperParams.get(name) ?? [];
  const values: Array<string | undefined> = args.positional.map(expr);
  for (const [key, value] of args.keywords) {
    const at = params.indexOf(key);
    if (at < 0) throw new Untranslatable(value, `${name}() has no parameter ${key}`);
    if (at < args.positional.length) throw new Untranslatable(value, `${name}() got ${key} twice`);
    values[at] = expr(value);
  }
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i] ?? 'undefined');
  return out;
}

/** Functions of Python's standard modules with a direct Node counterpart (uuid, random, datetime). */
function translateImportedFunction(
  name: string,
  args: CallArguments,
  scope: FunctionScope,
  expr: Expr,
): string | undefined {
  const n = args.positional.length;
  switch (name) {
    case 'uuid.uuid4':
    case 'uuid4':
      return n === 0 ? 'crypto.randomUUID()' : undefined;
    case 'random.random':
      return n === 0 ? 'Math.random()' : undefined;
    case 'random.randint':
    case 'randint': {
      if (n !== 2) return undefined;
      const [low, high] = args.positional.map(expr) as [string, string];
      return `(${low} + Math.floor(Math.random() * (${high} - ${low} + 1)))`;
    }
    case 'random.choice':
    case 'choice': {
      if (n !== 1) return undefined;
      const list = expr(args.positional[0] as PyNode);
      return `${list}[Math.floor(Math.random() * ${list}.length)]`;
    }
    case 'datetime.now':
    case 'datetime.utcnow':
    case 'datetime.datetime.now':
    case 'datetime.datetime.utcnow':
    case 'date.today':
      return n === 0 ? 'new Date()' : undefined;
    case 'time.monotonic':
    case 'time.perf_counter':
      return n === 0 ? 'performance.now() / 1000' : undefined;
    default:
      void scope;
      return undefined;
  }
}

/** '{} and {name}'.format(a, name=b) as a template literal; format specs are not translated. */
function formatString(template: PyNode, args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const text = literalString(template);
  if (text === undefined) throw new Untranslatable(template, 'only a plain string literal can be .format()ted');
  let auto = 0;
  const pieces = text.split(/(\{\{|\}\}|\{[^{}]*\})/);
  const out = pieces.map((piece) => {
    if (piece === '{{') return '{';
    if (piece === '}}') return '}';
    if (!piece.startsWith('{')) return piece.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    const field = piece.slice(1, -1);
    if (/[:!]/.test(field)) throw new Untranslatable(template, `format spec {${field}} is not translated`);
    const value =
      field === ''
        ? args.positional[auto++]
        : /^\d+$/.test(field)
          ? args.positional[Number(field)]
          : args.keywords.get(field);
    if (!value) throw new Untranslatable(template, `no value for {${field}}`);
    return `\${${expr(value)}}`;
  });
  void scope;
  return `\`${out.join('')}\``;
}

/** The first value a generator expression yields, or undefined. */
function firstOf(source: PyNode, scope: FunctionScope, expr: Expr): string {
  const [body, loop, ...rest] = namedChildren(source);
  const target = loop?.childForFieldName('left');
  const list = expr(source);
  // [x for x in xs if c] is xs.filter(c): its first is xs.find(c).
  if (body && target && body.text === target.text && rest.length <= 1 && list.includes('.filter('))
    return list.replace(/\.filter\(/, '.find(');
  void scope;
  return `${list}[0]`;
}
