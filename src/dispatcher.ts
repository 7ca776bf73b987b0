/**
 * Wires a namespace to its table: the event path and the connection lifecycle are each made
 * once per namespace, with the table and the app's runtime in scope, and installed on socket.io.
 * Internal module: not exported from the package entry points.
 */
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import type { NamespaceTable } from './namespace-table.js';
import { makeAnswers, type Ack } from './dispatch/answer.js';
import { makeConnectionLifecycle } from './dispatch/connection-lifecycle.js';
import { makeEventPath, type HandleEvent } from './dispatch/event-path.js';
import type { Runtime } from './dispatch/runtime.js';

/**
 * Routes one incoming event; installed with `socket.onAny`, so `this` is the socket and one
 * function serves every socket of the namespace (nothing per connection but the list entry).
 * It costs less per event and less memory than a `socket.on` listener per event
 * (bench/profile-findings.md). The consequence
 * is that socket.io's own `socket.use()` middleware runs after Socketeer's handlers, so gate
 * events with `@Use`/`app.use` instead.
 */
function makeEventListener(handle: HandleEvent) {
  return function onEvent(this: Socket, event: string, ...args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    handle(this, event, args, ack);
  };
}

/** Wires a namespace (or a dynamic parent namespace) to its table. */
export function attachNamespace(nsp: IoNamespace, table: NamespaceTable, runtime: Runtime): void {
  const answers = makeAnswers(table, runtime);
  const onEvent = makeEventListener(makeEventPath(table, runtime, answers));
  const { admit, connected, onDisconnect } = makeConnectionLifecycle(table, runtime, answers.fail);
  nsp.use(runtime.hooks ? runtime.hooks.connect(table, admit) : admit);
  nsp.on('connection', (socket: Socket) => {
    socket.onAny(onEvent);
    socket.on('disconnect', onDisconnect);
    connected(socket);
  });
}
