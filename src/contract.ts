/**
 * The client's view of a controller, with no code generation: `contract()` names which method
 * handles which event (TypeScript cannot see decorator arguments in a class type, so this is
 * the one place the names are written twice, and it is checked against the decorators), and
 * `ClientToServer` / `ServerToClient` turn it into the two event maps socket.io-client takes:
 * `Socket<ServerToClient<typeof chat>, ClientToServer<typeof chat>>`.
 *
 * Payload types are the handlers' parameter types (with a schema, `z.infer` of it, which
 * `@On` already enforces), ack types their return types, and server-to-client events the
 * schemas declared with `emits()`.
 */
import type { ClientError } from './errors.js';
import { SocketeerError } from './errors.js';
import type { EmitContract, EmitSchemas, ListenerFor } from './emits.js';
import { emitsOfClass } from './registry.js';
import { readController } from './registry.js';
import type { Tuple } from './tuple.js';

type Instance<C> = C extends abstract new (...args: any[]) => infer I ? I : never;

/** The public method names of a controller instance. */
export type MethodsOf<I> = { [K in keyof I]: I[K] extends (...args: any[]) => unknown ? K : never }[keyof I] & string;

/** A controller and what the client may rely on: which method handles each event, what it emits. */
export interface Contract<
  C extends abstract new (
    ...args: any[]
  ) => object = abstract new (
    ...args: any[]
  ) => object,
  M extends Record<string, string> = Record<string, string>,
  E extends EmitSchemas = {},
> {
  readonly controller: C;
  readonly namespace: string | RegExp;
  /** Event name -> method name. */
  readonly events: M;
  readonly emits: E;
}

/** What an ack carries when the server refused the event (validation, rate limit, a thrown error). */
export interface ErrorReply {
  error: ClientError;
}

type Answer<R> = Awaited<R>;
/** A handler that returns nothing acks with no arguments, or with `{ error }` when refused. */
type SilentAck = (reply?: ErrorReply) => void;
type AckFor<R> =
  Answer<R> extends Tuple<infer T>
    ? (...values: [...T] | [ErrorReply]) => void
    : (reply: Answer<R> | ErrorReply) => void;

/**
 * One event's signature for socket.io-client. A handler that answers (returns a value) makes
 * the ack callback required, so `emitWithAck` and `timeout().emit` are typed; one that returns
 * nothing may be emitted without a callback.
 */
export type ClientEvent<F> = F extends (...args: infer P) => infer R
  ? // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing has return type void
    [Answer<R>] extends [void | undefined]
    ? (...args: [...P] | [...P, ack: SilentAck]) => void
    : (...args: [...P, ack: AckFor<R>]) => void
  : never;

/** The events a client may send to the contract's namespace: socket.io-client's `EmitEvents`. */
export type ClientToServer<K> =
  K extends Contract<infer C, infer M, any>
    ? { [E in keyof M & string]: ClientEvent<Instance<C>[M[E] & keyof Instance<C>]> }
    : never;

/** Events Socketeer itself sends on every namespace. */
export interface BuiltInServerEvents {
  'socketeer:error': (notice: { event: string; error: ClientError }) => void;
  'socketeer:shutdown': (notice: { reason: 'shutdown'; message: string; deadline: number }) => void;
}

/** The events a client receives from the contract's namespace: socket.io-client's `ListenEvents`. */
export type ServerToClient<K> =
  K extends Contract<any, any, infer E>
    ? { [Ev in keyof E & string]: ListenerFor<E[Ev]> } & BuiltInServerEvents
    : never;

/**
 * Names, for the client's types, which method of `controller` handles each event, and what it
 * emits. Checked at once against the decorators: an event the class does not handle with that
 * method, an `@On` event left out, or emits other than the class's `@Emits` throw
 * `contract_mismatch`, so the names cannot drift apart (a test that imports the contract is enough).
 * @example
 * ```ts
 * export const chat = contract(ChatController, { events: { register: 'onRegister' }, emits: ChatEmits });
 * const socket: Socket<ServerToClient<typeof chat>, ClientToServer<typeof chat>> = io('/chat');
 * ```
 */
export function contract<
  C extends abstract new (
    ...args: any[]
  ) => object,
  const M extends Record<string, MethodsOf<Instance<C>>>,
  S extends EmitSchemas = {},
>(controller: C, spec: { events: M; emits?: EmitContract<S> }): Contract<C, M, S> {
  const name = controller.name || 'an anonymous class';
  const record = readController(controller);
  if (!record) throw new SocketeerError('contract_mismatch', `contract(${name}): the class has no @Namespace().`);
  const fail = (what: string) => {
    throw new SocketeerError('contract_mismatch', `contract(${name}): ${what}`);
  };
  const handled = new Map(record.handlers.filter((h) => h.kind === 'event').map((h) => [h.event!, String(h.method)]));
  for (const [event, method] of Object.entries(spec.events)) {
    const actual = handled.get(event);
    if (actual === undefined) fail(`no method has @On('${event}').`);
    else if (actual !== method) fail(`'${event}' is handled by ${name}.${actual}, not ${name}.${method}.`);
  }
  for (const [event, method] of handled) {
    if (!Object.hasOwn(spec.events, event)) fail(`@On('${event}') on ${name}.${method} is missing from events.`);
  }
  const declared = emitsOfClass(controller);
  const wanted: EmitSchemas = spec.emits?.schemas ?? {};
  for (const event of new Set([...Object.keys(declared), ...Object.keys(wanted)])) {
    if (declared[event] !== wanted[event]) {
      fail(`emits and the class's @Emits() differ on '${event}'; pass the object given to @Emits().`);
    }
  }
  return { controller, namespace: record.namespace, events: spec.events, emits: (spec.emits?.schemas ?? {}) as S };
}
