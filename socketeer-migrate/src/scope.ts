import type { StateKind } from './model.js';
import { tsIdentifier } from './names.js';
import type { PyNode } from './python-parser.js';
import { Untranslatable } from './untranslatable.js';

/** Module-wide facts every translator needs: which names are shared state or helper functions. */
export interface ModuleInfo {
  state: Map<string, StateKind>;
  helpers: Set<string>;
  socketioNames: Set<string>;
  /** Module-level string constants (NAMESPACE = '/chat'), for namespaces and event names. */
  constants: Map<string, string>;
  /** Module-level locks (threading.Lock()): one event loop needs none, so `with lock:` runs its body. */
  locks: Set<string>;
  /** Helper functions' parameter names, so keyword arguments can be placed. */
  helperParams: Map<string, string[]>;
  /** Auth decorators the app defines (authenticated_only): name -> what they do when nobody is logged in. */
  authDecorators: Map<string, 'disconnect' | 'refuse'>;
  /** Functions that register handlers or set up the server (def register(sio), create_app()). */
  containers: Set<string>;
  /** Module-level loggers (log = logging.getLogger(__name__)): they become the shared logger. */
  loggers: Set<string>;
  /** Names bound by imports (local name -> where from), for names the migrated code cannot define. */
  imports: Map<string, ImportedName>;
  /** Imported names the translated code uses: shared.ts declares a stand-in that throws not_migrated. */
  stubs: Map<string, ImportedName>;
  /** The app's functions that become async (they sleep or wait for a client): their callers await them. */
  asyncHelpers: Set<string>;
  /** The same for the methods of Namespace classes, by method name. */
  asyncMethods: Set<string>;
  /** Flask view function name -> its (first) URL path, for url_for(). */
  viewPaths: Map<string, string>;
  /** Names bound to Flask(), LoginManager(), CORS() and blueprints: setting their attributes is Flask setup. */
  flaskObjects: Set<string>;
  /** Flask blueprints by name -> their url_prefix ('' for none; undefined when it is not a literal). */
  blueprints: Map<string, string | undefined>;
  /** Set when some file uses Flask-Login; server.ts then shares the express session with the socket handshake. */
  usesLogin: boolean;
}

/** A name a Python import statement binds. */
export interface ImportedName {
  file: string;
  node: PyNode;
  module: string;
  /** A module-level value Python computes at import time (X = load()), not an import. */
  computed?: boolean;
}

/** The imports one generated file needs, collected while its code is translated. */
export class FileImports {
  readonly socketeer = new Set<string>();
  readonly shared = new Set<string>();
  sleep = false;
  /** node:http's IncomingMessage type, for the handshake's express session. */
  httpTypes = false;
  /** express itself and its Request/Response types (routes.ts). */
  express = false;
  /** node:fs/promises readFile and node:path (routes.ts serving templates). */
  fs = false;
  /** Helpers of routes.ts a Flask view's translation uses (route, respond, jsonify...). */
  readonly routes = new Set<string>();
}

/** What the translator knows inside one Python function. */
export class FunctionScope {
  /** Set when the translation awaits (call(), sleep()); the function becomes async. */
  usesAwait = false;
  /** Uses of stand-ins for imported names (each throws not_migrated when used). */
  stubUses = 0;
  /** Statements kept as TODO comments (each throws not_migrated when reached). */
  untranslated = 0;
  /** Locals already declared in the TypeScript output. */
  readonly declared = new Set<string>();

  constructor(
    readonly module: ModuleInfo,
    readonly imports: FileImports,
    readonly options: {
      /** The handler's namespace; undefined for helpers, which may run in any namespace. */
      namespace: string | undefined;
      /** Handlers return acks; there a Python tuple means several ack arguments. */
      isHandler: boolean;
      /** Python names of the other methods, inside a Namespace subclass. */
      selfMethods: Set<string> | undefined;
      /** Attributes a Namespace subclass sets in __init__ (self.users = {}): controller fields, with their kind. */
      selfFields?: Map<string, StateKind | undefined>;
      /** Parameters and assigned names (Python names). */
      locals: Set<string>;
      /** Names declared `global` in the function: they refer to module state. */
      globals: Set<string>;
      /** The connect handler's auth parameter: None in Flask-SocketIO when the client sent none, {} in socket.io. */
      authParam?: string | undefined;
      /** Names that hold a caught error (an error handler's parameter, `except ... as e`): str(e) is its message. */
      errorNames?: Set<string>;
      /** In a connect handler, disconnect() refuses the connection. */
      isConnect?: boolean;
      /** In a Flask view: `request` is the HTTP request (express's req), and the return value is the response. */
      route?: boolean;
    },
  ) {}

  /** Set by the renderer: where emits of reserved event names are reported. */
  onReservedEmit: ((node: PyNode, event: string) => void) | undefined;

  reservedEmit(node: PyNode, event: string): void {
    this.onReservedEmit?.(node, event);
  }

  /** Set by the renderer: where an emit(data=...) that Flask-SocketIO ignores is reported. */
  onDroppedData: ((node: PyNode) => void) | undefined;

  droppedData(node: PyNode): void {
    this.onDroppedData?.(node);
  }

  useSocketeer(name: string): string {
    this.imports.socketeer.add(name);
    return name;
  }

  useShared(name: string): string {
    this.imports.shared.add(name);
    return name;
  }

  /** A helper of routes.ts (only inside a Flask view). */
  useRoute(name: string): string {
    this.imports.routes.add(name);
    return name;
  }

  /** The TypeScript for a bare Python name, or Untranslatable if it refers to nothing we know. */
  resolveName(name: string, node: PyNode): string {
    const { locals, globals } = this.options;
    if (locals.has(name) && !globals.has(name)) return tsIdentifier(name);
    const kind = this.module.state.get(name);
    if (kind === 'scalar') return `${this.useShared('state')}.${tsIdentifier(name)}`;
    if (kind) return this.useShared(tsIdentifier(name));
    if (this.module.helpers.has(name)) return this.useShared(tsIdentifier(name));
    if (this.module.loggers.has(name)) return this.useShared('logger');
    if (name === 'session' && this.options.route) return `${this.useRoute('sessionOf')}(req)`;
    if (name === 'session') return `${this.useSocketeer('request')}.session`;
    const imported = this.module.imports.get(name);
    if (imported) {
      // Something the app imports but the migration cannot bring (a model, a service, a library):
      // shared.ts declares a stand-in that throws not_migrated when used, so the code stays as written.
      this.module.stubs.set(name, imported);
      this.stubUses++;
      return this.useShared(tsIdentifier(name));
    }
    throw new Untranslatable(node, `'${name}' is not defined in the migrated code`);
  }

  /** Whether `node` is the connect handler's auth parameter. */
  isAuthParam(node: PyNode): boolean {
    return node.type === 'identifier' && node.text === this.options.authParam;
  }

  /** The kind of a name or `self.field` that holds module state or a controller field, when known. */
  kindOfNode(node: PyNode): StateKind | undefined {
    if (node.type === 'identifier') return this.stateKind(node.text);
    const object = node.type === 'attribute' ? node.childForFieldName('object') : null;
    const attribute = node.type === 'attribute' ? node.childForFieldName('attribute')?.text : undefined;
    if (object?.type === 'identifier' && object.text === 'self' && attribute !== undefined)
      return this.options.selfFields?.get(attribute);
    return undefined;
  }

  stateKind(name: string): StateKind | undefined {
    const { locals, globals } = this.options;
    return locals.has(name) && !globals.has(name) ? undefined : this.module.state.get(name);
  }
}
