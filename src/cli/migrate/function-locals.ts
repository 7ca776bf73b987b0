import { children, type PyNode } from './python-parser.js';

/** How each local name of a Python function is declared in TypeScript. */
export interface LocalsPlan {
  /** Every Python name the function binds: parameters, assignments, loop targets. */
  locals: Set<string>;
  /** Names declared `global`: writes go to module state. */
  globals: Set<string>;
  /** Assignments (by start index) that can be `const name = ...` where they stand. */
  constAssignments: Map<number, string>;
  /** Names declared up front with `let`, because Python lets them be rebound or set in a branch. */
  hoisted: string[];
}

/** Python's scoping differs from block scoping; this decides const vs hoisted let per name. */
export function planLocals(body: PyNode, params: readonly string[]): LocalsPlan {
  const assigned = new Map<string, PyNode[]>();
  const loopTargets = new Set<string>();
  const globals = new Set<string>();
  const notConst = new Set<string>();

  const addAssigned = (name: string, at: PyNode) => assigned.set(name, [...(assigned.get(name) ?? []), at]);
  const identifiersIn = (target: PyNode): PyNode[] =>
    target.type === 'identifier' ? [target] : target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern'
      ? children(target).flatMap(identifiersIn)
      : [];

  const visit = (node: PyNode): void => {
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') return;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      for (const id of children(node)) if (id.type === 'identifier') globals.add(id.text);
    }
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left) {
        for (const id of identifiersIn(left)) {
          addAssigned(id.text, node);
          if (left.type !== 'identifier' || node.type === 'augmented_assignment') notConst.add(id.text);
        }
      }
    }
    if (node.type === 'for_statement') {
      const left = node.childForFieldName('left');
      if (left) for (const id of identifiersIn(left)) loopTargets.add(id.text);
    }
    for (const child of children(node)) visit(child);
  };
  visit(body);

  const topLevel = new Set(children(body).flatMap((stmt) => (stmt.type === 'expression_statement' ? children(stmt) : [])).map((n) => n.startIndex));
  const constAssignments = new Map<number, string>();
  const hoisted: string[] = [];
  for (const [name, sites] of assigned) {
    if (globals.has(name) || params.includes(name)) continue;
    const [only] = sites;
    if (sites.length === 1 && only && topLevel.has(only.startIndex) && !notConst.has(name) && !loopTargets.has(name)) {
      constAssignments.set(only.startIndex, name);
    } else {
      hoisted.push(name);
    }
  }
  const locals = new Set([...params, ...assigned.keys(), ...loopTargets].filter((n) => !globals.has(n)));
  return { locals, globals, constAssignments, hoisted };
}
