import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { MigrateError } from './migrate-error.js';

export type { Node as PyNode } from 'web-tree-sitter';

let parserPromise: Promise<Parser> | undefined;

/** Loads tree-sitter's Python grammar once; the .wasm build needs no native install step. */
function loadParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasmPath = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasmPath));
    return parser;
  })();
  return parserPromise;
}

/** Parses Python source, or throws a MigrateError naming the first syntax error. */
export async function parsePython(source: string, file: string): Promise<Tree> {
  const tree = (await loadParser()).parse(source);
  if (!tree) throw new MigrateError(`${file}: the Python parser gave up on this file`);
  const bad = tree.rootNode.hasError ? firstError(tree.rootNode) : undefined;
  if (bad) {
    const { row, column } = bad.startPosition;
    const what = bad.isMissing ? `missing ${JSON.stringify(bad.type)}` : 'invalid syntax';
    throw new MigrateError(
      `${file}:${row + 1}:${column + 1}: Python syntax error (${what}); is this a Python file?`,
      'syntax_error',
    );
  }
  return tree;
}

function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of children(node)) {
    if (child.hasError || child.isMissing) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return undefined;
}

/** All children, without the nulls web-tree-sitter's typings allow for. */
export function children(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter(
    (c): c is Node => c !== null && c.type !== 'comment' && c.type !== 'line_continuation',
  );
}

/** 1-based line number, as editors and the report show it. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
