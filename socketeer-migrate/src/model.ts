import type { PyNode } from './python-parser.js';

/** What the migrator found in the Python program, before any TypeScript is written. */

export type HandlerKind = 'event' | 'connect' | 'disconnect' | 'error' | 'any' | 'plain';

export interface HandlerModel {
  kind: HandlerKind;
  /** The socket.io event name; only for kind 'event'. */
  event?: string;
  methodName: string;
  /** The Python function_definition node. */
  fn: PyNode;
  /** True for methods of a Namespace subclass (their first parameter is self). */
  isMethod: boolean;
  /** Decorators we could not translate (e.g. @login_required), kept as comments. */
  foreignDecorators: PyNode[];
  file: string;
}

export interface ControllerModel {
  namespace: string;
  className: string;
  fileName: string;
  handlers: HandlerModel[];
  /** What a Namespace class's __init__ sets on self: the controller's fields. */
  fields: FieldModel[];
}

/** `self.name = value` in a Namespace class's __init__. */
export interface FieldModel {
  pythonName: string;
  value: PyNode;
  file: string;
}

/** A module-level variable used as shared state; its kind decides how it is translated. */
export type StateKind = 'dict' | 'list' | 'set' | 'scalar';

export interface StateVar {
  pythonName: string;
  kind: StateKind;
  value: PyNode;
  file: string;
  /** Python comments right above the assignment, carried over. */
  comments: string[];
}

/** A module-level function that is not a handler; it becomes a function in shared.ts. */
export interface HelperFunction {
  pythonName: string;
  fn: PyNode;
  file: string;
}

/** A top-level statement we could not place anywhere, kept verbatim in shared.ts. */
export interface LooseStatement {
  node: PyNode;
  reason: string;
  file: string;
}

export interface RouteModel {
  methods: string[];
  /** The Flask path, with the blueprint's url_prefix in front. */
  path: string;
  fn: PyNode;
  file: string;
  /** Decorators other than the route itself (@login_required, the app's own): checks to keep. */
  foreignDecorators: PyNode[];
  /** Why the route cannot be served (an unknown blueprint prefix); it then answers 500. */
  problem?: string;
}

export interface ServerOptionsModel {
  /** TypeScript source for each createApp option, in a stable order. */
  options: Array<[name: string, tsValue: string]>;
  /** Options with no createApp counterpart, kept as comments inside createApp({...}). */
  dropped: Array<{ node: PyNode; reason: string }>;
  host?: string;
  port?: number;
}

export interface AppModel {
  controllers: ControllerModel[];
  state: StateVar[];
  helpers: HelperFunction[];
  loose: LooseStatement[];
  routes: RouteModel[];
  /** The handler for on_error_default, if any; registered with app.onErrorDefault. */
  defaultErrorHandler?: HandlerModel;
  server: ServerOptionsModel;
  /** start_background_task(...) calls made while the app is set up; server.ts makes them at boot. */
  startup: Array<{ node: PyNode; file: string }>;
  /** Module-level log lines (logger.info('loaded') at import time): shared.ts logs them when it loads. */
  moduleLogs: Array<{ node: PyNode; file: string }>;
}
