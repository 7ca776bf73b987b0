import type { StateKind } from './model.js';
import { tsIdentifier } from './names.js';
import type { PyNode } from './python-parser.js';
import { Untranslatable } from './untranslatable.js';

/** Module-wide facts every translator needs: which names are shared state or helper functions. */
export interface ModuleInfo {
  state: Map<string, StateKind>;
  helpers: Set<string>;
  socketioNames: Set<string>;
}

/** The imports one generated file needs, collected while its code is translated. */
export class FileImports {
  readonly socketeer = new Set<string>();
  readonly shared = new Set<string>();
  sleep = false;
}

/** What the translator knows inside one Python function. */
export class FunctionScope {
  /** Set when the translation awaits (call(), sleep()); the function becomes async. */
  usesAwait = false;
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
      /** Parameters and assigned names (Python names). */
      locals: Set<string>;
      /** Names declared `global` in the function: they refer to module state. */
      globals: Set<string>;
      /** The connect handler's auth parameter: None in Flask-SocketIO when the client sent none, {} in socket.io. */
      authParam?: string | undefined;
    },
  ) {}

  useSocketeer(name: string): string {
    this.imports.socketeer.add(name);
    return name;
  }

  useShared(name: string): string {
    this.imports.shared.add(name);
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
    if (name === 'session') return `${this.useSocketeer('request')}.session`;
    throw new Untranslatable(node, `'${name}' is not defined in the migrated code`);
  }

  /** Whether `node` is the connect handler's auth parameter. */
  isAuthParam(node: PyNode): boolean {
    return node.type === 'identifier' && node.text === this.options.authParam;
  }

  stateKind(name: string): StateKind | undefined {
    const { locals, globals } = this.options;
    return locals.has(name) && !globals.has(name) ? undefined : this.module.state.get(name);
  }
}
