/**
 * What the hardening features keep per connection: how many handlers are still running (for
 * the in-flight limit and graceful shutdown), those of them that read `request.signal` (to
 * abort on disconnect and shutdown). Rate-limit buckets are per client connection (rate-limit.ts).
 * It lives in a WeakMap keyed by the socket (socket.io's objects keep their shape), so it is
 * freed with the socket and costs nothing for connections that never run an async handler or
 * hit a limit.
 * Internal module: not exported from the package entry points.
 */
import type { Socket } from 'socket.io';

const states = new WeakMap<Socket, ConnectionState>();

/** A running handler's request, as far as aborting it goes (the request context). */
export interface Abortable {
  abort(reason: unknown): void;
}

export interface ConnectionState {
  /** Handlers that returned a promise that has not settled yet. */
  inFlight: number;
  /**
   * Running handlers that read `request.signal`: the only ones an abort can reach, so the
   * others cost a counter, not a set entry.
   */
  watched: Set<Abortable> | undefined;
  /** A `too_many_pending` refusal was sent since the last event started: later ones stay quiet. */
  toldPending: boolean;
  /** Events wait for a free slot (the dispatcher keeps them); later events queue behind them. */
  backlogged: boolean;
}

/** The socket's state, created on first use. */
export function connectionState(socket: Socket): ConnectionState {
  let state = states.get(socket);
  if (state === undefined) {
    state = { inFlight: 0, watched: undefined, toldPending: false, backlogged: false };
    states.set(socket, state);
  }
  return state;
}

/** The socket's state if it has one (no allocation on the hot path). */
export function peekState(socket: Socket): ConnectionState | undefined {
  return states.get(socket);
}
