/**
 * Graceful shutdown: stop taking new work, tell clients, let running handlers finish up to a
 * deadline, then disconnect everyone. `App.close()` runs it; `closeOnSignals()` wires it to
 * SIGTERM/SIGINT for processes managed by Docker, Kubernetes, systemd or a terminal.
 */
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import { peekState } from './connection-state.js';
import { DEFAULT_CLOSE_DEADLINE, DEFAULT_CLOSE_SIGNALS } from './defaults.js';
import { SocketeerError } from './errors.js';
import { describeThrown, fallbackLogger } from './logger.js';
import { keysOf } from './options.js';

/**
 * The event every connected client receives when the server starts shutting down, before it
 * is disconnected: `{ reason: 'shutdown', message, deadline }` (deadline: ms until disconnect
 * at the latest). Clients may reconnect elsewhere at once; their pending acks still arrive.
 */
export const SHUTDOWN_EVENT = 'socketeer:shutdown';

export interface CloseOptions {
  /** Milliseconds to let running handlers finish before disconnecting. Default 10000. */
  deadline?: number;
}
export const CLOSE_OPTIONS = keysOf<CloseOptions>({ deadline: true });
export const SIGNAL_OPTIONS = keysOf<SignalOptions>({ deadline: true, signals: true, exit: true });
export { DEFAULT_CLOSE_DEADLINE };

function namespaces(io: Server): IoNamespace[] {
  // socket.io keeps its namespace map private; this is the typed way in (see emission.ts).
  return [...(io as unknown as { _nsps: Map<string, IoNamespace> })._nsps.values()];
}

function localSockets(io: Server): Socket[] {
  return namespaces(io).flatMap((nsp) => [...nsp.sockets.values()]);
}

function runningCount(io: Server): number {
  let n = 0;
  for (const socket of localSockets(io)) n += peekState(socket)?.inFlight ?? 0;
  return n;
}

/** Tells this node's clients (never other nodes': `local`) that the server is going away. */
export function announceShutdown(io: Server, deadline: number): void {
  const payload = { reason: 'shutdown', message: 'The server is shutting down.', deadline };
  for (const nsp of namespaces(io)) nsp.local.emit(SHUTDOWN_EVENT, payload);
}

/** Resolves when no handler is running on this node, or when `deadline` ms have passed. */
export async function waitForHandlers(io: Server, deadline: number): Promise<void> {
  const until = performance.now() + deadline;
  while (runningCount(io) > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(20, Math.max(1, until - performance.now()))));
  }
  const reason = new SocketeerError('shutting_down', 'The server shut down before the handler finished.');
  for (const socket of localSockets(io)) for (const ctx of peekState(socket)?.watched ?? []) ctx.abort(reason);
}

export interface SignalOptions extends CloseOptions {
  /** Default ['SIGTERM', 'SIGINT']. */
  signals?: NodeJS.Signals[];
  /** Called instead of `process.exit(code)`; for tests and custom process managers. */
  exit?: (code: number) => void;
}

/**
 * On the first SIGTERM/SIGINT, closes gracefully and exits 0 (1 if closing failed); a second
 * signal exits 1 at once. Returns a function that removes the listeners.
 */
export function closeOnSignals(
  close: (options: CloseOptions) => Promise<void>,
  options: SignalOptions = {},
): () => void {
  const signals = options.signals ?? DEFAULT_CLOSE_SIGNALS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  const onSignal = () => {
    if (closing) return exit(1);
    closing = true;
    close(options.deadline !== undefined ? { deadline: options.deadline } : {})
      .then(
        () => exit(0),
        (err: unknown) => {
          fallbackLogger.error({ err: describeThrown(err) }, 'closing on a signal failed');
          exit(1);
        },
      )
      .catch((err: unknown) => fallbackLogger.error({ err: describeThrown(err) }, 'the exit function threw'));
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}

/** Closers of the apps that listen() registered, and the one listener per signal they share. */
const closers = new Set<(options: CloseOptions) => Promise<void>>();
let signalListener: (() => void) | undefined;
let signalled = false;
const DEFAULT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * What `listen()` does unless `handleSignals: false`: on the first SIGTERM/SIGINT, every app
 * registered this way closes gracefully (so its clients' recovery state is saved and they can
 * move to another node), then the process exits 0 (1 if a close failed); a second signal exits
 * 1 at once. One listener per signal for the whole process, removed when no app is left, so
 * many apps in one process do not pile up listeners. Returns the function that unregisters.
 * @internal
 */
export function closeOnSignalsByDefault(close: (options: CloseOptions) => Promise<void>): () => void {
  closers.add(close);
  if (!signalListener) {
    signalListener = () => {
      if (signalled) return process.exit(1);
      signalled = true;
      void Promise.allSettled([...closers].map((c) => c({}))).then((results) =>
        process.exit(results.some((r) => r.status === 'rejected') ? 1 : 0),
      );
    };
    for (const s of DEFAULT_SIGNALS) process.on(s, signalListener);
  }
  return () => {
    closers.delete(close);
    // While closing on a signal the listener stays, so that a second signal still exits at once.
    if (closers.size > 0 || !signalListener || signalled) return;
    for (const s of DEFAULT_SIGNALS) process.off(s, signalListener);
    signalListener = undefined;
  };
}
