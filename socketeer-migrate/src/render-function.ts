import { CodeWriter } from './code-writer.js';
import { planLocals } from './function-locals.js';
import type { HandlerKind, StateKind } from './model.js';
import { quote, tsIdentifier } from './names.js';
import { children, lineOf, namedChildren, type PyNode } from './python-parser.js';
import type { Report } from './report.js';
import { FunctionScope, type FileImports, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { StatementTranslator } from './translate-statement.js';
import { Untranslatable } from './untranslatable.js';

export interface RenderFunctionOptions {
  fn: PyNode;
  kind: HandlerKind | 'helper' | 'route';
  /**
   * 'method' renders `name(...) {`, 'function' renders `export function name(...) {`, 'route'
   * renders a Flask view as `const name = route((req) => {` (its return value is the response).
   */
  form: 'method' | 'function' | 'route';
  /** For a view: its URL's parameters (Python name -> Flask converter: string, int, float, path). */
  routeParams?: Map<string, string>;
  name: string;
  /** The TypeScript decorator line, e.g. @On('join'). */
  decorator?: string | undefined;
  isMethod: boolean;
  namespace: string | undefined;
  selfMethods: Set<string> | undefined;
  selfFields?: Map<string, StateKind | undefined> | undefined;
  foreignDecorators: PyNode[];
  module: ModuleInfo;
  imports: FileImports;
  report: Report;
}

/** Renders one Python function (handler, Namespace method or module helper) as TypeScript. */
export function renderFunction(out: CodeWriter, o: RenderFunctionOptions): { clean: boolean } {
  const body = o.fn.childForFieldName('body');
  const paramsNode = o.fn.childForFieldName('parameters');
  if (!body || !paramsNode) throw new Untranslatable(o.fn, 'incomplete function definition');

  const params = parameterNodes(paramsNode, o);
  const plan = planLocals(body, params.map(paramName));
  const scope = new FunctionScope(o.module, o.imports, {
    namespace: o.namespace,
    isHandler: o.kind !== 'helper' && o.kind !== 'plain',
    route: o.kind === 'route',
    selfMethods: o.selfMethods,
    ...(o.selfFields ? { selfFields: o.selfFields } : {}),
    locals: plan.locals,
    globals: plan.globals,
    authParam: o.kind === 'connect' && params[0] ? paramName(params[0]) : undefined,
    isConnect: o.kind === 'connect',
    errorNames: new Set(o.kind === 'error' && params[0] ? [paramName(params[0])] : []),
  });
  scope.onReservedEmit = (node, event) =>
    o.report.reservedEmit(
      node,
      `emit('${event}'): '${event}' is reserved by socket.io, so no client handler hears it; rename the event on both sides (e.g. '${event}ed_event' or 'server_${event}')`,
    );
  scope.onDroppedData = (node) =>
    o.report.info(
      node,
      "emit(..., data=...): Flask-SocketIO's emit() has no data keyword and sent the event without it; so does the migration. Pass the data as the second argument if it was meant to go out",
    );
  // TypeScript's rest parameter must come last: keyword-only parameters after *args become locals.
  const restAt = params.findIndex((p) => splatOf(p) === 'list_splat_pattern');
  const inSignature = restAt < 0 ? params : params.slice(0, restAt + 1);
  // Python may require a parameter after an optional one (keyword-only); TypeScript may not.
  const firstOptional = inSignature.findIndex(
    (p, index) => p.childForFieldName('value') !== null || (index === 0 && o.kind === 'connect'),
  );
  const paramList = inSignature
    .map((p, index) => declareParameter(p, index, scope, o, firstOptional >= 0 && index > firstOptional))
    .join(', ');

  const translatedBody = new CodeWriter();
  // A view's parameters come from its URL (converted first: Flask answers 404 before any check runs).
  if (o.form === 'route') for (const p of params) declareViewParameter(translatedBody, p, scope, o);
  const guards = decoratorGuards(translatedBody, scope, o);
  for (const p of restAt < 0 ? [] : params.slice(restAt + 1)) {
    const fallback = p.childForFieldName('value');
    o.report.note(p, `keyword-only parameter ${paramName(p)} after *args becomes a local with its default`);
    translatedBody.line(
      `let ${tsIdentifier(paramName(p))}: ${scope.useShared('Untyped')} = ${fallback ? translateDefault(fallback, o) : 'undefined'};`,
    );
  }
  for (const name of plan.hoisted) {
    scope.declared.add(name);
    translatedBody.line(`let ${tsIdentifier(name)}: ${scope.useShared('Untyped')};`);
  }
  // tree-sitter hangs a comment on the first line of a body on the function, not on the block.
  for (const comment of children(o.fn).filter((c) => c.type === 'comment' && c.startIndex < body.startIndex)) {
    translatedBody.line(`//${comment.text.slice(1)}`);
  }
  const docstring = docstringOf(body);
  new StatementTranslator(scope, plan, translatedBody, o.report).block(body, docstring);

  if (docstring !== undefined) {
    const lines = docstringText(docstring)
      .split('\n')
      .map((l) => l.trim());
    while (lines.at(-1) === '') lines.pop();
    if (lines.length === 1) out.line(`/** ${lines[0]} */`);
    else {
      out.line('/**');
      for (const l of lines) out.line(` *${l ? ` ${l}` : ''}`);
      out.line(' */');
    }
  }
  if (o.decorator) out.line(o.decorator);
  const asyncPrefix = scope.usesAwait ? 'async ' : '';
  // A helper whose body stops at a TODO would have its return type inferred from what is left
  // (void); its callers were written for the value the Python returned.
  const returns =
    o.form === 'function' && o.kind === 'helper' && scope.untranslated > 0
      ? `: ${scope.usesAwait ? `Promise<${scope.useShared('Untyped')}>` : scope.useShared('Untyped')}`
      : '';
  const head =
    o.form === 'route'
      ? `const ${o.name} = ${scope.useRoute('route')}(${asyncPrefix}(req) => {`
      : o.form === 'method'
        ? `${asyncPrefix}${o.name}(${paramList}) {`
        : `export ${asyncPrefix}function ${o.name}(${paramList})${returns} {`;
  out.line(head);
  out.indented(() => out.append(translatedBody));
  out.line(o.form === 'route' ? '});' : '}');
  return { clean: guards.clean && scope.untranslated === 0 && scope.stubUses === 0 };
}

/** Decorators that check nothing: flask_cors's cross_origin only adds CORS headers to HTTP responses. */
const HARMLESS_DECORATORS = /^(flask_cors\.)?cross_origin$/;

/** Flask-Login's decorator, wherever it is imported from. */
const LOGIN_REQUIRED = /^([\w.]+\.)?login_required$/;

/**
 * The handler's other decorators, as the first lines of its body. Login checks become their
 * Socketeer equivalents; any other decorator may be a check too, so the handler fails closed
 * (throws not_migrated, and a connect handler refuses everyone) until someone translates it.
 */
function decoratorGuards(body: CodeWriter, scope: FunctionScope, o: RenderFunctionOptions): { clean: boolean } {
  let clean = true;
  for (const decorator of o.foreignDecorators) {
    const name = decoratorName(decorator);
    const auth = o.module.authDecorators.get(name);
    if (HARMLESS_DECORATORS.test(name)) {
      o.report.info(
        decorator,
        `${decorator.text}: CORS is the app's job in Socketeer (createApp's cors option, or a cors middleware on express); not needed here`,
      );
      continue;
    }
    if (o.kind === 'route' && (LOGIN_REQUIRED.test(name) || auth !== undefined)) {
      // Flask-Login answers an anonymous request to a @login_required view with 401 (or a redirect to the login page).
      o.module.usesLogin = true;
      body.line(`${scope.useRoute('requireHttpLogin')}(req); // ${decorator.text}`);
    } else if (LOGIN_REQUIRED.test(name) || auth === 'refuse' || (auth === 'disconnect' && o.kind === 'connect')) {
      o.module.usesLogin = true;
      body.line(`${scope.useShared('requireLogin')}(); // ${decorator.text}`);
    } else if (auth === 'disconnect') {
      o.module.usesLogin = true;
      body.line(`if (!${scope.useShared('authenticatedOnly')}()) return; // ${decorator.text}`);
    } else {
      clean = false;
      const reason = `decorator ${decorator.text.split('(')[0]} is not translated; until it is, this handler refuses to run`;
      o.report.note(decorator, reason);
      body.untranslated(decorator, reason);
      body.line(
        `throw new ${scope.useSocketeer('SocketeerError')}('not_migrated', ${quote(`${o.report.file}:${lineOf(decorator)}: ${reason}`)});`,
      );
    }
  }
  return { clean };
}

function decoratorName(decorator: PyNode): string {
  const expression = namedChildren(decorator)[0];
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  return callee?.text ?? '';
}

/** The docstring statement of a function body, if it has one. */
function docstringOf(body: PyNode): PyNode | undefined {
  const first = children(body).find((c) => c.isNamed && c.type !== 'comment');
  const inner = first?.type === 'expression_statement' ? namedChildren(first) : [];
  return inner.length === 1 && inner[0]?.type === 'string' ? first : undefined;
}

function docstringText(statement: PyNode): string {
  return statement.text
    .replace(/^[a-zA-Z]*("""|'''|"|')/, '')
    .replace(/("""|'''|"|')$/, '')
    .replace(/\*\//g, '* /')
    .trim();
}

/** The parameters TypeScript will see: not `self`, not the separators `*` and `/`, not **kwargs. */
function parameterNodes(node: PyNode, o: RenderFunctionOptions): PyNode[] {
  const raw = namedChildren(node).filter((p) => p.type !== 'keyword_separator' && p.type !== 'positional_separator');
  return (o.isMethod ? raw.slice(1) : raw).filter((p) => {
    if (splatOf(p) !== 'dictionary_splat_pattern') return true;
    o.report.note(
      p,
      `**${paramName(p)} parameters are not translated; socket.io events carry positional arguments only`,
    );
    return false;
  });
}

/** One parameter's TypeScript declaration: Untyped, except where Socketeer knows the type. */
function declareParameter(
  p: PyNode,
  index: number,
  scope: FunctionScope,
  o: RenderFunctionOptions,
  afterOptional: boolean,
): string {
  const name = tsIdentifier(paramName(p));
  const untyped = () => scope.useShared('Untyped');
  if (splatOf(p) === 'list_splat_pattern') return `...${name}: ${untyped()}[]`;
  // The disconnect reason and the catch-all's event name are always strings.
  if (index === 0 && (o.kind === 'disconnect' || o.kind === 'any')) return `${name}: string`;
  const fallback = p.childForFieldName('value');
  // A client may connect without auth; a None default means the argument may be left out.
  if ((index === 0 && o.kind === 'connect') || fallback?.type === 'none' || (afterOptional && !fallback))
    return `${name}?: ${untyped()}`;
  if (fallback) return `${name}: ${untyped()} = ${translateDefault(fallback, o)}`;
  return `${name}: ${untyped()}`;
}

/** A view's parameter, from its URL (converted as Flask's converter does) or its default value. */
function declareViewParameter(body: CodeWriter, p: PyNode, scope: FunctionScope, o: RenderFunctionOptions): void {
  const name = paramName(p);
  const converter = o.routeParams?.get(name);
  const fallback = p.childForFieldName('value');
  const raw = `req.params[${quote(name)}]`;
  const value =
    converter === undefined
      ? fallback
        ? translateDefault(fallback, o)
        : 'undefined'
      : converter === 'int'
        ? `${scope.useRoute('intParam')}(${raw})`
        : converter === 'float'
          ? `${scope.useRoute('floatParam')}(${raw})`
          : converter === 'path'
            ? `[${raw}].flat().join('/')`
            : raw;
  body.line(`let ${tsIdentifier(name)}: ${scope.useShared('Untyped')} = ${value};`);
}

/** *args or **kwargs, also when annotated (`*args: int` is a typed_parameter around the splat). */
function splatOf(p: PyNode): string | undefined {
  const inner = p.type === 'typed_parameter' ? namedChildren(p)[0] : p;
  return inner?.type === 'list_splat_pattern' || inner?.type === 'dictionary_splat_pattern' ? inner.type : undefined;
}

function paramName(p: PyNode): string {
  if (p.type === 'identifier') return p.text;
  const inner = p.type === 'typed_parameter' ? namedChildren(p)[0] : p;
  if (inner && inner !== p && inner.type !== 'identifier') return paramName(inner);
  const named = p.childForFieldName('name') ?? namedChildren(p).find((c) => c.type === 'identifier');
  return named?.text ?? p.text.replace(/^\*+/, '');
}

/** Default values are evaluated without locals: only literals and module names make sense there. */
function translateDefault(value: PyNode, o: RenderFunctionOptions): string {
  const scope = new FunctionScope(o.module, o.imports, {
    namespace: o.namespace,
    isHandler: false,
    selfMethods: undefined,
    locals: new Set(),
    globals: new Set(),
  });
  try {
    return translateExpression(value, scope);
  } catch (err) {
    if (!(err instanceof Untranslatable)) throw err;
    o.report.note(value, `default value not translated: ${err.reason}`);
    return 'undefined';
  }
}
