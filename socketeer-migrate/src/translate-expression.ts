import type { StateKind } from './model.js';
import { isIdentifier, quote, tsIdentifier } from './names.js';
import { binaryPrecedence, operand } from './precedence.js';
import { children, namedChildren, type PyNode } from './python-parser.js';
import { literalString, translateString } from './python-strings.js';
import type { FunctionScope } from './scope.js';
import { translateCall } from './translate-call.js';
import { routeCurrentUser, routeRequestAttribute, routeRequestSubscript } from './translate-route.js';
import { Untranslatable } from './untranslatable.js';

/** Calls that return a list: list(...), d.keys(), d.values(), d.items(), sorted(...). */
const LIST_CALLS = /^(list|sorted)$|\.(keys|values|items)$/;

/** Python binary operators whose JavaScript spelling is the same. */
const SAME_BINARY = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>']);
const COMPARISON: Record<string, string> = { '==': '===', '!=': '!==', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

/** Translates one Python expression to TypeScript source, or throws Untranslatable. */
export function translateExpression(node: PyNode, scope: FunctionScope): string {
  const expr = (n: PyNode) => translateExpression(n, scope);
  switch (node.type) {
    case 'identifier':
      if (node.text === 'current_user' && !scope.options.locals.has('current_user')) {
        scope.module.usesLogin = true;
        if (scope.options.route) return routeCurrentUser(undefined, scope);
        return `${scope.useShared('currentUser')}()`;
      }
      return scope.resolveName(node.text, node);
    case 'none':
      return 'null';
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'integer':
    case 'float':
      if (/[jJ]$/.test(node.text)) throw new Untranslatable(node, 'complex numbers have no TypeScript equivalent');
      return node.text;
    case 'string':
      return translateString(node, expr);
    case 'concatenated_string':
      return namedChildren(node).map(expr).join(' + ');
    case 'parenthesized_expression':
      return `(${expr(only(node))})`;
    case 'dictionary':
      return translateDict(node, expr);
    case 'list':
      return `[${namedChildren(node).map(expr).join(', ')}]`;
    case 'tuple':
      return `[${namedChildren(node).map(expr).join(', ')}]`;
    case 'set':
      return `new Set([${namedChildren(node).map(expr).join(', ')}])`;
    case 'list_splat':
    case 'dictionary_splat':
      return `...${expr(only(node))}`;
    case 'attribute':
      return translateAttribute(node, scope);
    case 'subscript':
      return translateSubscript(node, scope);
    case 'call':
      return translateCall(node, scope, expr);
    case 'binary_operator':
      return translateBinary(node, expr);
    case 'boolean_operator': {
      const op = operatorOf(node) === 'and' ? '&&' : '||';
      const [left, right] = [field(node, 'left'), field(node, 'right')];
      return `${operand(left, expr(left), binaryPrecedence(op), 'left')} ${op} ${operand(right, expr(right), binaryPrecedence(op), 'right')}`;
    }
    case 'not_operator': {
      // `not a in b` is not (a in b); `!a in b` would be (!a) in b.
      const argument = field(node, 'argument');
      return `!${operand(argument, translateCondition(argument, scope), 15, 'right')}`;
    }
    case 'unary_operator': {
      // Python's -2 ** 2 is -(2 ** 2); TypeScript refuses a unary operand left of **.
      const argument = field(node, 'argument');
      const inner = expr(argument);
      return `${operatorOf(node)}${operand(argument, inner, 15, 'right')}`;
    }
    case 'comparison_operator':
      return translateComparison(node, scope);
    case 'list_comprehension':
    case 'generator_expression':
      return translateListComprehension(node, scope);
    case 'dictionary_comprehension':
      // {k: v for k, v in d.items()}: the pairs, then an object of them.
      return `Object.fromEntries(${translateListComprehension(node, scope)})`;
    case 'set_comprehension':
      return `new Set(${translateListComprehension(node, scope)})`;
    case 'conditional_expression': {
      const [whenTrue, test, whenFalse] = namedChildren(node);
      if (!whenTrue || !test || !whenFalse) throw new Untranslatable(node, 'incomplete conditional expression');
      return `(${translateCondition(test, scope)} ? ${expr(whenTrue)} : ${expr(whenFalse)})`;
    }
    default:
      throw new Untranslatable(node, `${node.type.replace(/_/g, ' ')} is not translated`);
  }
}

/** The kind of a value, when the translator can tell: shared state and literals. */
export function kindOf(node: PyNode, scope: FunctionScope): StateKind | undefined {
  if (node.type === 'identifier' || node.type === 'attribute') return scope.kindOfNode(node);
  if (node.type === 'dictionary') return 'dict';
  if (node.type === 'list') return 'list';
  if (node.type === 'set') return 'set';
  return undefined;
}

export function field(node: PyNode, name: string): PyNode {
  const child = node.childForFieldName(name);
  if (!child) throw new Untranslatable(node, `incomplete ${node.type.replace(/_/g, ' ')}`);
  return child;
}

function only(node: PyNode): PyNode {
  const [first] = namedChildren(node);
  if (!first) throw new Untranslatable(node, `empty ${node.type}`);
  return first;
}

function operatorOf(node: PyNode): string {
  return node.childForFieldName('operator')?.text ?? children(node).find((c) => !c.isNamed)?.text ?? '';
}

function translateDict(node: PyNode, expr: (n: PyNode) => string): string {
  const entries = namedChildren(node).map((entry) => {
    if (entry.type === 'dictionary_splat') return expr(entry);
    if (entry.type !== 'pair') throw new Untranslatable(entry, 'dictionary comprehensions are not translated');
    const key = field(entry, 'key');
    const value = expr(field(entry, 'value'));
    const literal = literalString(key);
    if (literal !== undefined && isIdentifier(literal)) return literal === value ? value : `${literal}: ${value}`;
    if (literal !== undefined) return `${quote(literal)}: ${value}`;
    if (key.type === 'integer') return `${key.text}: ${value}`;
    if (!['identifier', 'attribute', 'subscript', 'call'].includes(key.type))
      throw new Untranslatable(key, 'this kind of dict key is not translated');
    return `[${expr(key)}]: ${value}`;
  });
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** request.<field> from Flask, mapped to Socketeer's request context. */
const REQUEST_FIELDS: Record<string, string> = {
  sid: 'sid',
  namespace: 'namespace',
  args: 'query', // Flask's request.args is the query string; Socketeer's request.args are the event's arguments
  headers: 'headers',
  cookies: 'cookies',
};

function translateAttribute(node: PyNode, scope: FunctionScope): string {
  const object = field(node, 'object');
  const name = field(node, 'attribute').text;
  if (object.type === 'identifier' && object.text === 'current_user' && !scope.options.locals.has('current_user')) {
    scope.module.usesLogin = true;
    if (scope.options.route)
      return `${routeCurrentUser(name, scope)}${/^is_(authenticated|active|anonymous)$/.test(name) ? '' : `.${name}`}`;
    if (name === 'is_authenticated' || name === 'is_active') return `${scope.useShared('isAuthenticated')}()`;
    if (name === 'is_anonymous') return `!${scope.useShared('isAuthenticated')}()`;
  }
  if (object.type === 'identifier' && object.text === 'request' && !scope.options.locals.has('request')) {
    if (scope.options.route) return routeRequestAttribute(name, node, scope);
    const request = scope.useSocketeer('request');
    if (name === 'event') return `{ message: ${request}.event, args: ${request}.args }`;
    if (name === 'remote_addr') return `${request}.handshake.address`;
    const mapped = Object.hasOwn(REQUEST_FIELDS, name) ? REQUEST_FIELDS[name] : undefined;
    if (!mapped) throw new Untranslatable(node, `request.${name} has no Socketeer equivalent`);
    return `${request}.${mapped}`;
  }
  if (object.type === 'identifier' && object.text === 'self' && scope.options.selfMethods) {
    if (name === 'namespace' && scope.options.namespace) return `'${scope.options.namespace}'`;
    if (scope.options.selfFields?.has(name)) return `this.${tsIdentifier(name)}`;
    throw new Untranslatable(node, `self.${name}: instance attributes of a Namespace class are not translated`);
  }
  return `${translateExpression(object, scope)}.${name}`;
}

function translateSubscript(node: PyNode, scope: FunctionScope): string {
  const value = field(node, 'value');
  const index = field(node, 'subscript');
  const key = literalString(index);
  // request.event['message'] / ['args'] are Flask-SocketIO's way to ask which event is running.
  if (value.type === 'attribute' && value.text === 'request.event' && !scope.options.locals.has('request')) {
    const request = scope.useSocketeer('request');
    if (key === 'message') return `${request}.event`;
    if (key === 'args') return `${request}.args`;
  }
  if (scope.options.route && !scope.options.locals.has('request')) {
    const fromRequest = routeRequestSubscript(value, key, scope);
    if (fromRequest !== undefined) return fromRequest;
  }
  const object = translateExpression(value, scope);
  if (key !== undefined) return isIdentifier(key) ? `${object}.${key}` : `${object}[${quote(key)}]`;
  if (index.type === 'slice') {
    const [start, end] = sliceBounds(index);
    if (children(index).filter((c) => c.text === ':').length > 1)
      throw new Untranslatable(node, 'slices with a step are not translated');
    const from = start ? translateExpression(start, scope) : '0';
    return end ? `${object}.slice(${from}, ${translateExpression(end, scope)})` : `${object}.slice(${from})`;
  }
  if (index.type === 'unary_operator' && index.text.startsWith('-'))
    return `${object}.at(${translateExpression(index, scope)})`;
  if (index.type === 'tuple' || index.type === 'expression_list' || node.childrenForFieldName('subscript').length > 1) {
    throw new Untranslatable(node, 'tuple keys are not translated');
  }
  return `${object}[${translateExpression(index, scope)}]`;
}

function sliceBounds(slice: PyNode): [PyNode | undefined, PyNode | undefined] {
  let start: PyNode | undefined;
  let end: PyNode | undefined;
  let seenColon = false;
  for (const child of children(slice)) {
    if (child.text === ':') seenColon = true;
    else if (child.isNamed) {
      if (seenColon) end = child;
      else start = child;
    }
  }
  return [start, end];
}

function translateBinary(node: PyNode, expr: (n: PyNode) => string): string {
  const op = operatorOf(node);
  const left = field(node, 'left');
  const right = field(node, 'right');
  if (op === '//') return `Math.floor(${expr(left)} / ${expr(right)})`;
  const isString = (n: PyNode) => n.type === 'string' || n.type === 'concatenated_string';
  const isList = (n: PyNode) =>
    n.type === 'list' ||
    n.type === 'list_comprehension' ||
    LIST_CALLS.test(n.type === 'call' ? (n.childForFieldName('function')?.text ?? '') : '');
  if (op === '%' && isString(left)) return percentFormat(left, right, expr);
  // Python's + joins lists and * repeats strings; JavaScript's would make strings and NaN.
  if (op === '+' && (isList(left) || isList(right))) return `[...${expr(left)}, ...${expr(right)}]`;
  if (op === '*' && (isString(left) || isString(right))) {
    const [text, times] = isString(left) ? [left, right] : [right, left];
    return `${expr(text)}.repeat(${expr(times)})`;
  }
  if (op === '*' && (isList(left) || isList(right)))
    throw new Untranslatable(node, 'repeating a list with * is not translated');
  if (!SAME_BINARY.has(op)) throw new Untranslatable(node, `operator ${op} is not translated`);
  const precedence = binaryPrecedence(op);
  return `${operand(left, expr(left), precedence, 'left')} ${op} ${operand(right, expr(right), precedence, 'right')}`;
}

/** 'Hello %s, you are %d' % (name, age) as a template literal (%s %d %i %r %f and %%). */
function percentFormat(left: PyNode, right: PyNode, expr: (n: PyNode) => string): string {
  // 'a %s' 'b %s' % (x, y): Python joins adjacent literals before formatting.
  const pieces = left.type === 'concatenated_string' ? namedChildren(left).map(literalString) : [literalString(left)];
  const text = pieces.some((t) => t === undefined) ? undefined : pieces.join('');
  if (text === undefined)
    throw new Untranslatable(left, "'%' formatting of this string is not translated; use an f-string");
  const values = right.type === 'tuple' ? namedChildren(right) : [right];
  let next = 0;
  const out = text.split(/(%%|%[sdirf]|%\.\d+f)/).map((piece) => {
    if (piece === '%%') return '%';
    if (/^%(\.\d+)?[sdirf]$/.test(piece)) {
      const value = values[next++];
      if (!value) throw new Untranslatable(right, "too few values for '%' formatting");
      const digits = /^%\.(\d+)f$/.exec(piece)?.[1];
      if (digits !== undefined) return `\${Number(${expr(value)}).toFixed(${digits})}`;
      if (piece === '%d' || piece === '%i') return `\${Math.trunc(${expr(value)})}`;
      if (piece === '%r') return `\${JSON.stringify(${expr(value)})}`;
      return `\${${expr(value)}}`;
    }
    if (/%/.test(piece)) throw new Untranslatable(left, "this '%' format is not translated");
    return piece.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n');
  });
  if (next !== values.length) throw new Untranslatable(right, "the values do not match the '%' format");
  return `\`${out.join('')}\``;
}

/** Comparisons, including Python's chains (a < b < c) and membership tests. */
function translateComparison(node: PyNode, scope: FunctionScope): string {
  const operands = namedChildren(node);
  const operators = children(node)
    .filter((c) => !c.isNamed)
    .map((c) => c.type);
  const parts: string[] = [];
  operators.forEach((op, i) => {
    const left = operands[i];
    const right = operands[i + 1];
    if (!left || !right) throw new Untranslatable(node, 'incomplete comparison');
    parts.push(compareOne(op, left, right, scope));
  });
  return parts.join(' && ');
}

function compareOne(op: string, left: PyNode, right: PyNode, scope: FunctionScope): string {
  const expr = (n: PyNode) => translateExpression(n, scope);
  if (op === 'in' || op === 'not in') {
    if (['list', 'tuple', 'dictionary'].includes(left.type))
      throw new Untranslatable(left, 'testing membership of a list or tuple is not translated');
    const test = membership(left, right, scope);
    return op === 'in' ? test : `!(${test})`;
  }
  const isValueLiteral = (n: PyNode) => ['list', 'dictionary', 'set', 'tuple', 'list_comprehension'].includes(n.type);
  if (isValueLiteral(left) || isValueLiteral(right)) {
    throw new Untranslatable(left, 'Python compares lists and dicts by value; TypeScript by reference');
  }
  if (op === 'is' || op === 'is not') {
    // `is None` also catches undefined, which is what an absent value is in TypeScript.
    const eq = op === 'is' ? '==' : '!=';
    // Flask-SocketIO passes None when the client sent no auth; socket.io passes {}.
    if (right.type === 'none' && scope.isAuthParam(left)) {
      const auth = expr(left);
      return op === 'is'
        ? `(${auth} == null || Object.keys(${auth}).length === 0)`
        : `(${auth} != null && Object.keys(${auth}).length > 0)`;
    }
    const lhs = operand(left, expr(left), binaryPrecedence(eq), 'left');
    if (right.type === 'none') return `${lhs} ${eq} null`;
    return `${lhs} ${eq}= ${operand(right, expr(right), binaryPrecedence(eq), 'right')}`;
  }
  const mapped = Object.hasOwn(COMPARISON, op) ? COMPARISON[op] : undefined;
  if (!mapped) throw new Untranslatable(left, `comparison ${op} is not translated`);
  const precedence = binaryPrecedence(mapped);
  return `${operand(left, expr(left), precedence, 'left')} ${mapped} ${operand(right, expr(right), precedence, 'right')}`;
}

function membership(item: PyNode, container: PyNode, scope: FunctionScope): string {
  const needle = translateExpression(item, scope);
  const haystack = operand(container, translateExpression(container, scope), 17, 'left');
  if (container.type === 'string') return `${haystack}.includes(${needle})`;
  switch (kindOf(container, scope)) {
    case 'list':
      return `${haystack}.includes(${needle})`;
    case 'set':
      return `${haystack}.has(${needle})`;
    default:
      // A dict, or an unknown container: handler data is usually a dict, so test for a key.
      return `${operand(item, needle, 9, 'left')} in ${operand(container, translateExpression(container, scope), 9, 'right')}`;
  }
}

/** [f(x) for x in xs if c] -> xs.filter((x) => c).map((x) => f(x)); one for clause only. */
function translateListComprehension(node: PyNode, scope: FunctionScope): string {
  const [body, ...clauses] = namedChildren(node);
  const loops = clauses.filter((c) => c.type === 'for_in_clause');
  const [loop] = loops;
  if (!body || !loop || loops.length > 1)
    throw new Untranslatable(node, 'comprehensions with several for clauses are not translated');
  const target = field(loop, 'left');
  const source = field(loop, 'right');
  const names = target.type === 'identifier' ? [target.text] : namedChildren(target).map((n) => n.text);
  if (names.some((n) => !isIdentifier(n)))
    throw new Untranslatable(node, 'this comprehension target is not translated');
  const kind = kindOf(source, scope);
  const iterable =
    kind === 'dict'
      ? `Object.keys(${translateExpression(source, scope)})`
      : kind === 'set'
        ? `[...${translateExpression(source, scope)}]`
        : translateExpression(source, scope);
  // The loop variables exist only inside the comprehension, as in Python 3.
  const added = names.filter((n) => !scope.options.locals.has(n));
  for (const n of added) scope.options.locals.add(n);
  try {
    const bare =
      names.length === 1 && target.type === 'identifier'
        ? tsIdentifier(names[0] as string)
        : `[${names.map(tsIdentifier).join(', ')}]`;
    const param = `${bare}: ${scope.useShared('Untyped')}`;
    const filters = clauses
      .filter((c) => c.type === 'if_clause')
      .map((c) => `.filter((${param}) => ${translateExpression(namedChildren(c)[0] ?? c, scope)})`);
    const mapped =
      body.type === 'pair'
        ? `[${translateExpression(field(body, 'key'), scope)}, ${translateExpression(field(body, 'value'), scope)}]`
        : translateExpression(body, scope);
    const map = mapped === bare ? '' : `.map((${param}) => ${mapped})`;
    const chain = `${iterable}${filters.join('')}${map}`;
    return chain === iterable ? `[...${iterable}]` : chain;
  } finally {
    for (const n of added) scope.options.locals.delete(n);
  }
}

/**
 * An expression used as a condition. Empty dicts, lists and sets are false in Python and true
 * in JavaScript, so a known container (module state) is tested for emptiness explicitly.
 */
export function translateCondition(node: PyNode, scope: FunctionScope): string {
  const value = () => translateExpression(node, scope);
  if (scope.isAuthParam(node)) return `(${value()} != null && Object.keys(${value()}).length > 0)`;
  switch (kindOf(node, scope)) {
    case 'dict':
      return `Object.keys(${value()}).length > 0`;
    case 'list':
      return `${value()}.length > 0`;
    case 'set':
      return `${value()}.size > 0`;
    default:
      return value();
  }
}
