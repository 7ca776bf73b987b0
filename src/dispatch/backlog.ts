/**
 * The in-flight limit bounds handlers that wait (for I/O, a timer, a client), not the length of
 * a burst. socket.io dispatches every event of one read before any promise can settle, so a
 * full count at arrival does not yet say the handlers wait: an event that finds every slot
 * taken waits, in order. Each handler that settles frees its slot for the next waiting event
 * (started from a microtask, so a burst of handlers that need no I/O runs within the same turn,
 * as in raw socket.io). A turn of the event loop later (setImmediate: the microtask queue has
 * drained) the backlog is checked: if not one handler settled in that turn, the running ones
 * really wait, and the waiting events are refused. The strict bound holds throughout: never
 * more than `maxInFlight` unsettled handlers per connection.
 * Internal module: not exported from the package entry points.
 */
import type { Socket } from 'socket.io';
import type { ConnectionState } from '../connection-state.js';
import type { EventRefusal } from '../error-policy.js';
import type { BoundHandler } from '../namespace-table.js';
import type { Ack } from './answer.js';
import type { Runtime } from './runtime.js';

/** How many events may wait for a slot, per slot of `maxInFlight` (1,024 by default). */
export const BACKLOG_PER_SLOT = 16;

/** An event that found every in-flight slot of its connection taken. */
export interface Waiting {
  event: string;
  handler: BoundHandler;
  args: unknown[];
  ack: Ack | undefined;
}

/** A connection's events waiting for a slot, in arrival order. */
interface Backlog {
  /** Started entries are cleared, so their payloads can be collected. */
  items: (Waiting | undefined)[];
  head: number;
  /** Handlers of the connection that settled since the last check a turn later. */
  settled: number;
  /** A microtask to start waiting events is queued. */
  draining: boolean;
}

const backlogs = new WeakMap<Socket, Backlog>();

export interface Backlogs {
  /** Queues an event behind the connection's running handlers (or refuses it when the line is full). */
  wait(socket: Socket, state: ConnectionState, waiting: Waiting): void;
  /** A handler settled: its slot is free (and, with a backlog, the next waiting event may start). */
  release(socket: Socket, state: ConnectionState): void;
}

/**
 * The backlogs of one namespace's connections. `start` runs a waiting event once it has a slot;
 * `refuse` answers one that will not run.
 */
export function makeBacklogs(
  runtime: Runtime,
  start: (socket: Socket, waiting: Waiting) => void,
  refuse: (socket: Socket, event: string, ack: Ack | undefined, code: EventRefusal, quiet?: boolean) => void,
): Backlogs {
  function wait(socket: Socket, state: ConnectionState, waiting: Waiting): void {
    let backlog = backlogs.get(socket);
    if (backlog === undefined) {
      backlog = { items: [], head: 0, settled: 0, draining: false };
      backlogs.set(socket, backlog);
      state.backlogged = true;
      setImmediate(check, socket, state, backlog);
    }
    if (backlog.items.length - backlog.head >= runtime.maxInFlight * BACKLOG_PER_SLOT)
      return refusePending(socket, state, waiting.event, waiting.ack);
    backlog.items.push(waiting);
  }

  function release(socket: Socket, state: ConnectionState): void {
    state.inFlight--;
    if (!state.backlogged) return;
    const backlog = backlogs.get(socket);
    if (backlog === undefined) return;
    backlog.settled++;
    if (backlog.draining) return;
    backlog.draining = true;
    queueMicrotask(() => drain(socket, state, backlog));
  }

  /** Starts waiting events while slots are free; forgets the backlog once it is empty. */
  function drain(socket: Socket, state: ConnectionState, backlog: Backlog): void {
    backlog.draining = false;
    if (backlogs.get(socket) !== backlog || !socket.connected || runtime.closing) return;
    const { items } = backlog;
    const from = backlog.head;
    while (backlog.head < items.length && state.inFlight < runtime.maxInFlight) {
      const w = items[backlog.head]!;
      items[backlog.head++] = undefined;
      start(socket, w);
    }
    if (backlog.head > from) state.toldPending = false;
    if (backlog.head === items.length) {
      backlogs.delete(socket);
      state.backlogged = false;
    } else if (backlog.head >= 1024 && backlog.head * 2 >= items.length) {
      // A backlog that lasts (a client that keeps sending) drops its started entries now and then.
      items.splice(0, backlog.head);
      backlog.head = 0;
    }
  }

  /**
   * A turn after the backlog formed (and each turn while it lasts): if the connection's handlers
   * made progress, the backlog keeps its place; if none settled in a whole turn, they are waiting
   * for real and every waiting event is refused (`too_many_pending`; `shutting_down` at close).
   */
  function check(socket: Socket, state: ConnectionState, backlog: Backlog): void {
    if (backlogs.get(socket) !== backlog) return;
    if (!socket.connected) {
      backlogs.delete(socket);
      state.backlogged = false;
      return;
    }
    if (!runtime.closing && (backlog.settled > 0 || state.inFlight < runtime.maxInFlight)) {
      backlog.settled = 0;
      drain(socket, state, backlog);
      if (backlogs.get(socket) === backlog) setImmediate(check, socket, state, backlog);
      return;
    }
    backlogs.delete(socket);
    state.backlogged = false;
    for (let i = backlog.head; i < backlog.items.length; i++) {
      const w = backlog.items[i]!;
      if (runtime.closing) refuse(socket, w.event, w.ack, 'shutting_down');
      else refusePending(socket, state, w.event, w.ack);
    }
  }

  /** `too_many_pending`: every ack is answered; a client that asked for none is told once per run of refusals. */
  function refusePending(socket: Socket, state: ConnectionState, event: string, ack: Ack | undefined): void {
    refuse(socket, event, ack, 'too_many_pending', state.toldPending);
    if (ack === undefined) state.toldPending = true;
  }

  return { wait, release };
}
