/**
 * Getting started: events, acknowledgements, send/emit/broadcast, rooms, connect
 * with auth, namespaces (class-based and function handlers), a background task, error
 * handlers and logging, in one app.
 * Run it: `npx tsx examples/getting-started/server.ts` (PORT, HOST, TOKEN override 3000,
 * 127.0.0.1 and 'secret').
 */
import { pathToFileURL } from 'node:url';
import { createApp, emit, request, type AppOptions, type Logger } from 'socketeer';
import { MainController } from './controllers/main-controller.js';
import { ChatNamespace, TestNamespace } from './controllers/test-namespace.js';

export interface GettingStartedOptions extends Omit<AppOptions, 'controllers' | 'container' | 'logger'> {
  /** The token clients send in `auth`. Default 'secret'. */
  token?: string;
  /** How often the background task emits `some event`, in ms. Default 5000. */
  tickMs?: number;
  /** `true` logs to stderr; a logger object receives the lines (tests collect them). */
  logger?: boolean | Logger;
}

/** Lines to stderr, for `logger: true` in our own handlers too. */
const stderrLogger: Logger = {
  debug: (obj, msg) => console.error('debug', msg, obj),
  info: (obj, msg) => console.error('info', msg, obj),
  warn: (obj, msg) => console.error('warn', msg, obj),
  error: (obj, msg) => console.error('error', msg, obj),
};
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function createGettingStartedApp({
  token = 'secret',
  tickMs = 5000,
  logger = false,
  ...options
}: GettingStartedOptions = {}) {
  const log = logger === true ? stderrLogger : logger === false ? silent : logger;
  const app = createApp({
    ...options,
    logger,
    controllers: [MainController, TestNamespace, ChatNamespace],
    // Controllers get their constructor arguments from here (any DI container fits).
    container: { get: (cls) => new cls(log, { token }) },
  });

  app.express.get('/', (_req, res) => {
    res.type('text/plain').send('Getting started example: connect a socket.io client with auth: { token }.\n');
  });

  // A function handler instead of a decorated method (Flask-SocketIO's on_event).
  app.on('my event', (data: unknown) => emit('my response', { namespace: request.namespace, data }), {
    namespace: '/test',
  });

  // Errors from namespaces without an error handler of their own ('/test', '/chat').
  app.onErrorDefault((err: unknown) => {
    log.error(
      { namespace: request.namespace, event: request.event, args: request.args, err: String(err) },
      'handler failed (default handler)',
    );
    return { error: { code: 'internal_error', message: `'${request.event}' failed.` } };
  });

  // A background task: the server starts the conversation. Outside a handler app.emit()
  // broadcasts, like socketio.emit(). It runs while the server listens.
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  app.http.on('listening', () => {
    timer = setInterval(() => {
      app.emit('some event', { data: 42, count: ++count });
      log.debug({ count }, 'tick');
    }, tickMs);
    timer.unref(); // the server keeps the process alive, not this timer
  });
  app.http.on('close', () => {
    clearInterval(timer);
    log.info({ ticks: count }, 'background task stopped');
  });
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = createGettingStartedApp({
    logger: true,
    engineioLogger: true,
    ...(process.env.TOKEN && { token: process.env.TOKEN }),
  });
  const { port, host } = await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(`listening on http://${host}:${port}`);
  // listen() closes the app gracefully on SIGTERM/SIGINT (clients can then resume elsewhere).
}
