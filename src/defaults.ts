/**
 * Every default value of Socketeer's options, in one place. docs/security.md and docs/api.md
 * quote them; test/hardening/security-doc.test.ts keeps the security page in step.
 */

/** Largest message a client may send, in bytes (socket.io's and Flask-SocketIO's default). */
export const DEFAULT_MAX_HTTP_BUFFER_SIZE = 1e6;

/** Most async handlers one connection may have running at once. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/** Milliseconds `app.close()` lets running handlers finish before disconnecting. */
export const DEFAULT_CLOSE_DEADLINE = 10_000;

/** The signals `app.closeOnSignals()` listens to. */
export const DEFAULT_CLOSE_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Milliseconds `call()` waits for a client's acknowledgement, and an emit callback for a remote one. */
export const DEFAULT_CALL_TIMEOUT = 60_000;

/** Milliseconds a test client waits for a connection, an acknowledgement or `waitFor`. */
export const DEFAULT_TEST_CLIENT_TIMEOUT = 5000;
