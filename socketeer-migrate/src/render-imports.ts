import { SOCKETEER_ORDER } from './names.js';
import type { FileImports } from './scope.js';

/** Socketeer names that are types only. */
const SOCKETEER_TYPES = new Set(['App']);

/** Type-only names exported by shared.ts; verbatimModuleSyntax needs them marked. */
const SHARED_TYPES = new Set(['Untyped']);

/** The import lines a generated file needs, in a stable order so fixtures compare exactly. */
export function renderImports(imports: FileImports, sharedModule: string | undefined): string[] {
  const lines: string[] = [];
  if (imports.httpTypes) lines.push("import type { IncomingMessage } from 'node:http';");
  if (imports.fs) lines.push("import { readFile } from 'node:fs/promises';", "import path from 'node:path';");
  if (imports.sleep) lines.push("import { setTimeout as sleep } from 'node:timers/promises';");
  if (imports.express) lines.push("import express, { type NextFunction, type Request, type Response } from 'express';");
  const socketeer = SOCKETEER_ORDER.filter((n) => imports.socketeer.has(n)).map((n) =>
    SOCKETEER_TYPES.has(n) ? `type ${n}` : n,
  );
  if (socketeer.length > 0) lines.push(`import { ${socketeer.join(', ')} } from 'socketeer';`);
  if (sharedModule) {
    const names = [...imports.shared].sort((a, b) => a.localeCompare(b, 'en'));
    if (names.length > 0 && names.every((n) => SHARED_TYPES.has(n)))
      lines.push(`import type { ${names.join(', ')} } from '${sharedModule}';`);
    else if (names.length > 0)
      lines.push(
        `import { ${names.map((n) => (SHARED_TYPES.has(n) ? `type ${n}` : n)).join(', ')} } from '${sharedModule}';`,
      );
  }
  return lines;
}
