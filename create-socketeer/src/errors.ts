/**
 * A refusal or failure the user can act on. The CLI prints its message as-is (no stack
 * trace) and exits with `exitCode`.
 */
export class CreateError extends Error {
  override name = 'CreateError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C or Escape at a prompt. */
export class Cancelled extends CreateError {
  override name = 'Cancelled';
  constructor() {
    super('Cancelled; nothing was written.', 130);
  }
}
