import { bindArguments, objectLiteral, type CallArguments } from './arguments.js';
import type { PyNode } from './python-parser.js';
import type { FunctionScope } from './scope.js';
import { Untranslatable } from './untranslatable.js';
import { literalString } from './python-strings.js';

/**
 * Who is calling emit/send in the Python source; it decides the defaults:
 * - 'context': flask_socketio.emit(), which answers the sender unless told otherwise;
 * - 'server': socketio.emit(), which broadcasts and defaults to the '/' namespace;
 * - 'namespace-class': self.emit() in a Namespace subclass, which broadcasts in its own namespace.
 */
export type CallOrigin = 'context' | 'server' | 'namespace-class';

type Expr = (node: PyNode) => string;

/** Flask-SocketIO keyword -> Socketeer option, for emit and send. */
const EMIT_OPTIONS: Record<string, string> = {
  to: 'to',
  room: 'to', // Socketeer accepts room too, but `to` is the one name socket.io users know
  broadcast: 'broadcast',
  include_self: 'includeSelf',
  skip_sid: 'skipSid',
  namespace: 'namespace',
  callback: 'callback',
};

/** The Flask-SocketIO functions this module translates, with their Python parameter lists. */
const ROOM_SIGNATURES: Record<string, { ts: string; params: string[] }> = {
  join_room: { ts: 'joinRoom', params: ['room', 'sid', 'namespace'] },
  leave_room: { ts: 'leaveRoom', params: ['room', 'sid', 'namespace'] },
  close_room: { ts: 'closeRoom', params: ['room', 'namespace'] },
  rooms: { ts: 'rooms', params: ['sid', 'namespace'] },
  disconnect: { ts: 'disconnect', params: ['sid', 'namespace'] },
};

/** Namespace-class methods take the sid first: self.enter_room(sid, room). */
const CLASS_ROOM_SIGNATURES: Record<string, { ts: string; params: string[] }> = {
  enter_room: { ts: 'joinRoom', params: ['sid', 'room', 'namespace'] },
  leave_room: { ts: 'leaveRoom', params: ['sid', 'room', 'namespace'] },
  close_room: { ts: 'closeRoom', params: ['room', 'namespace'] },
  rooms: { ts: 'rooms', params: ['sid', 'namespace'] },
  disconnect: { ts: 'disconnect', params: ['sid', 'namespace'] },
};

export function isSocketFunction(name: string, origin: CallOrigin): boolean {
  if (name === 'emit' || name === 'send' || name === 'call') return true;
  if (origin === 'context') return Object.hasOwn(ROOM_SIGNATURES, name);
  if (origin === 'namespace-class') return Object.hasOwn(CLASS_ROOM_SIGNATURES, name);
  return name === 'close_room';
}

/** Translates emit/send/call/join_room/... with their keyword options. */
export function translateSocketCall(
  name: string,
  origin: CallOrigin,
  args: CallArguments,
  scope: FunctionScope,
  expr: Expr,
): string {
  if (origin === 'context' && scope.options.route) {
    // In a Flask view, flask_socketio.emit() works only with a namespace and a recipient (it then
    // is socketio.emit); without them it raises, for there is no client to answer.
    const k = args.keywords;
    if (
      (name === 'emit' || name === 'send') &&
      k.has('namespace') &&
      (k.has('to') || k.has('room') || k.has('broadcast'))
    )
      return translateEmit(name, 'server', args, scope, expr);
    throw new Untranslatable(
      args.node,
      `${name}() in an HTTP route has no client to answer (Flask-SocketIO raises there); use socketio.emit(..., to=...)`,
    );
  }
  if (name === 'emit' || name === 'send') return translateEmit(name, origin, args, scope, expr);
  if (name === 'call') return translateCallAndWait(args, scope, expr);
  const signature = (origin === 'namespace-class' ? CLASS_ROOM_SIGNATURES : ROOM_SIGNATURES)[name];
  if (!signature) throw new Untranslatable(args.node, `${name}() is not translated`);
  const bound = bindArguments(args, signature.params, name);
  const fn = scope.useSocketeer(signature.ts);
  const options = ['sid', 'namespace']
    .filter((key) => bound.has(key) && !(key === 'sid' && !signature.params.includes('room')))
    .map((key) => [key, expr(bound.get(key) as PyNode)] as const);
  const opts = objectLiteral(options);
  if (signature.params.includes('room')) {
    const room = bound.get('room');
    if (!room) throw new Untranslatable(args.node, `${name}() needs a room`);
    return `${fn}(${[expr(room), opts].filter(Boolean).join(', ')})`;
  }
  // rooms(sid?, opts) and disconnect(sid?, opts): the sid is positional in Socketeer too.
  const sid = bound.get('sid');
  const first = sid ? expr(sid) : opts ? 'undefined' : '';
  return `${fn}(${[first, opts].filter(Boolean).join(', ')})`;
}

