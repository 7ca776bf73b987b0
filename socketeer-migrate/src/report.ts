import type { PyNode } from './python-parser.js';
import { expressPath } from './names.js';
import { lineOf } from './python-parser.js';

/** Something the migrator kept as a comment instead of translating (a TODO in the output). */
export interface ReportEntry {
  file: string;
  line: number;
  reason: string;
}

/** A Flask HTTP route, served by express from routes.ts. */
export interface RouteTodo {
  file: string;
  line: number;
  methods: string[];
  path: string;
  functionName: string;
  /** False when the view holds a TODO: it answers 500 (not_migrated in the log) until translated. */
  migrated: boolean;
}

/** Per source file: what was found, what was migrated, and how much of it translated. */
export interface FileReport {
  file: string;
  handlers: { found: number; migrated: number };
  statements: { total: number; translated: number; share: number };
  todos: number;
}

/** The report as `--json` prints it; the text report shows the same facts. */
export interface ReportJson {
  out: string;
  written: string[];
  files: FileReport[];
  totals: {
    handlers: { found: number; migrated: number };
    statements: { total: number; translated: number; share: number };
    todos: number;
  };
  todos: ReportEntry[];
  reservedEmits: ReportEntry[];
  unregistered: ReportEntry[];
  notes: ReportEntry[];
  routes: RouteTodo[];
}

interface Counts {
  found: number;
  migrated: number;
  total: number;
  translated: number;
}

/** Statement node types, for counting what an untranslated block held. */
const STATEMENT = /(_statement|_definition)$/;

/** Everything the user must look at after a migration, printed at the end of the run. */
export class Report {
  readonly untranslated: ReportEntry[] = [];
  readonly routes: RouteTodo[] = [];
  readonly reservedEmits: ReportEntry[] = [];
  readonly unregistered: ReportEntry[] = [];
  readonly notes: ReportEntry[] = [];
  private readonly counts = new Map<string, Counts>();

  constructor(public file: string) {}

  /** A TODO: something kept as a comment that someone must translate by hand. */
  note(node: PyNode, reason: string): void {
    this.untranslated.push({ file: this.file, line: lineOf(node), reason });
  }

  /** Information with nothing to do (e.g. a lock that one event loop does not need). */
  info(node: PyNode, reason: string): void {
    this.notes.push({ file: this.file, line: lineOf(node), reason });
  }

  /** A handler that exists in the Python but could not be registered, and why. */
  notRegistered(node: PyNode, reason: string): void {
    this.unregistered.push({ file: this.file, line: lineOf(node), reason });
    this.note(node, reason);
  }

  reservedEmit(node: PyNode, reason: string): void {
    this.reservedEmits.push({ file: this.file, line: lineOf(node), reason });
  }

  route(todo: Omit<RouteTodo, 'file' | 'migrated'>): void {
    this.routes.push({ file: this.file, ...todo, migrated: false });
  }

  /** Whether the view of a route was translated whole. */
  routeServed(file: string, line: number, migrated: boolean): void {
    for (const r of this.routes) if (r.file === file && r.line === line) r.migrated = migrated;
  }

  private countsOf(file: string): Counts {
    let counts = this.counts.get(file);
    if (!counts) this.counts.set(file, (counts = { found: 0, migrated: 0, total: 0, translated: 0 }));
    return counts;
  }

  /** Counts one statement; an untranslated one counts with every statement nested in it. */
  statement(node: PyNode, translated: boolean): void {
    const counts = this.countsOf(this.file);
    if (translated) {
      counts.total++;
      counts.translated++;
    } else {
      counts.total += statementsIn(node);
    }
  }

  statementTotal(file: string): number {
    return this.countsOf(file).total;
  }

  handler(file: string, migrated: boolean): void {
    const counts = this.countsOf(file);
    counts.found++;
    if (migrated) counts.migrated++;
  }

  /** Makes a source file appear in the per-file table even when it holds nothing to count. */
  touch(file: string): void {
    this.countsOf(file);
  }

