/**
 * Dynamic namespaces (`@Namespace(/^\/room-\w+$/)`) without a leak: socket.io makes a child
 * namespace for every name its test accepts, before guards or connect handlers run, so the name
 * is decided by a function with a cheap length check first, and createApp turns on socket.io's
 * `cleanupEmptyChildNamespaces`, which drops a child when its last client leaves or is refused.
 * Internal module: not exported from the package entry points.
 */
import type { Namespace as IoNamespace, Server } from 'socket.io';
import { SocketeerError } from './errors.js';

/** Longest namespace name a dynamic namespace accepts; longer names are refused before the RegExp runs. */
export const MAX_NAMESPACE_LENGTH = 256;

/** The parent namespace of a RegExp: children are made only for names that pass the checks. */
export function dynamicParent(io: Server, pattern: RegExp): IoNamespace {
  if (pattern.global || pattern.sticky) {
    throw new SocketeerError(
      'invalid_option',
      `Namespace ${pattern}: a dynamic namespace's RegExp must not have the g or y flag (its test would carry state between clients).`,
    );
  }
  const parent = io.of((name, _auth, next) => next(null, name.length <= MAX_NAMESPACE_LENGTH && pattern.test(name)));
  // As for a RegExp parent, io.of('/room-1') from server code attaches to this parent (socket.io
  // keeps that map private: this is the one place Socketeer writes to it).
  (io as unknown as { parentNamespacesFromRegExp: Map<RegExp, IoNamespace> }).parentNamespacesFromRegExp.set(
    pattern,
    parent,
  );
  return parent;
}
