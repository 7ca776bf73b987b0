/**
 * Every error Socketeer raises, with a stable code. docs/errors.md lists the same codes; a test
 * keeps the two in sync. What a client sees of them, and what is logged, is src/error-policy.ts.
 */

/** Codes a client can receive in `{ error: { code, message } }` or on `socketeer:error`. */
export const CLIENT_ERRORS = {
  validation_error: 'The event payload did not match the schema.',
  internal_error: 'Internal server error.',
  unknown_event: 'No handler for this event.',
  timeout: 'The handler did not finish in time.',
  rate_limited: 'Too many events; slow down.',
  unauthorized: 'Authentication required.',
  forbidden: 'Not allowed.',
  too_many_pending: 'Too many unfinished events on this connection; wait for acknowledgements.',
  shutting_down: 'The server is shutting down.',
  too_many_rooms: 'This connection is in too many rooms.',
} as const;

/** Codes raised to the developer: at boot, or when an API is misused. */
export const DEVELOPER_ERRORS = {
  no_context: 'Called outside an event handler.',
  invalid_option: 'Unknown or invalid option.',
  invalid_room: 'A room name must be a non-empty string.',
  missing_target: 'Outside a handler, say which client.',
  invalid_namespace: 'A namespace path must start with /.',
  invalid_event: 'An event name must be a non-empty string.',
  invalid_decorator_target: 'A method decorator was put on something other than an instance method.',
  duplicate_handler: 'Two handlers for the same event in one namespace.',
  reserved_event: 'A name socket.io reserves was used as an event: handled with @On, or sent with emit/call.',
  missing_namespace: 'A class has handler decorators but no @Namespace.',
  invalid_controller: 'Something given as a controller is not a controller.',
  controller_import_failed: 'A controller module could not be imported.',
  no_controllers_found: 'A controller glob matched no files.',
  not_listening: 'The app is not listening.',
  ack_timeout: 'The client did not acknowledge in time.',
  not_connected: 'No such client is connected.',
  redis_error: 'The Redis message queue failed.',
  unsendable_value: 'socket.io cannot encode the value (a BigInt, a circular object, or nesting too deep).',
  invalid_emit: 'An emitted payload does not match the schema declared with @Emits.',
  invalid_entry: 'socketeer routes/asyncapi could not find an app in the entry module.',
  contract_mismatch: "A contract() names events or emits that differ from the controller's decorators.",
  missing_container: "A controller's constructor takes arguments and no container is set.",
  container_failed: 'The container could not build a controller.',
  admin_auth_required: 'The admin UI was turned on without credentials.',
  not_migrated: 'Code socketeer migrate could not translate was reached; translate it by hand.',
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERRORS;
export type DeveloperErrorCode = keyof typeof DEVELOPER_ERRORS;
export type ErrorCode = ClientErrorCode | DeveloperErrorCode;

/** The error object a client receives. */
export interface ClientError {
  code: string;
  message: string;
  issues?: unknown[];
}

/**
 * An error with a stable code. Thrown from a handler with a client code (or a code of your
 * own), its code and message reach the client: that is the way to send a deliberate error.
 * Developer codes and any other thrown value reach the client only as `internal_error`.
 * @example
 * ```ts
 * throw new SocketeerError('forbidden', 'Join the room before posting to it.');
 * ```
 */
export class SocketeerError extends Error {
  override name = 'SocketeerError';
  readonly code: ErrorCode | (string & {});
  readonly data: unknown;

  constructor(code: ErrorCode | (string & {}), message?: string, options?: { cause?: unknown; data?: unknown }) {
    super(
      message ??
        (CLIENT_ERRORS as Record<string, string>)[code] ??
        (DEVELOPER_ERRORS as Record<string, string>)[code] ??
        code,
      options?.cause !== undefined ? { cause: options.cause } : undefined,
    );
    this.code = code;
    this.data = options?.data;
  }

  /**
   * What a client may see of this error. Developer errors (a misused API, a boot problem) are
   * the server's bug, and their messages may name files or internals: clients get `internal_error`.
   */
  toClient(): ClientError {
    if (Object.hasOwn(DEVELOPER_ERRORS, this.code))
      return { code: 'internal_error', message: CLIENT_ERRORS.internal_error };
    const out: ClientError = { code: this.code, message: this.message };
    if (this.code === 'validation_error' && Array.isArray(this.data)) out.issues = this.data;
    return out;
  }
}

/**
 * Refuses a connection from a connect handler, like Flask-SocketIO's. The client's
 * `connect_error` carries `message` and `data`.
 * @example
 * ```ts
 * @OnConnect() connect(auth?: { token?: string }) {
 *   if (auth?.token !== 'secret') throw new ConnectionRefusedError('unauthorized!', { retry: false });
 * }
 * ```
 */
export class ConnectionRefusedError extends Error {
  override name = 'ConnectionRefusedError';
  readonly data: unknown;

  constructor(message = 'Connection rejected by server', data?: unknown) {
    super(message);
    this.data = data;
  }
}

/** The client-safe view of anything thrown: never a stack, never an internal message. */
export function toClientError(err: unknown): ClientError {
  if (err instanceof SocketeerError) return err.toClient();
  return { code: 'internal_error', message: CLIENT_ERRORS.internal_error };
}
