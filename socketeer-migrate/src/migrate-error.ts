/** Stable codes for what went wrong with the input; `--json` prints them for tools. */
export type MigrateErrorCode = 'bad_input' | 'syntax_error' | 'no_handlers' | 'write_failed' | 'would_overwrite';

/**
 * A problem with the user's input (missing file, not Python, nothing to migrate).
 * The CLI prints its message and exits non-zero; it never shows a stack trace,
 * because the fix is always in the input, not in our code.
 */
export class MigrateError extends Error {
  override readonly name = 'MigrateError';

  constructor(
    message: string,
    readonly code: MigrateErrorCode = 'bad_input',
  ) {
    super(message);
  }
}
