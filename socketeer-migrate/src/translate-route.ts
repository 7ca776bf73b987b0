import type { CallArguments } from './arguments.js';
import { isIdentifier, quote } from './names.js';
import type { PyNode } from './python-parser.js';
import { literalString } from './python-strings.js';
import type { FunctionScope } from './scope.js';
import { Untranslatable } from './untranslatable.js';

/**
 * Flask's view-side API inside a route (a Flask view function): `request` is the HTTP request
 * (express's `req`), and jsonify/render_template/redirect/abort/login_user build the response.
 * Each function returns undefined when the node is not one of these, so the caller goes on.
 */

type Expr = (node: PyNode) => string;

/** request.<name> in a view. */
export function routeRequestAttribute(name: string, node: PyNode, scope: FunctionScope): string {
  switch (name) {
    case 'method':
      return 'req.method';
    case 'path':
      return 'req.path';
    case 'args':
      return 'req.query';
    case 'view_args':
      return 'req.params';
    case 'headers':
      return 'req.headers';
    case 'remote_addr':
      return 'req.ip';
    case 'host':
      return "req.get('host')";
    case 'form':
      return `${scope.useRoute('formBody')}(req)`;
    case 'json':
      return `${scope.useRoute('jsonBody')}(req)`;
    default:
      throw new Untranslatable(node, `request.${name} in a Flask view is not translated`);
  }
}

/** request.form['key'] / request.args['key']: Flask answers 400 when the key is missing. */
export function routeRequestSubscript(
  value: PyNode,
  key: string | undefined,
  scope: FunctionScope,
): string | undefined {
  if (value.text !== 'request.form' && value.text !== 'request.args') return undefined;
  if (key === undefined) throw new Untranslatable(value, `${value.text}[...] needs a literal key`);
  const source = value.text === 'request.form' ? `${scope.useRoute('formBody')}(req)` : 'req.query';
  return `${scope.useRoute('requiredKey')}(${source}, ${quote(key)})`;
}

/** request.args.get(...), request.form.get(...), request.get_json(...), request.headers.get(...) in a view. */
export function routeRequestMethod(
  object: PyNode,
  method: string,
  args: CallArguments,
  node: PyNode,
  scope: FunctionScope,
  expr: Expr,
): string | undefined {
  if (object.type === 'identifier' && object.text === 'request' && method === 'get_json') {
    const keys = [...args.keywords.keys()];
    if (args.positional.length > 0 || keys.some((k) => k !== 'silent'))
      throw new Untranslatable(node, 'request.get_json() with force= or positional arguments is not translated');
    const silent = args.keywords.get('silent');
    return `${scope.useRoute('jsonBody')}(req${silent ? `, ${expr(silent)}` : ''})`;
  }
  if (method !== 'get') return undefined;
  if (object.text === 'request.headers') {
    const name = literalString(args.positional[0]);
    if (name === undefined || args.positional.length > 2 || args.keywords.size > 0)
      throw new Untranslatable(node, 'request.headers.get() needs a literal header name');
    const fallback = args.positional[1];
    return fallback ? `(req.get(${quote(name)}) ?? ${expr(fallback)})` : `req.get(${quote(name)})`;
  }
  if (object.text !== 'request.args' && object.text !== 'request.form') return undefined;
  const [key, fallbackNode] = args.positional;
  if (!key || args.positional.length > 2) throw new Untranslatable(node, `${object.text}.get() needs a key`);
  const fallback = args.keywords.get('default') ?? fallbackNode;
  const type = args.keywords.get('type');
  if ([...args.keywords.keys()].some((k) => k !== 'default' && k !== 'type'))
    throw new Untranslatable(node, `${object.text}.get() with these keywords is not translated`);
  const source = object.text === 'request.args' ? 'req.query' : `${scope.useRoute('formBody')}(req)`;
  const literal = literalString(key);
  const value = literal !== undefined && isIdentifier(literal) ? `${source}.${literal}` : `${source}[${expr(key)}]`;
  if (!type) return fallback ? `(${value} ?? ${expr(fallback)})` : value;
  // type=int / float: Flask gives the default when the value is missing or does not convert.
  const convert = { int: 'intValue', float: 'floatValue' }[type.text];
  if (type.text === 'str') return `(${value} == null ? ${fallback ? expr(fallback) : 'null'} : String(${value}))`;
  if (!convert) throw new Untranslatable(type, `${object.text}.get(type=${type.text}) is not translated`);
  return `${scope.useRoute(convert)}(${value}, ${fallback ? expr(fallback) : 'null'})`;
}

