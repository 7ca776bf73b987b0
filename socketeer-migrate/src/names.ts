/** Naming rules that turn Python names into idiomatic TypeScript ones. */

/** Socketeer names generated files import, in the order of the package's index; a Python name equal to one is renamed. */
export const SOCKETEER_ORDER = [
  'Namespace',
  'On',
  'OnConnect',
  'OnDisconnect',
  'OnError',
  'OnAny',
  'request',
  'emit',
  'send',
  'call',
  'joinRoom',
  'leaveRoom',
  'closeRoom',
  'rooms',
  'disconnect',
  'tuple',
  'Tuple',
  'ConnectionRefusedError',
  'SocketeerError',
  'createApp',
  'App',
];

const RESERVED = new Set([
  'arguments',
  'await',
  'case',
  'catch',
  'const',
  'debugger',
  'default',
  'delete',
  'do',
  'enum',
  'eval',
  'export',
  'extends',
  'function',
  'implements',
  'instanceof',
  'interface',
  'let',
  'new',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'typeof',
  'var',
  'void',
  'constructor',
  'undefined',
  'NaN',
  'Infinity',
  // names the generated code itself imports or declares
  ...SOCKETEER_ORDER,
  'logger',
  'state',
  'Untyped',
  'sleep',
  'app',
  'setApp',
  'startBackgroundTask',
  'sessionUser',
  'isAuthenticated',
  'currentUser',
  'requireLogin',
  'authenticatedOnly',
  'running',
  'popKey',
  'clearDict',
  'removeItem',
  'jsonDumps',
  'crypto',
  // names routes.ts declares for the Flask views
  'req',
  'res',
  'server',
  'route',
  'respond',
  'jsonify',
  'redirect',
  'renderTemplate',
  'abort',
  'HttpError',
  'intParam',
  'floatParam',
  'requiredKey',
  'intValue',
  'floatValue',
  'formBody',
  'jsonBody',
  'sessionOf',
  'isLoggedIn',
  'httpUser',
  'requireHttpLogin',
  'loginUser',
  'logoutUser',
  'flash',
  'addRoutes',
  'express',
]);

/** snake_case -> camelCase; a leading underscore (Python's "private") is kept. */
export function camelCase(name: string): string {
  const lead = /^_*/.exec(name)?.[0] ?? '';
  const rest = name.slice(lead.length).replace(/_+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
  return lead + rest;
}

/** A Python variable, parameter or function name as a safe TypeScript identifier. */
export function tsIdentifier(pythonName: string): string {
  const name = camelCase(pythonName);
  return RESERVED.has(name) ? `${name}_` : name;
}

export function pascalCase(name: string): string {
  const camel = camelCase(name.replace(/[^a-zA-Z0-9_]+/g, '_'));
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** '/' -> Root, '/chat' -> Chat, '/admin/stats' -> AdminStats. */
export function namespaceStem(namespace: string): string {
  const stem = pascalCase(namespace.replace(/^\/+/, '').replace(/\//g, '_'));
  return stem === '' ? 'Root' : stem;
}

/** ChatNamespace -> ChatController; a class named just "Namespace" keeps its stem. */
export function controllerClassName(stem: string): string {
  const base = stem.replace(/Namespace$/, '') || stem;
  return `${pascalCase(base)}Controller`;
}

/** ChatController -> chat-controller.ts (kebab-case, one concept per file). */
export function controllerFileName(className: string): string {
  const kebab = className.replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return `${kebab.toLowerCase()}.ts`;
}

export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text);
}

/** A single-quoted TypeScript string literal. */
export function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `'${escaped}'`;
}

/** Flask's <name> and <int:name> path parameters are express's :name; <path:name> is express 5's *name. */
export function expressPath(path: string): string {
  return path
    .replace(/<path:([A-Za-z_][A-Za-z0-9_]*)>/g, '*$1')
    .replace(/<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>/g, ':$1');
}