/** Events socket.io keeps for itself: emitting them from the server does not reach a client's handler. */
const RESERVED_EMITS = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

function translateEmit(
  name: 'emit' | 'send',
  origin: CallOrigin,
  args: CallArguments,
  scope: FunctionScope,
  expr: Expr,
): string {
  // socketio.emit() works with no request, so it goes through the app; include_self needs the sender, so it stays in context.
  const viaApp = origin === 'server' && !args.keywords.has('include_self');
  const fn = viaApp ? `${scope.useShared('app')}().${name}` : scope.useSocketeer(name);
  const positional = [...args.positional];
  const keywords = new Map(args.keywords);
  const head = name === 'emit' ? (positional.shift() ?? keywords.get('event')) : undefined;
  keywords.delete('event');
  if (name === 'emit' && !head) throw new Untranslatable(args.node, 'emit() needs an event name');
  // Namespace.emit(event, data=...) takes data by keyword; flask_socketio.emit() and socketio.emit() do not, and send nothing for it.
  const dataKeyword = keywords.get('data');
  if (dataKeyword && origin === 'namespace-class' && positional.length === 0) positional.push(dataKeyword);
  else if (dataKeyword) scope.droppedData(dataKeyword);
  keywords.delete('data');
  const eventName = head ? literalString(head) : undefined;
  if (eventName !== undefined && RESERVED_EMITS.has(eventName)) scope.reservedEmit(head as PyNode, eventName);
  const data = eventData(positional, scope, expr);

  const options: Array<readonly [string, string]> = [];
  for (const [key, value] of keywords) {
    const mapped =
      key === 'json' && name === 'send' ? 'json' : Object.hasOwn(EMIT_OPTIONS, key) ? EMIT_OPTIONS[key] : undefined;
    if (!mapped) throw new Untranslatable(value, `${name}() option ${key}= has no Socketeer equivalent`);
    if (options.some(([k]) => k === mapped)) throw new Untranslatable(value, `${name}() got both room= and to=`);
    options.push([mapped, expr(value)]);
  }
  if (origin !== 'context' && !viaApp) {
    // socketio.emit / self.emit broadcast unless a recipient is named.
    if (!options.some(([k]) => k === 'to' || k === 'broadcast')) options.push(['broadcast', 'true']);
    const handlerNamespace = scope.options.namespace;
    if (origin === 'server' && !args.keywords.has('namespace') && handlerNamespace !== '/')
      options.push(['namespace', "'/'"]);
  }
  const opts = objectLiteral(options);
  const parts = [data ?? (opts ? 'undefined' : undefined), opts || undefined];
  while (parts.length > 0 && parts[parts.length - 1] === undefined) parts.pop();
  if (head) parts.unshift(expr(head));
  return `${fn}(${parts.join(', ')})`;
}

/** One data argument stays as it is; a Python tuple or several arguments become tuple(...). */
function eventData(values: PyNode[], scope: FunctionScope, expr: Expr): string | undefined {
  const [first] = values;
  if (!first) return undefined;
  if (values.length === 1 && first.type !== 'tuple') return expr(first);
  const items = values.length === 1 ? first.namedChildren.filter((n): n is PyNode => n !== null) : values;
  return `${scope.useSocketeer('tuple')}(${items.map(expr).join(', ')})`;
}

/** call() waits for the client's ack; Flask-SocketIO counts its timeout in seconds, Socketeer in ms. */
function translateCallAndWait(args: CallArguments, scope: FunctionScope, expr: Expr): string {
  const fn = scope.useSocketeer('call');
  const positional = [...args.positional];
  const event = positional.shift();
  if (!event) throw new Untranslatable(args.node, 'call() needs an event name');
  const data = eventData(positional, scope, expr);
  const options: Array<readonly [string, string]> = [];
  for (const [key, value] of args.keywords) {
    if (key === 'to' || key === 'sid') options.push(['to', expr(value)]);
    else if (key === 'timeout') options.push(['timeout', seconds(value, expr)]);
    else if (key === 'namespace') options.push(['namespace', expr(value)]);
    else throw new Untranslatable(value, `call() option ${key}= has no Socketeer equivalent`);
  }
  const opts = objectLiteral(options);
  scope.usesAwait = true;
  const parts = [expr(event), data ?? (opts ? 'undefined' : undefined), opts || undefined];
  while (parts.length > 0 && parts[parts.length - 1] === undefined) parts.pop();
  return `await ${fn}(${parts.join(', ')})`;
}

/** Seconds (Python) to milliseconds (Node), folded when it is a literal. */
export function seconds(node: PyNode, expr: Expr): string {
  if (node.type === 'integer' || node.type === 'float') return String(Number(node.text.replace(/_/g, '')) * 1000);
  return `${expr(node)} * 1000`;
}
