import { CodeWriter, TODO_MARKER, pythonLines } from './code-writer.js';
import { planLocals } from './function-locals.js';
import type { HandlerKind } from './model.js';
import { tsIdentifier } from './names.js';
import { children, namedChildren, type PyNode } from './python-parser.js';
import type { Report } from './report.js';
import { FunctionScope, type FileImports, type ModuleInfo } from './scope.js';
import { translateExpression } from './translate-expression.js';
import { StatementTranslator } from './translate-statement.js';
import { Untranslatable } from './untranslatable.js';

export interface RenderFunctionOptions {
  fn: PyNode;
  kind: HandlerKind | 'helper';
  /** 'method' renders `name(...) {`, 'function' renders `export function name(...) {`. */
  form: 'method' | 'function';
  name: string;
  /** The TypeScript decorator line, e.g. @On('join'). */
  decorator?: string | undefined;
  isMethod: boolean;
  namespace: string | undefined;
  selfMethods: Set<string> | undefined;
  foreignDecorators: PyNode[];
  module: ModuleInfo;
  imports: FileImports;
  report: Report;
}

interface Param {
  python: string;
  ts: string;
}

/** Renders one Python function (handler, Namespace method or module helper) as TypeScript. */
export function renderFunction(out: CodeWriter, o: RenderFunctionOptions): void {
  const body = o.fn.childForFieldName('body');
  const paramsNode = o.fn.childForFieldName('parameters');
  if (!body || !paramsNode) throw new Untranslatable(o.fn, 'incomplete function definition');

  const params = parameters(paramsNode, o);
  const plan = planLocals(body, params.map((p) => p.python));
  const scope = new FunctionScope(o.module, o.imports, {
    namespace: o.namespace,
    isHandler: o.kind !== 'helper' && o.kind !== 'plain',
    selfMethods: o.selfMethods,
    locals: plan.locals,
    globals: plan.globals,
  });
  const paramList = params.map((p) => p.ts.replace('%UNTYPED%', () => scope.useShared('Untyped'))).join(', ');

  const translatedBody = new CodeWriter();
  for (const name of plan.hoisted) {
    scope.declared.add(name);
    translatedBody.line(`let ${tsIdentifier(name)}: ${scope.useShared('Untyped')};`);
  }
  const docstring = docstringOf(body);
  new StatementTranslator(scope, plan, translatedBody, o.report).block(body, docstring !== undefined);

  if (docstring !== undefined) {
    const lines = docstring.split('\n').map((l) => l.trim());
    while (lines.at(-1) === '') lines.pop();
    if (lines.length === 1) out.line(`/** ${lines[0]} */`);
    else {
      out.line('/**');
      for (const l of lines) out.line(` *${l ? ` ${l}` : ''}`);
      out.line(' */');
    }
  }
  for (const decorator of o.foreignDecorators) {
    const reason = `decorator ${decorator.text.split('(')[0]} is not translated; check the condition inside the handler or with @Use middleware`;
    o.report.note(decorator, reason);
    out.line(`// ${TODO_MARKER}: ${reason}`);
    for (const line of pythonLines(decorator)) out.line(`// | ${line}`);
  }
  if (o.decorator) out.line(o.decorator);
  const asyncPrefix = scope.usesAwait ? 'async ' : '';
  const head = o.form === 'method' ? `${asyncPrefix}${o.name}(${paramList}) {` : `export ${asyncPrefix}function ${o.name}(${paramList}) {`;
  out.line(head);
  out.indented(() => out.append(translatedBody));
  out.line('}');
}

function docstringOf(body: PyNode): string | undefined {
  const first = children(body).find((c) => c.isNamed && c.type !== 'comment');
  const inner = first?.type === 'expression_statement' ? namedChildren(first) : [];
  if (inner.length !== 1 || inner[0]?.type !== 'string') return undefined;
  return inner[0].text.replace(/^[a-zA-Z]*("""|'''|"|')/, '').replace(/("""|'''|"|')$/, '').replace(/\*\//g, '* /').trim();
}

/** Python parameters with their TypeScript declarations; %UNTYPED% is filled in once the scope exists. */
function parameters(node: PyNode, o: RenderFunctionOptions): Param[] {
  const raw = namedChildren(node).filter((p) => p.type !== 'keyword_separator' && p.type !== 'positional_separator');
  const list = o.isMethod ? raw.slice(1) : raw; // drop self
  const result: Param[] = [];
  list.forEach((p, index) => {
    const name = paramName(p);
    if (p.type === 'dictionary_splat_pattern') {
      o.report.note(p, `**${name} parameters are not translated; socket.io events carry positional arguments only`);
      return;
    }
    const ts = tsIdentifier(name);
    if (p.type === 'list_splat_pattern') return result.push({ python: name, ts: `...${ts}: %UNTYPED%[]` });
    const fallback = p.childForFieldName('value');
    if (o.kind === 'disconnect' && index === 0) return result.push({ python: name, ts: `${ts}: string` });
    if (o.kind === 'any' && index === 0) return result.push({ python: name, ts: `${ts}: string` });
    if ((o.kind === 'connect' && index === 0) || fallback?.type === 'none') return result.push({ python: name, ts: `${ts}?: %UNTYPED%` });
    if (fallback) {
      const value = translateDefault(fallback, o);
      return result.push({ python: name, ts: `${ts}: %UNTYPED% = ${value}` });
    }
    return result.push({ python: name, ts: `${ts}: %UNTYPED%` });
  });
  return result;
}

function paramName(p: PyNode): string {
  if (p.type === 'identifier') return p.text;
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
