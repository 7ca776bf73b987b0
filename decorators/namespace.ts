import { checkNamespacePath, recordController } from '../src/registry.js';
import type { ClassDecorator } from './types.js';

/**
 * Marks a class as a controller for one socket.io namespace (default `'/'`). A RegExp binds a
 * dynamic namespace; `request.namespace` then gives the concrete one.
 * @example
 * ```ts
 * @Namespace('/chat')
 * class ChatController { @On('join') join(room: string) { joinRoom(room); } }
 * ```
 */
export function Namespace(path: string | RegExp = '/'): ClassDecorator {
  checkNamespacePath(path);
  return ((target: Function) => {
    recordController(target, path);
  }) as ClassDecorator;
}