  toJson(out: string, written: readonly string[]): ReportJson {
    const todosIn = (file: string) => this.untranslated.filter((e) => e.file === file).length;
    const files = [...this.counts.keys()].sort().map((file): FileReport => {
      const c = this.countsOf(file);
      return {
        file,
        handlers: { found: c.found, migrated: c.migrated },
        statements: { total: c.total, translated: c.translated, share: share(c.translated, c.total) },
        todos: todosIn(file),
      };
    });
    const sum = (pick: (f: FileReport) => number) => files.reduce((n, f) => n + pick(f), 0);
    const total = sum((f) => f.statements.total);
    const translated = sum((f) => f.statements.translated);
    return {
      out,
      written: [...written],
      files,
      totals: {
        handlers: { found: sum((f) => f.handlers.found), migrated: sum((f) => f.handlers.migrated) },
        statements: { total, translated, share: share(translated, total) },
        todos: this.untranslated.length,
      },
      todos: sorted(this.untranslated),
      reservedEmits: sorted(this.reservedEmits),
      unregistered: sorted(this.unregistered),
      notes: sorted(this.notes),
      routes: sorted(this.routes),
    };
  }

  /** The text report; a section with nothing in it is left out. */
  format(outDir: string, writtenFiles: readonly string[]): string {
    const json = this.toJson(outDir, writtenFiles);
    const lines = [`Wrote ${writtenFiles.length} files to ${outDir}:`, ...writtenFiles.map((f) => `  ${f}`)];
    const section = (title: string, rows: string[]) => {
      if (rows.length > 0) lines.push('', title, ...rows.map((r) => `  ${r}`));
    };
    section(
      'Per source file (handlers migrated / found, statements translated, TODOs):',
      json.files.map(
        (f) =>
          `${f.file}: ${f.handlers.migrated}/${f.handlers.found} handlers, ${percent(f.statements.share)} of ${f.statements.total} statements, ${f.todos} TODO${f.todos === 1 ? '' : 's'}`,
      ),
    );
    const t = json.totals;
    lines.push(
      '',
      `Total: ${t.handlers.migrated}/${t.handlers.found} handlers migrated, ${percent(t.statements.share)} of ${t.statements.total} statements translated, ${t.todos} TODO${t.todos === 1 ? '' : 's'}.`,
    );
    section(`Handlers that could not be registered (${json.unregistered.length}):`, json.unregistered.map(entry));
    section(
      `Kept as comments (${json.todos.length}), search for "TODO(socketeer migrate)"; a handler that reaches one throws not_migrated:`,
      json.todos.map(entry),
    );
    section(`Reserved event names emitted (${json.reservedEmits.length}):`, json.reservedEmits.map(entry));
    section(
      `Flask routes (${json.routes.length}), served by express from routes.ts:`,
      json.routes.map(
        (r) =>
          `${r.file}:${r.line}  ${r.methods.join(',')} ${r.path} (${r.functionName}) -> ${expressPath(r.path)}${r.migrated ? '' : ', answers 500 until its TODO is translated'}`,
      ),
    );
    section(`Notes (${json.notes.length}):`, json.notes.map(entry));
    return `${lines.join('\n')}\n`;
  }
}

function entry(e: ReportEntry): string {
  return `${e.file}:${e.line}  ${e.reason}`;
}

function sorted<T extends { file: string; line: number }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

function statementsIn(node: PyNode): number {
  let n = STATEMENT.test(node.type) ? 1 : 0;
  if (node.type === 'expression_statement' || node.type === 'decorated_definition') n = 1;
  for (const child of node.namedChildren)
    if (child && child.type === 'block') for (const s of child.namedChildren) if (s) n += statementsIn(s);
  for (const child of node.namedChildren) {
    if (child && /clause$/.test(child.type))
      for (const b of child.namedChildren)
        if (b?.type === 'block') for (const s of b.namedChildren) if (s) n += statementsIn(s);
  }
  return Math.max(n, 1);
}
