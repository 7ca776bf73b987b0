import { splitArguments } from './arguments.js';
import type { ServerOptionsModel } from './model.js';
import { literalString } from './python-strings.js';
import type { PyNode } from './python-parser.js';
import type { Report } from './report.js';
import { FunctionScope, FileImports, type ModuleInfo } from './scope.js';
import { seconds } from './translate-socket-call.js';
import { translateExpression } from './translate-expression.js';
import { Untranslatable } from './untranslatable.js';

/** Why some SocketIO(...) options are dropped: Node has one event loop and socket.io's own sessions. */
const DROPPED: Record<string, string> = {
  async_mode: 'async_mode has no equivalent: Node runs one event loop, there is nothing to choose',
  manage_session: 'manage_session has no equivalent: request.session is always per connection',
};

/** Reads SocketIO(app, ...) / init_app(app, ...) keyword options into createApp options. */
export function readSocketIOOptions(call: PyNode, into: ServerOptionsModel, module: ModuleInfo, report: Report): void {
  const argumentList = call.childForFieldName('arguments');
  if (!argumentList) return;
  const scope = new FunctionScope(module, new FileImports(), {
    namespace: undefined,
    isHandler: false,
    selfMethods: undefined,
    locals: new Set(),
    globals: new Set(),
  });
  const expr = (n: PyNode) => translateExpression(n, scope);
  let args: ReturnType<typeof splitArguments>;
  try {
    args = splitArguments(argumentList);
  } catch (err) {
    if (err instanceof Untranslatable) return report.note(call, `SocketIO options: ${err.reason}`);
    throw err;
  }
  const drop = (value: PyNode, reason: string) => {
    report.note(value, reason);
    into.dropped.push({ node: value.parent ?? value, reason });
  };
  for (const [name, value] of args.keywords) {
    try {
      switch (name) {
        case 'cors_allowed_origins':
          set(into, 'cors', `{ origin: ${expr(value)} }`);
          break;
        case 'path': {
          const path = literalString(value);
          if (path === undefined) throw new Untranslatable(value, 'path must be a string literal');
          set(into, 'path', `'${path.startsWith('/') ? path : `/${path}`}'`);
          break;
        }
        case 'logger':
          set(into, 'logger', expr(value));
          break;
        case 'engineio_logger':
          set(into, 'engineioLogger', expr(value));
          break;
        case 'message_queue':
          set(into, 'messageQueue', expr(value));
          break;
        case 'channel':
          set(into, 'channel', expr(value));
          break;
        case 'ping_timeout':
          set(into, 'pingTimeout', seconds(value, expr));
          break;
        case 'ping_interval':
          set(into, 'pingInterval', seconds(value, expr));
          break;
        case 'max_http_buffer_size':
          set(into, 'maxHttpBufferSize', expr(value));
          break;
        default:
          drop(
            value,
            (Object.hasOwn(DROPPED, name) ? DROPPED[name] : undefined) ?? `SocketIO option ${name}= is not translated`,
          );
      }
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      drop(value, `SocketIO option ${name}=: ${err.reason}`);
    }
  }
}

function set(into: ServerOptionsModel, name: string, value: string): void {
  const existing = into.options.findIndex(([n]) => n === name);
  if (existing >= 0) into.options.splice(existing, 1);
  into.options.push([name, value]);
}

/** socketio.run(app, host=..., port=...) gives the defaults for app.listen(). */
export function readRunOptions(call: PyNode, into: ServerOptionsModel): void {
  const argumentList = call.childForFieldName('arguments');
  if (!argumentList) return;
  try {
    const { keywords } = splitArguments(argumentList);
    const host = literalString(keywords.get('host'));
    if (host !== undefined) into.host = host;
    const port = keywords.get('port');
    if (port?.type === 'integer') into.port = Number(port.text);
  } catch (err) {
    if (!(err instanceof Untranslatable)) throw err;
  }
}
