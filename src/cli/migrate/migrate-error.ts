/**
 * A problem with the user's input (missing file, not Python, nothing to migrate).
 * The CLI prints its message and exits non-zero; it never shows a stack trace,
 * because the fix is always in the input, not in our code.
 */
export class MigrateError extends Error {
  override readonly name = 'MigrateError';
}