/** jsonify, render_template, redirect, abort, login_user, logout_user called in a view. */
export function routeFunction(
  name: string,
  args: CallArguments,
  node: PyNode,
  scope: FunctionScope,
  expr: Expr,
): string | undefined {
  switch (name) {
    case 'jsonify': {
      if (args.keywords.size > 0 && args.positional.length > 0)
        throw new Untranslatable(node, 'jsonify() with both positional and keyword arguments is not translated');
      const value =
        args.keywords.size > 0
          ? `{ ${[...args.keywords].map(([k, v]) => `${k}: ${expr(v)}`).join(', ')} }`
          : args.positional.length === 1
            ? expr(args.positional[0] as PyNode)
            : `[${args.positional.map(expr).join(', ')}]`;
      return `${scope.useRoute('jsonify')}(${value})`;
    }
    case 'render_template': {
      const file = literalString(args.positional[0]);
      if (file === undefined || args.positional.length > 1)
        throw new Untranslatable(node, 'render_template() needs a literal template name');
      if (args.keywords.size > 0)
        throw new Untranslatable(
          node,
          'render_template() with values needs a template engine (Jinja has no Node twin); render it by hand',
        );
      return `${scope.useRoute('renderTemplate')}(${quote(file)})`;
    }
    case 'redirect': {
      const [url] = args.positional;
      const code = args.keywords.get('code') ?? args.positional[1];
      if (!url || args.positional.length > 2) throw new Untranslatable(node, 'redirect() needs a URL');
      return `${scope.useRoute('redirect')}(${expr(url)}${code ? `, ${expr(code)}` : ''})`;
    }
    case 'abort': {
      const [status, description] = args.positional;
      if (!status || args.keywords.size > 0) throw new Untranslatable(node, 'abort() needs a status code');
      return `${scope.useRoute('abort')}(${expr(status)}${description ? `, ${expr(description)}` : ''})`;
    }
    case 'login_user': {
      const [user] = args.positional;
      if (!user) throw new Untranslatable(node, 'login_user() needs a user');
      return `${scope.useRoute('loginUser')}(req, ${expr(user)})`;
    }
    case 'logout_user':
      return `${scope.useRoute('logoutUser')}(req)`;
    case 'flash': {
      const [message, category] = args.positional;
      const keyword = args.keywords.get('category');
      if (!message || args.positional.length > 2 || [...args.keywords.keys()].some((k) => k !== 'category'))
        throw new Untranslatable(node, 'flash() needs a message');
      const kind = category ?? keyword;
      return `${scope.useRoute('flash')}(req, ${expr(message)}${kind ? `, ${expr(kind)}` : ''})`;
    }
    case 'url_for':
      return urlFor(args, node, scope, expr);
    default:
      return undefined;
  }
}

/** url_for('view', param=value): the view's path, its parameters filled in; url_for('static', filename=f). */
function urlFor(args: CallArguments, node: PyNode, scope: FunctionScope, expr: Expr): string {
  const view = literalString(args.positional[0]);
  if (view === undefined || args.positional.length > 1)
    throw new Untranslatable(node, 'url_for() needs a literal view name');
  const path =
    view === 'static' ? '/static/<path:filename>' : scope.module.viewPaths.get(view.split('.').at(-1) ?? view);
  if (path === undefined) throw new Untranslatable(node, `url_for('${view}'): no migrated view has that name`);
  const used = new Set<string>();
  const text = path.replace(/<(?:[a-z]+(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g, (_m, name: string) => {
    const value = args.keywords.get(name);
    if (!value) throw new Untranslatable(node, `url_for('${view}') needs ${name}=`);
    used.add(name);
    return `\${${expr(value)}}`;
  });
  if ([...args.keywords.keys()].some((k) => !used.has(k)))
    throw new Untranslatable(node, `url_for('${view}') with query arguments or _external is not translated`);
  return used.size === 0 ? quote(text) : `\`${text.replace(/`/g, '\\`')}\``;
}

/** current_user in a view: the user of the HTTP session. */
export function routeCurrentUser(attribute: string | undefined, scope: FunctionScope): string {
  if (attribute === 'is_authenticated' || attribute === 'is_active') return `${scope.useRoute('isLoggedIn')}(req)`;
  if (attribute === 'is_anonymous') return `!${scope.useRoute('isLoggedIn')}(req)`;
  return `${scope.useRoute('httpUser')}(req)`;
}
