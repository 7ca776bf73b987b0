import { isIdentifier } from './names.js';
import { namedChildren, type PyNode } from './python-parser.js';
import { Untranslatable } from './untranslatable.js';

/** A Python call's arguments, split into positional and keyword ones. */
export interface CallArguments {
  node: PyNode;
  positional: PyNode[];
  keywords: Map<string, PyNode>;
}

export function splitArguments(argumentList: PyNode): CallArguments {
  if (argumentList.type !== 'argument_list') {
    throw new Untranslatable(argumentList, 'generator arguments are not translated');
  }
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  for (const arg of namedChildren(argumentList)) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (!name || !value) throw new Untranslatable(arg, 'incomplete keyword argument');
      keywords.set(name, value);
    } else if (arg.type === 'dictionary_splat') {
      throw new Untranslatable(arg, '**kwargs in a call are not translated');
    } else {
      positional.push(arg);
    }
  }
  return { node: argumentList, positional, keywords };
}

/**
 * Binds arguments to a Python signature (positional-or-keyword parameters, in order).
 * Unknown keywords and surplus positionals are Untranslatable: guessing would change behaviour.
 */
export function bindArguments(args: CallArguments, params: readonly string[], what: string): Map<string, PyNode> {
  if (args.positional.length > params.length) throw new Untranslatable(args.node, `too many arguments to ${what}`);
  const bound = new Map<string, PyNode>();
  args.positional.forEach((node, i) => {
    bound.set(params[i] as string, node);
  });
  for (const [name, node] of args.keywords) {
    if (!params.includes(name)) throw new Untranslatable(node, `${what}() option ${name}= has no Socketeer equivalent`);
    if (bound.has(name)) throw new Untranslatable(node, `${what}() got ${name} twice`);
    bound.set(name, node);
  }
  return bound;
}

/** Renders `{ key: value, ... }` for an options argument; an empty list gives ''. */
export function objectLiteral(entries: ReadonlyArray<readonly [string, string]>): string {
  if (entries.length === 0) return '';
  const body = entries.map(([k, v]) => (isIdentifier(k) && v === k ? k : `${k}: ${v}`)).join(', ');
  return `{ ${body} }`;
}
