export { Namespace } from './namespace.js';
export { On, type HandlerFor } from './on.js';
export { OnConnect, OnDisconnect, OnError, OnAny } from './lifecycle.js';
export { Use } from './use.js';
export type { MethodDecorator, ClassDecorator } from './types.js';
