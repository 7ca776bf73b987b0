import { recordMethod, type HandlerKind } from '../src/registry.js';
import type { AnyFunction, MethodDecorator } from './types.js';

function lifecycle<F extends AnyFunction>(kind: HandlerKind, name: string): MethodDecorator<F> {
  return ((target: unknown, key: unknown) => {
    recordMethod(target, key, name, (rec) => {
      (rec.handlerDecorators ??= []).push(`@${name}()`);
      rec.kind = kind;
    });
  }) as MethodDecorator<F>;
}

/**
 * Runs when a client connects to the namespace, before it counts as connected. Receives the
 * client's `auth` payload. Return `false` or throw `ConnectionRefusedError` to refuse.
 * What it emits to the client arrives once the client is connected.
 */
export function OnConnect(): MethodDecorator<(auth: never) => unknown> {
  return lifecycle('connect', 'OnConnect');
}

/** Runs after a client left the namespace (its rooms are already left). Receives the reason. */
export function OnDisconnect(): MethodDecorator<(reason: string) => unknown> {
  return lifecycle('disconnect', 'OnDisconnect');
}

/**
 * Handles errors thrown by this namespace's handlers. `request.event` and `request.args` tell
 * which event failed; the return value becomes the client's acknowledgement.
 */
export function OnError(): MethodDecorator<(error: never) => unknown> {
  return lifecycle('error', 'OnError');
}

/** Catch-all: receives `(event, ...args)` for events of the namespace that have no handler. */
export function OnAny(): MethodDecorator<(event: string, ...args: never[]) => unknown> {
  return lifecycle('any', 'OnAny');
}
