import type { PyNode } from './python-parser.js';

/**
 * Thrown by the translators when a piece of Python has no faithful TypeScript form.
 * The statement translator catches it and keeps the whole statement as a comment,
 * so a partial translation never silently changes behaviour.
 */
export class Untranslatable extends Error {
  constructor(
    readonly node: PyNode,
    readonly reason: string,
  ) {
    super(reason);
  }
}
