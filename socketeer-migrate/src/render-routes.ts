import { CodeWriter } from './code-writer.js';
import type { AppModel, RouteModel } from './model.js';
import { expressPath, quote, tsIdentifier } from './names.js';
import { lineOf, type PyNode } from './python-parser.js';
import type { Report } from './report.js';
import { renderFunction } from './render-function.js';
import { renderImports } from './render-imports.js';
import { FileImports, type ModuleInfo } from './scope.js';
import { Untranslatable } from './untranslatable.js';

/** Flask converters express can serve; others (uuid, any) are not translated. */
const CONVERTERS = new Set(['string', 'int', 'float', 'path']);
/** Characters express 5's path syntax reserves; a Flask path holding one is not translated. */
const EXPRESS_RESERVED = /[()[\]?+!*{}:]/;
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Renders routes.ts: the Flask views as express routes on the app's express (`addRoutes(app)`,
 * called by server.ts), with the small runtime they lean on. A view's return value is its
 * response, as in Flask; what cannot be translated answers 500 (never a silent pass).
 */
export function renderRoutes(
  app: AppModel,
  module: ModuleInfo,
  report: Report,
): { text: string; sharedNames: Set<string>; usesSession: boolean } | undefined {
  if (app.routes.length === 0) return undefined;
  const imports = new FileImports();
  const body = new CodeWriter();
  const views = new Map<PyNode, RouteModel[]>();
  for (const r of app.routes) views.set(r.fn, [...(views.get(r.fn) ?? []), r]);
  const names = new Set<string>();
  for (const [fn, routes] of views) {
    const first = routes[0] as RouteModel;
    report.file = first.file;
    let name = tsIdentifier(fn.childForFieldName('name')?.text ?? 'view');
    for (let n = 2; names.has(name); n++) name = `${tsIdentifier(fn.childForFieldName('name')?.text ?? 'view')}${n}`;
    names.add(name);
    body.line();
    const where = `${first.file}:${lineOf(fn)}`;
    let served = true;
    try {
      const params = new Map<string, string>();
      for (const route of routes) {
        if (route.problem) throw new Untranslatable(fn, route.problem);
        for (const method of route.methods)
          if (!HTTP_METHODS.has(method)) throw new Untranslatable(fn, `HTTP method ${method} is not translated`);
        const stripped = route.path.replace(
          /<(?:([a-z]+)(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g,
          (_m, conv = 'string', p) => {
            if (!CONVERTERS.has(conv)) throw new Untranslatable(fn, `the <${conv}:${p}> converter is not translated`);
            params.set(p, conv);
            return '';
          },
        );
        if (EXPRESS_RESERVED.test(stripped))
          throw new Untranslatable(fn, `the path ${route.path} has characters express reserves`);
      }
      const view = new CodeWriter();
      const { clean } = renderFunction(view, {
        fn,
        kind: 'route',
        form: 'route',
        name,
        routeParams: params,
        isMethod: false,
        namespace: undefined,
        selfMethods: undefined,
        foreignDecorators: first.foreignDecorators,
        module,
        imports,
        report,
      });
      served = clean;
      body.append(view);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      served = false;
      report.note(err.node, err.reason);
      report.statement(fn, false);
      body.untranslated(fn.parent?.type === 'decorated_definition' ? fn.parent : fn, err.reason);
      imports.routes.add('notMigrated');
      body.line(`const ${name} = notMigrated(${quote(`${where}: ${err.reason}`)});`);
    }
    for (const route of routes) {
      report.routeServed(route.file, lineOf(fn), served);
      for (const method of route.methods)
        body.line(`server.express.${method.toLowerCase()}(${quote(expressPath(route.path))}, ${name});`);
    }
  }
  const runtime = renderRouteRuntime(imports);
  const out = new CodeWriter();
  out.line("// Migrated by `socketeer migrate`: the Flask routes, served by the app's express.");
  for (const line of renderImports(imports, './shared.js')) out.line(line);
  out.append(runtime);
  out.line();
  out.line("/** Adds the Flask routes to the app's express; server.ts calls it before listen(). */");
  out.block('export function addRoutes(server: App): void {', () => {
    out.line('// Flask parses form and JSON bodies and serves static/ by itself; express needs to be told.');
    out.line('server.express.use(express.urlencoded({ extended: false }), express.json());');
    out.line("server.express.use('/static', express.static(process.env.STATIC_DIR ?? 'static'));");
    out.append(body);
    out.line();
    out.line('// A body that does not parse (bad JSON) is a 400, and nothing answers with a stack trace.');
    out.line('server.express.use(answerErrors);');
  });
  return {
    text: `${out.toString()}\n`,
    sharedNames: imports.shared,
    usesSession: ['sessionOf', 'isLoggedIn', 'httpUser', 'requireHttpLogin', 'loginUser', 'logoutUser', 'flash'].some(
      (n) => imports.routes.has(n),
    ),
  };
}

/** The helpers the views use, each written only when used. */
function renderRouteRuntime(imports: FileImports): CodeWriter {
  const used = imports.routes;
  imports.socketeer.add('App');
  imports.shared.add('Untyped');
  imports.shared.add('logger');
  imports.express = true;
  const out = new CodeWriter();
  const section = (lines: string[]) => {
    out.line();
    for (const l of lines) out.line(l);
  };
  section([
    "/** Flask's request as a view reads it: query, form and URL values are whatever the client sent. */",
    'type ViewRequest = Request<Record<string, Untyped>, Untyped, Untyped, Record<string, Untyped>>;',
  ]);
  section([
    "/** Flask's abort(): the view stops and the client gets this status. */",
    'class HttpError extends Error {',
    '  constructor(',
    '    readonly status: number,',
    '    message?: string,',
    '  ) {',
    '    super(message ?? `HTTP ${status}`);',
    '  }',
    '}',
  ]);
  section([
    '/** What a view may return besides text, dicts and lists: jsonify(), redirect(), render_template(). */',
    'class Reply {',
    '  constructor(readonly send: (res: Response) => Promise<void> | void) {}',
    '}',
  ]);
  section([
    '/**',
    ' * A Flask view as an express handler: its return value is the response, as in Flask. An error',
    ' * (also not_migrated, where the migration left a TODO) is logged and answered 500 without a stack.',
    ' */',
    'function route(view: (req: ViewRequest) => unknown): (req: Request, res: Response) => Promise<void> {',
    '  return async (req, res) => {',
    '    try {',
    '      await respond(res, await view(req as ViewRequest));',
    '    } catch (err) {',
    '      if (err instanceof HttpError) {',
    "        if (!res.headersSent) res.status(err.status).type('text').send(err.message);",
    '        return;',
    '      }',
    '      logger.error(`${req.method} ${req.path} failed:`, err);',
    "      if (!res.headersSent) res.status(500).json({ error: { code: 'internal_error', message: 'Internal server error.' } });",
    '    }',
    '  };',
    '}',
  ]);
  section([
    "/** A view's return value as Flask sends it: text as HTML, dicts and lists as JSON, (body, status, headers). */",
    'async function respond(res: Response, value: Untyped): Promise<void> {',
    '  const [body, ...rest]: Untyped[] = value instanceof Tuple ? [...value.values] : [value];',
    '  for (const extra of rest) {',
    "    if (typeof extra === 'number') res.status(extra);",
    "    else if (extra !== null && typeof extra === 'object') res.set(extra);",
    '  }',
    '  if (body instanceof Reply) return body.send(res);',
    "  if (typeof body === 'string') return void res.type('html').send(body);",
    "  if (body !== null && typeof body === 'object') return void res.json(body);",
    '  // Flask refuses a view that returns None (or a number) with a 500 too.',
    '  throw new Error(`the view returned ${String(body)}, which is not a response`);',
    '}',
  ]);
  section([
    "/** Flask's error handling for what happens before a view: a body that is not JSON is a 400. */",
    'function answerErrors(err: Untyped, req: Request, res: Response, _next: NextFunction): void {',
    "  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;",
    '  if (status === 500) logger.error(`${req.method} ${req.path} failed:`, err);',
    '  if (res.headersSent) return;',
    "  if (status === 500) res.status(500).json({ error: { code: 'internal_error', message: 'Internal server error.' } });",
    "  else res.status(status).type('text').send(err.message ?? `HTTP ${status}`);",
    '}',
  ]);
  imports.socketeer.add('Tuple');
  if (used.has('notMigrated')) {
    imports.socketeer.add('SocketeerError');
    section([
      '/** A Flask view the migration could not translate: it answers 500 (not_migrated in the log) until someone ports it. */',
      'function notMigrated(where: string): (req: Request, res: Response) => Promise<void> {',
      '  return route(() => {',
      "    throw new SocketeerError('not_migrated', where);",
      '  });',
      '}',
    ]);
    used.add('route');
  }
  if (used.has('jsonify'))
    section([
      "/** Flask's jsonify(): always JSON, also for a string. */",
      'function jsonify(value: Untyped): Reply {',
      '  return new Reply((res) => void res.json(value));',
      '}',
    ]);
  if (used.has('redirect'))
    section([
      "/** Flask's redirect(): 302 unless told otherwise. */",
      'function redirect(url: string, status = 302): Reply {',
      '  return new Reply((res) => res.redirect(status, url));',
      '}',
    ]);
  if (used.has('renderTemplate')) {
    imports.fs = true;
    imports.socketeer.add('SocketeerError');
    section([
      '/**',
      " * Flask's render_template() for a page without values: the file from templates/ (where the server",
      ' * starts; TEMPLATES_DIR overrides). A page that needs Jinja ({{ }} or {% %}) fails with not_migrated',
      ' * rather than reach the browser half rendered.',
      ' */',
      'function renderTemplate(name: string): Reply {',
      '  return new Reply(async (res) => {',
      "    const file = path.resolve(process.env.TEMPLATES_DIR ?? 'templates', name);",
      "    const html = await readFile(file, 'utf8');",
      '    if (/\\{\\{|\\{%/.test(html))',
      "      throw new SocketeerError('not_migrated', `${file} uses Jinja; render it with a template engine`);",
      "    // Jinja drops the template's last newline; so does this, and the page is byte for byte Flask's.",
      "    res.type('html').send(html.replace(/\\n$/, ''));",
      '  });',
      '}',
    ]);
  }
  if (used.has('abort'))
    section([
      "/** Flask's abort(status). */",
      'function abort(status: number, message?: string): never {',
      '  throw new HttpError(status, message);',
      '}',
    ]);
  if (used.has('intParam') || used.has('floatParam')) {
    section([
      "/** Flask's <int:x> converter: a URL whose value is not a whole number is a 404. */",
      'function intParam(value: string): number {',
      '  if (!/^\\d+$/.test(value)) throw new HttpError(404);',
      '  return Number(value);',
      '}',
    ]);
    section([
      "/** Flask's <float:x> converter. */",
      'function floatParam(value: string): number {',
      '  if (!/^\\d+\\.\\d+$/.test(value)) throw new HttpError(404);',
      '  return Number(value);',
      '}',
    ]);
  }
  if (used.has('intValue') || used.has('floatValue')) {
    section([
      '/** request.args.get(key, default, type=int): the default when the value is missing or not a number. */',
      'function intValue(value: Untyped, fallback: Untyped): Untyped {',
      "  return typeof value === 'string' && /^\\s*[-+]?\\d+\\s*$/.test(value) ? Number(value) : fallback;",
      '}',
    ]);
    section([
      '/** request.args.get(key, default, type=float). */',
      'function floatValue(value: Untyped, fallback: Untyped): Untyped {',
      "  return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : fallback;",
      '}',
    ]);
  }
  if (used.has('requiredKey'))
    section([
      "/** request.form['key'] / request.args['key']: a missing key is Flask's 400 Bad Request. */",
      'function requiredKey(values: Record<string, Untyped>, key: string): Untyped {',
      '  if (values[key] === undefined) throw new HttpError(400, `missing ${key}`);',
      '  return values[key];',
      '}',
    ]);
  if (used.has('formBody'))
    section([
      '/** request.form: the fields of a form post (urlencoded), else none. */',
      'function formBody(req: ViewRequest): Record<string, Untyped> {',
      "  return req.is('application/x-www-form-urlencoded') ? (req.body ?? {}) : {};",
      '}',
    ]);
  if (used.has('jsonBody'))
    section([
      '/** request.json / request.get_json(): a request that is not JSON is a 415, as in Flask 2.3 and later (silent: null). */',
      'function jsonBody(req: ViewRequest, silent = false): Untyped {',
      "  if (req.is('application/json')) return req.body ?? null;",
      '  if (silent) return null;',
      "  throw new HttpError(415, 'Unsupported Media Type: expected application/json');",
      '}',
    ]);
  const session = ['sessionOf', 'isLoggedIn', 'httpUser', 'requireHttpLogin', 'loginUser', 'logoutUser', 'flash'];
  if (session.some((n) => used.has(n))) {
    section([
      "/** Flask's session in a view: the express session server.ts installs (the socket.io handshake shares it). */",
      'function sessionOf(req: ViewRequest): Record<string, Untyped> {',
      '  const { session } = req as ViewRequest & { session?: Record<string, Untyped> };',
      "  if (!session) throw new Error('no express session: server.ts installs express-session before addRoutes()');",
      '  return session;',
      '}',
    ]);
    section([
      '/** current_user.is_authenticated in a view. */',
      'function isLoggedIn(req: ViewRequest): boolean {',
      '  return sessionOf(req).user != null;',
      '}',
    ]);
    section([
      '/** current_user in a view; nobody logged in is a 401. */',
      'function httpUser(req: ViewRequest): Untyped {',
      "  if (!isLoggedIn(req)) throw new HttpError(401, 'Log in first.');",
      '  return sessionOf(req).user;',
      '}',
    ]);
    section([
      "/** Flask-Login's @login_required on a view: nobody logged in is a 401, and the view does not run. */",
      'function requireHttpLogin(req: ViewRequest): void {',
      '  httpUser(req);',
      '}',
    ]);
    section([
      "/** login_user(user): the sockets' currentUser() reads it from the same session. */",
      'function loginUser(req: ViewRequest, user: Untyped): boolean {',
      '  sessionOf(req).user = user;',
      '  return true;',
      '}',
    ]);
    section([
      "/** Flask's flash(): the message waits in the session (as Flask's _flashes) for the page that shows it. */",
      "function flash(req: ViewRequest, message: Untyped, category = 'message'): void {",
      '  const session = sessionOf(req);',
      '  session._flashes = [...(session._flashes ?? []), [category, message]];',
      '}',
    ]);
    section([
      '/** logout_user() */',
      'function logoutUser(req: ViewRequest): boolean {',
      '  delete sessionOf(req).user;',
      '  return true;',
      '}',
    ]);
  }
  return out;
}
