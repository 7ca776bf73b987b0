import { CodeWriter } from './code-writer.js';
import type { AppModel } from './model.js';
import { defaultErrorHandlerName } from './render-shared.js';

/** Renders server.ts: createApp with every controller, the Flask routes (routes.ts), then listen. */
export function renderServer(
  app: AppModel,
  shared: {
    usesApp: boolean;
    usesLogin: boolean;
    routes: boolean;
    startup: CodeWriter;
    startupNames: ReadonlySet<string>;
  },
): string {
  const out = new CodeWriter();
  const errorHandler = defaultErrorHandlerName(app);
  out.line('// Migrated by `socketeer migrate`: builds the app from the migrated controllers and starts it.');
  if (shared.usesLogin) {
    out.line("import { randomBytes } from 'node:crypto';");
    out.line("import session from 'express-session';");
  }
  out.line("import { createApp } from 'socketeer';");
  for (const c of [...app.controllers].sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    out.line(`import { ${c.className} } from './${c.fileName.replace(/\.ts$/, '.js')}';`);
  }
  if (shared.routes) out.line("import { addRoutes } from './routes.js';");
  const fromShared = [
    ...new Set([
      ...(errorHandler ? [errorHandler] : []),
      ...(shared.usesApp ? ['setApp'] : []),
      ...[...shared.startupNames].sort(),
    ]),
  ].filter((n) => n !== 'Untyped');
  if (fromShared.length > 0) out.line(`import { ${fromShared.join(', ')} } from './shared.js';`);
  out.line();
  out.block(
    'const app = createApp({',
    () => {
      out.line(`controllers: [${app.controllers.map((c) => c.className).join(', ')}],`);
      for (const [name, value] of app.server.options) out.line(`${name}: ${value},`);
      for (const { node, reason } of app.server.dropped) out.untranslated(node, reason);
    },
    '});',
  );
  if (errorHandler) out.line(`app.onErrorDefault(${errorHandler});`);
  if (shared.usesApp) out.line('setApp(app);');
  if (!shared.startup.isEmpty) {
    out.line();
    out.line('// Background tasks the Python program started while setting up.');
    out.append(shared.startup);
  }
  if (shared.usesLogin) {
    out.line();
    out.line('// Flask-Login: the HTTP login stores the user in an express session (req.session.user); the');
    out.line("// socket.io handshake carries the same cookie, so the handlers' currentUser() finds it there.");
    out.line('// Install express-session (npm install express-session) and set SESSION_SECRET in production.');
    out.block(
      'const sessions = session({',
      () => {
        out.line("secret: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'),");
        out.line('resave: false,');
        out.line('saveUninitialized: false,');
      },
      '});',
    );
    out.line('app.express.use(sessions);');
    out.line('app.io.engine.use(sessions);');
  }

  if (shared.routes) {
    out.line();
    out.line("// The Flask routes, on the app's express (after the session, which their login checks read).");
    out.line('addRoutes(app);');
  }

  out.line();
  out.line(
    "// Host and port as socketio.run() had them (Flask-SocketIO's default is 127.0.0.1:5000); PORT and HOST override.",
  );
  out.line(
    `const { host, port } = await app.listen(Number(process.env.PORT ?? ${app.server.port ?? 5000}), process.env.HOST ?? '${app.server.host ?? '127.0.0.1'}');`,
  );
  out.line('console.log(`listening on http://${host}:${port}`);');
  return `${out.toString()}\n`;
}
