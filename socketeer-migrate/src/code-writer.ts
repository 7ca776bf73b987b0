import type { PyNode } from './python-parser.js';

/** The marker users search for to find what the migrator left for them. */
export const TODO_MARKER = 'TODO(socketeer migrate)';

/** Collects indented lines of TypeScript. */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(private readonly unit = '  ') {}

  line(text = ''): void {
    this.lines.push(text === '' ? '' : this.unit.repeat(this.depth) + text);
  }

  /** Writes `open`, the indented body, then `close`. */
  block(open: string, body: () => void, close = '}'): void {
    this.line(open);
    this.indented(body);
    this.line(close);
  }

  indented(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  /** Keeps Python source verbatim as a comment, with the reason it was not translated. */
  untranslated(node: PyNode, reason: string): void {
    this.line(`// ${TODO_MARKER}: ${reason}`);
    for (const line of pythonLines(node)) this.line(`// | ${line}`);
  }

  /** Appends another writer's lines at this writer's indentation. */
  append(other: CodeWriter): void {
    for (const line of other.lines) this.line(line);
  }

  toString(): string {
    return this.lines.join('\n');
  }

  get isEmpty(): boolean {
    return this.lines.length === 0;
  }
}

/** The node's source lines, dedented to the node's own column. */
export function pythonLines(node: PyNode): string[] {
  const column = node.startPosition.column;
  return node.text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.slice(Math.min(column, line.length - line.trimStart().length))))
    .map((l) => l.trimEnd());
}
