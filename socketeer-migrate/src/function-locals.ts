import { children, type PyNode } from './python-parser.js';

/** How each local name of a Python function is declared in TypeScript. */
export interface LocalsPlan {
  /** Every Python name the function binds: parameters, assignments, loop targets. */
  locals: Set<string>;
  /** Names declared `global`: writes go to module state. */
  globals: Set<string>;
  /** Assignments (by start index) that can be `const name = ...` (or `const [a, b] = ...`) where they stand. */
  constAssignments: Map<number, string[]>;
  /** Names declared up front with `let`, because Python lets them be rebound or used outside their block. */
  hoisted: string[];
}

/** Nested definitions are not translated (they stay comments), so their names do not count. */
const NESTED_SCOPES = new Set(['function_definition', 'class_definition']);

/**
 * Python scopes names to the function, TypeScript to the block. A name assigned exactly once,
 * by a statement whose block contains every later use of it, becomes a `const` right there; any other
 * assigned name is declared once at the top of the function with `let`.
 */
export function planLocals(body: PyNode, params: readonly string[]): LocalsPlan {
  const sites = new Map<string, PyNode[]>();
  const references = new Map<string, PyNode[]>();
  /** Loops and except clauses: they declare their own names unless those are used outside. */
  const loops: Array<{ node: PyNode; names: string[] }> = [];
  /** Names bound by `with ... as x`, `except E as x` or `x := ...`: declared up front. */
  const otherBinders = new Set<string>();
  const globals = new Set<string>();
  const rebound = new Set<string>(); // augmented assignment: needs `let`

  const visit = (node: PyNode): void => {
    if (NESTED_SCOPES.has(node.type)) return;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      for (const id of children(node)) if (id.type === 'identifier') globals.add(id.text);
    }
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      for (const id of left ? identifiersIn(left) : []) {
        sites.set(id.text, [...(sites.get(id.text) ?? []), node]);
        if (node.type === 'augmented_assignment' || (left?.type !== 'identifier' && left?.type !== 'pattern_list'))
          rebound.add(id.text);
      }
    }
    if (node.type === 'for_statement') {
      const left = node.childForFieldName('left');
      loops.push({ node, names: (left ? identifiersIn(left) : []).map((id) => id.text) });
    }
    if (node.type === 'as_pattern_target') {
      const names = children(node)
        .flatMap(identifiersIn)
        .map((id) => id.text);
      // `except E as e` binds e for its clause only, like a loop target: the catch declares it.
      const clause = node.parent?.parent;
      if (clause?.type === 'except_clause') loops.push({ node: clause, names });
      else for (const n of names) otherBinders.add(n);
    }
    if (node.type === 'named_expression') {
      const name = node.childForFieldName('name');
      if (name) otherBinders.add(name.text);
    }
    if (node.type === 'identifier' && isReference(node))
      references.set(node.text, [...(references.get(node.text) ?? []), node]);
    for (const child of children(node)) visit(child);
  };
  visit(body);

  const loopTargets = new Set(loops.flatMap((l) => l.names));
  const declaresConst = (name: string): boolean => {
    const [site, other] = sites.get(name) ?? [];
    const statement = site?.parent;
    const block = statement?.parent;
    if (
      !site ||
      other ||
      rebound.has(name) ||
      loopTargets.has(name) ||
      otherBinders.has(name) ||
      statement?.type !== 'expression_statement' ||
      block?.type !== 'block'
    )
      return false;
    // Every use must come after the assignment and inside its block (a loop may read last round's value).
    return (references.get(name) ?? []).every(
      (ref) => ref.startIndex >= site.startIndex && ref.endIndex <= block.endIndex,
    );
  };

  const constAssignments = new Map<number, string[]>();
  const hoisted: string[] = [];
  const hoist = (name: string) => {
    if (!hoisted.includes(name)) hoisted.push(name);
  };
  const candidates = [...sites.keys()].filter((name) => !globals.has(name) && !params.includes(name));
  for (const name of candidates) {
    const site = sites.get(name)?.[0] as PyNode;
    const together = identifiersIn(site.childForFieldName('left') as PyNode).map((id) => id.text);
    if (together.every((n) => candidates.includes(n) && declaresConst(n)))
      constAssignments.set(site.startIndex, together);
    else hoist(name);
  }
  for (const name of otherBinders) if (!params.includes(name) && !globals.has(name)) hoist(name);
  // A loop declares its targets itself unless one of them lives on outside it (Python leaks them).
  for (let changed = true; changed; ) {
    changed = false;
    for (const loop of loops) {
      const inside = (ref: PyNode) => ref.startIndex >= loop.node.startIndex && ref.endIndex <= loop.node.endIndex;
      const escapes = loop.names.some(
        (n) =>
          hoisted.includes(n) ||
          params.includes(n) ||
          globals.has(n) ||
          (references.get(n) ?? []).some((ref) => !inside(ref)),
      );
      const missing = loop.names.filter((n) => !hoisted.includes(n) && !params.includes(n) && !globals.has(n));
      if (escapes && missing.length > 0) {
        missing.forEach(hoist);
        changed = true;
      }
    }
  }
  const locals = new Set([...params, ...sites.keys(), ...loopTargets, ...otherBinders].filter((n) => !globals.has(n)));
  return { locals, globals, constAssignments, hoisted };
}

function identifiersIn(target: PyNode): PyNode[] {
  if (target.type === 'identifier') return [target];
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern')
    return children(target).flatMap(identifiersIn);
  return [];
}

/** An identifier that names a variable: not `x.attr`'s attr, not a keyword argument's name. */
function isReference(node: PyNode): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.startIndex !== node.startIndex;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.startIndex !== node.startIndex;
  return true;
}
