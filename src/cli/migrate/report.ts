import type { PyNode } from './python-parser.js';
import { expressPath } from './names.js';
import { lineOf } from './python-parser.js';

/** Something the migrator kept as a comment instead of translating. */
export interface ReportEntry {
  file: string;
  line: number;
  reason: string;
}

/** A Flask HTTP route the user must move to express by hand. */
export interface RouteTodo {
  file: string;
  line: number;
  methods: string[];
  path: string;
  functionName: string;
}

/** Everything the user must look at after a migration, printed at the end of the run. */
export class Report {
  readonly untranslated: ReportEntry[] = [];
  readonly routes: RouteTodo[] = [];

  constructor(public file: string) {}

  note(node: PyNode, reason: string): void {
    this.untranslated.push({ file: this.file, line: lineOf(node), reason });
  }

  route(todo: Omit<RouteTodo, 'file'>): void {
    this.routes.push({ file: this.file, ...todo });
  }

  format(outDir: string, writtenFiles: readonly string[]): string {
    const lines = [`Wrote ${writtenFiles.length} files to ${outDir}:`, ...writtenFiles.map((f) => `  ${f}`)];
    const byPlace = (a: { file: string; line: number }, b: { file: string; line: number }) =>
      a.file.localeCompare(b.file) || a.line - b.line;
    // Sections with nothing in them are left out: an empty heading reads like a failure.
    if (this.untranslated.length > 0) {
      lines.push('', `Kept as comments (${this.untranslated.length}), search for "TODO(socketeer migrate)":`);
    }
    for (const e of [...this.untranslated].sort(byPlace)) lines.push(`  ${e.file}:${e.line}  ${e.reason}`);
    if (this.routes.length > 0) lines.push('', `Flask routes to move to express (${this.routes.length}), see server.ts:`);
    for (const r of [...this.routes].sort(byPlace)) {
      lines.push(`  ${r.file}:${r.line}  ${r.methods.join(',')} ${r.path} (${r.functionName}) -> app.express.${r.methods[0]?.toLowerCase() ?? 'get'}('${expressPath(r.path)}', ...)`);
    }
    return `${lines.join('\n')}\n`;
  }
}
