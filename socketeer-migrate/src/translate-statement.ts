import type { CodeWriter } from './code-writer.js';
import type { LocalsPlan } from './function-locals.js';
import { quote, tsIdentifier } from './names.js';
import { children, lineOf, namedChildren, type PyNode } from './python-parser.js';
import type { Report } from './report.js';
import type { FunctionScope } from './scope.js';
import { field, kindOf, translateCondition, translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';

/** Python literals whose TypeScript type would be too narrow for a Python variable. */
const LITERALS = new Set([
  'dictionary',
  'list',
  'set',
  'tuple',
  'string',
  'concatenated_string',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'list_comprehension',
  'dictionary_comprehension',
  'set_comprehension',
]);

/**
 * Translates the statements of one Python function body. A statement that cannot be
 * translated is kept verbatim as a marked comment and reported; its neighbours still are.
 */
export class StatementTranslator {
  constructor(
    private readonly scope: FunctionScope,
    private readonly plan: LocalsPlan,
    private readonly out: CodeWriter,
    private readonly report: Report,
  ) {}

  private expr(node: PyNode): string {
    return translateExpression(node, this.scope);
  }

  /** A condition without the redundant outer parentheses an expression may carry. */
  private condition(node: PyNode): string {
    return withoutOuterParens(translateCondition(node, this.scope));
  }

  /** Translates a block's statements; `skip` is a docstring already rendered as JSDoc. */
  block(block: PyNode, skip?: PyNode): void {
    for (const stmt of children(block)) {
      if (stmt.isNamed && stmt.type !== 'line_continuation' && stmt.startIndex !== skip?.startIndex)
        this.statement(stmt);
    }
  }

  statement(node: PyNode): void {
    try {
      this.translate(node);
      if (node.type !== 'comment') this.report.statement(node, true);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      this.report.note(node, err.reason);
      this.report.statement(node, false);
      this.scope.untranslated++;
      this.out.untranslated(node, err.reason);
      // Fail closed: running past a dropped return, emit or check would change what the program does.
      this.out.line(
        `throw new ${this.scope.useSocketeer('SocketeerError')}('not_migrated', ${quote(`${this.report.file}:${lineOf(node)}: ${err.reason}`)});`,
      );
      // A name this statement would have declared must still exist for the code after it.
      for (const declared of this.plan.constAssignments.get(children(node)[0]?.startIndex ?? -1) ?? []) {
        if (this.scope.declared.has(declared)) continue;
        this.scope.declared.add(declared);
        this.out.line(`let ${tsIdentifier(declared)}: ${this.scope.useShared('Untyped')}; // set by the Python above`);
      }
    }
  }

  private translate(node: PyNode): void {
    switch (node.type) {
      case 'comment':
        this.out.line(`//${node.text.slice(1)}`);
        return;
      case 'pass_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        return; // nothing to do in TypeScript: blocks may be empty and scoping is explicit
      case 'break_statement':
        this.out.line('break;');
        return;
      case 'continue_statement':
        this.out.line('continue;');
        return;
      case 'expression_statement':
        this.expressionStatement(node);
        return;
      case 'return_statement':
        this.returnStatement(node);
        return;
      case 'raise_statement':
        this.raiseStatement(node);
        return;
      case 'delete_statement':
        this.deleteStatement(node);
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'for_statement':
        this.forStatement(node);
        return;
      case 'while_statement':
        this.whileStatement(node);
        return;
      case 'try_statement':
        this.tryStatement(node);
        return;
      case 'with_statement':
        this.withStatement(node);
        return;
      default:
        throw new Untranslatable(node, `${node.type.replace(/_/g, ' ')} is not translated`);
    }
  }

  private expressionStatement(node: PyNode): void {
    const [inner, extra] = namedChildren(node);
    if (!inner || extra) throw new Untranslatable(node, 'several expressions on one line are not translated');
    if (inner.type === 'ellipsis') return; // `...` as a body, like pass
    if (inner.type === 'assignment') return this.assignment(inner);
    if (inner.type === 'augmented_assignment') return this.augmentedAssignment(inner);
    if (inner.type === 'string') {
      for (const line of inner.text.replace(/^[a-zA-Z]*("""|'''|"|')|("""|'''|"|')$/g, '').split('\n'))
        this.out.line(`// ${line.trim()}`.trimEnd());
      return;
    }
    this.out.line(`${this.expr(inner)};`);
  }

  private assignment(node: PyNode): void {
    const left = field(node, 'left');
    const right = node.childForFieldName('right');
    if (!right) return; // a bare annotation (x: int) declares nothing at runtime
    if (right.type === 'assignment')
      throw new Untranslatable(node, 'chained assignment (a = b = ...) is not translated');
    const value =
      right.type === 'expression_list'
        ? `[${namedChildren(right)
            .map((n) => this.expr(n))
            .join(', ')}]`
        : withoutOuterParens(this.expr(right));
    const constNames = this.plan.constAssignments.get(node.startIndex);
    if (constNames) {
      for (const name of constNames) this.scope.declared.add(name);
      const target =
        left.type === 'identifier' ? tsIdentifier(left.text) : `[${constNames.map(tsIdentifier).join(', ')}]`;
      // A literal would give the name a narrow type; Python lets it take any value later.
      const annotation =
        left.type === 'identifier' && LITERALS.has(right.type) ? `: ${this.scope.useShared('Untyped')}` : '';
      this.out.line(`const ${target}${annotation} = ${value};`);
      return;
    }
    if (left.type === 'identifier') {
      const name = left.text;
      if (this.plan.globals.has(name) && this.scope.stateKind(name) !== 'scalar') {
        throw new Untranslatable(node, `rebinding the module-level '${name}' is not translated; mutate it instead`);
      }
      this.out.line(`${this.scope.resolveName(name, left)} = ${value};`);
      return;
    }
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
      const names = namedChildren(left).map((n) => {
        if (n.type !== 'identifier') throw new Untranslatable(node, 'nested unpacking is not translated');
        return this.scope.resolveName(n.text, n);
      });
      this.out.line(`[${names.join(', ')}] = ${value};`);
      return;
    }
    assertAssignable(left);
    this.out.line(`${this.expr(left)} = ${value};`);
  }

  private augmentedAssignment(node: PyNode): void {
    const op = node.childForFieldName('operator')?.text ?? '';
    if (!['+=', '-=', '*=', '/=', '%=', '**=', '|=', '&='].includes(op))
      throw new Untranslatable(node, `${op} is not translated`);
    assertAssignable(field(node, 'left'));
    this.out.line(`${this.expr(field(node, 'left'))} ${op} ${this.expr(field(node, 'right'))};`);
  }

  private returnStatement(node: PyNode): void {
    const [value] = namedChildren(node);
    if (!value) return this.out.line('return;');
    const isTuple = value.type === 'expression_list' || value.type === 'tuple';
    if (!isTuple) return this.out.line(`return ${withoutOuterParens(this.expr(value))};`);
    const items = namedChildren(value).map((n) => this.expr(n));
    // In a handler, a returned tuple is Flask-SocketIO's multi-argument ack.
    if (this.scope.options.isHandler)
      return this.out.line(`return ${this.scope.useSocketeer('tuple')}(${items.join(', ')});`);
    this.out.line(`return [${items.join(', ')}];`);
  }

  private raiseStatement(node: PyNode): void {
    const [error, cause] = namedChildren(node);
    if (!error || cause) throw new Untranslatable(node, 'bare raise and raise ... from ... are not translated');
    if (error.type === 'identifier' && error.text === 'ConnectionRefusedError') {
      return this.out.line(`throw new ${this.scope.useSocketeer('ConnectionRefusedError')}();`);
    }
    this.out.line(`throw ${this.expr(error)};`);
  }

  private deleteStatement(node: PyNode): void {
    const [target] = namedChildren(node);
    const targets = target?.type === 'expression_list' ? namedChildren(target) : target ? [target] : [];
    for (const t of targets) {
      const container = t.type === 'subscript' ? t.childForFieldName('value') : null;
      const index = t.childForFieldName('subscript');
      const isSlice = index?.type === 'slice' || (index?.type === 'unary_operator' && index.text.startsWith('-'));
      if (!container || isSlice || kindOf(container, this.scope) === 'list')
        throw new Untranslatable(node, 'only del dict[key] is translated');
    }
    const lines = targets.map((t) => `delete ${this.expr(t)};`);
    for (const line of lines) this.out.line(line);
  }

  private ifStatement(node: PyNode): void {
    // Translate every condition first, so a failure leaves no half-written if.
    const condition = this.condition(field(node, 'condition'));
    const clauses = children(node).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
    const tests = clauses.map((c) => (c.type === 'elif_clause' ? this.condition(field(c, 'condition')) : undefined));
    this.out.line(`if (${condition}) {`);
    this.nested(field(node, 'consequence'));
    clauses.forEach((clause, i) => {
      const test = tests[i];
      this.out.line(test === undefined ? '} else {' : `} else if (${test}) {`);
      this.nested(field(clause, test === undefined ? 'body' : 'consequence'));
    });
    this.out.line('}');
  }

  private forStatement(node: PyNode): void {
    if (node.childForFieldName('alternative')) throw new Untranslatable(node, 'for ... else is not translated');
    const left = field(node, 'left');
    const right = field(node, 'right');
    const target = this.loopTarget(left);
    const range = left.type === 'identifier' ? this.rangeLoop(right, left.text) : undefined;
    if (range) {
      this.out.line(`for (${range}) {`);
    } else {
      const iterable = kindOf(right, this.scope) === 'dict' ? `Object.keys(${this.expr(right)})` : this.expr(right);
      const declare = namedIdentifiers(left).every(
        (n) => this.plan.hoisted.includes(n) || this.scope.options.globals.has(n),
      )
        ? ''
        : 'const ';
      this.out.line(`for (${declare}${target} of ${iterable}) {`);
    }
    this.nested(field(node, 'body'));
    this.out.line('}');
  }

  private loopTarget(left: PyNode): string {
    if (left.type === 'identifier') return tsIdentifier(left.text);
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern') {
      return `[${namedChildren(left)
        .map((n) => {
          if (n.type !== 'identifier') throw new Untranslatable(left, 'nested loop targets are not translated');
          return tsIdentifier(n.text);
        })
        .join(', ')}]`;
    }
    throw new Untranslatable(left, 'this loop target is not translated');
  }

  /** for i in range(a, b) becomes a counting loop. */
  private rangeLoop(right: PyNode, pythonName: string): string | undefined {
    const target = tsIdentifier(pythonName);
    if (right.type !== 'call' || right.childForFieldName('function')?.text !== 'range') return undefined;
    const args = namedChildren(field(right, 'arguments'));
    if (args.length === 0 || args.length > 2 || args.some((a) => a.type === 'keyword_argument')) {
      throw new Untranslatable(right, 'range() with a step is not translated');
    }
    const [from, to] =
      args.length === 1
        ? ['0', this.expr(args[0] as PyNode)]
        : [this.expr(args[0] as PyNode), this.expr(args[1] as PyNode)];
    const declare = this.plan.hoisted.includes(pythonName) ? '' : 'let ';
    return `${declare}${target} = ${from}; ${target} < ${to}; ${target}++`;
  }

  private whileStatement(node: PyNode): void {
    if (node.childForFieldName('alternative')) throw new Untranslatable(node, 'while ... else is not translated');
    this.out.line(`while (${this.condition(field(node, 'condition'))}) {`);
    this.nested(field(node, 'body'));
    this.out.line('}');
  }

  /** `with lock:` guards against other threads; one event loop has none, so the body runs as it is. */
  private withStatement(node: PyNode): void {
    const clause = namedChildren(node).find((c) => c.type === 'with_clause');
    const items = clause ? namedChildren(clause) : [];
    const isLock = items.length === 1 && items[0]?.text !== undefined && this.scope.module.locks.has(items[0].text);
    if (!isLock) throw new Untranslatable(node, 'with statements are not translated, except `with lock:`');
    this.block(field(node, 'body'));
  }

  /** try/except/finally, when the except catches everything (bare, Exception or BaseException). */
  private tryStatement(node: PyNode): void {
    const parts = children(node).filter((c) => c.isNamed && c.type !== 'comment');
    const [body, ...handlers] = parts;
    const excepts = handlers.filter((c) => c.type === 'except_clause');
    const final = handlers.find((c) => c.type === 'finally_clause');
    if (!body || handlers.some((c) => c.type === 'else_clause') || excepts.length > 1) {
      throw new Untranslatable(node, 'try with else or several except clauses is not translated');
    }
    const [except] = excepts;
    const caught = except ? this.caughtName(except) : undefined;
    this.out.line('try {');
    const before = this.scope.untranslated + this.scope.stubUses;
    this.nested(body);
    if (except) {
      if (caught) {
        this.scope.options.locals.add(caught);
        this.scope.options.errorNames?.add(caught);
      }
      // A catch-all must not swallow the not_migrated of an untranslated statement in the try.
      const rethrow = this.scope.untranslated + this.scope.stubUses > before;
      const name = caught ? tsIdentifier(caught) : rethrow ? 'err' : undefined;
      this.out.line(name ? `} catch (${name}: ${this.scope.useShared('Untyped')}) {` : '} catch {');
      if (rethrow)
        this.out.line(
          `  if (${name} instanceof ${this.scope.useSocketeer('SocketeerError')} && ${name}.code === 'not_migrated') throw ${name};`,
        );
      this.nested(lastBlock(except));
    }
    if (final) {
      this.out.line('} finally {');
      this.nested(lastBlock(final));
    }
    this.out.line('}');
  }

  /** The `as e` name of a catch-all except clause; Untranslatable if it only catches some types. */
  private caughtName(except: PyNode): string | undefined {
    const [what] = namedChildren(except);
    if (!what || what.type === 'block') return undefined;
    const type = what.type === 'as_pattern' ? namedChildren(what)[0] : what;
    if (!type || !['Exception', 'BaseException'].includes(type.text)) {
      throw new Untranslatable(
        except,
        `except ${type?.text ?? ''} catches only some errors; JavaScript's catch takes all, translate it by hand`,
      );
    }
    if (what.type !== 'as_pattern') return undefined;
    const target = namedChildren(what).find((c) => c.type === 'as_pattern_target');
    return target?.text;
  }

  private nested(block: PyNode): void {
    this.out.indented(() => this.block(block));
  }
}

function namedIdentifiers(node: PyNode): string[] {
  return node.type === 'identifier' ? [node.text] : namedChildren(node).flatMap(namedIdentifiers);
}

function withoutOuterParens(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0 && i < text.length - 1) return text; // the first paren closes early: (a) && (b)
  }
  return text.slice(1, -1);
}

function lastBlock(clause: PyNode): PyNode {
  const block = namedChildren(clause)
    .filter((c) => c.type === 'block')
    .at(-1);
  if (!block) throw new Untranslatable(clause, 'empty clause');
  return block;
}

/** Slices and negative indexes read fine (slice(), at()) but cannot be assigned to. */
function assertAssignable(target: PyNode): void {
  if (target.type !== 'subscript') return;
  const index = target.childForFieldName('subscript');
  if (index?.type === 'slice') throw new Untranslatable(target, 'assigning to a slice is not translated');
  if (index?.type === 'unary_operator' && index.text.startsWith('-'))
    throw new Untranslatable(target, 'assigning through a negative index is not translated');
}
