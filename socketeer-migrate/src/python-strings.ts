import { children, type PyNode } from './python-parser.js';
import { Untranslatable } from './untranslatable.js';

/** Turns one piece of Python string source into the body of a JS string or template literal. */
function escapeChunk(raw: string, opts: { isRaw: boolean; isTemplate: boolean; isFString: boolean }): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\' && !opts.isRaw) {
      const next = raw.charAt(i + 1);
      i++;
      if (next === '\n') continue; // a backslash-newline continues the line in Python
      if (next === 'N') throw new Error('\\N{...} escapes are not supported');
      if (/[0-7]/.test(next)) {
        // Python's octal escapes (\\0, \\033) are a syntax error in TypeScript; \\xNN means the same.
        const digits = /^[0-7]{1,3}/.exec(raw.slice(i))?.[0] ?? next;
        i += digits.length - 1;
        const code = Number.parseInt(digits, 8);
        out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
        continue;
      }
      // \' and \" need no escape in a template, and \" none in a '...' string either.
      out += (opts.isTemplate && next === "'") || next === '"' ? next : `\\${next}`;
    } else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (opts.isFString && (ch === '{' || ch === '}') && raw.charAt(i + 1) === ch) {
      out += ch; // {{ and }} are literal braces in an f-string
      i++;
    } else if (!opts.isTemplate && ch === "'") out += "\\'";
    else if (opts.isTemplate && (ch === '`' || (ch === '$' && raw.charAt(i + 1) === '{'))) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/**
 * Translates a Python `string` node. Plain strings become '...' literals; f-strings with
 * placeholders become template literals, each `{expr}` translated by `expr`.
 */
export function translateString(node: PyNode, expr: (n: PyNode) => string): string {
  const parts = children(node);
  const prefix = (parts[0]?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) throw new Untranslatable(node, 'bytes literals have no direct TypeScript equivalent');
  const isFString = prefix.includes('f');
  const isRaw = prefix.includes('r');
  const isTemplate = isFString && parts.some((p) => p.type === 'interpolation');
  let body = '';
  for (const part of parts) {
    if (part.type === 'string_content') {
      try {
        body += escapeChunk(part.text, { isRaw, isTemplate, isFString });
      } catch (err) {
        throw new Untranslatable(node, (err as Error).message);
      }
    } else if (part.type === 'interpolation') {
      if (part.childForFieldName('type_conversion') || part.childForFieldName('format_specifier')) {
        throw new Untranslatable(node, 'f-string conversions and format specs (!r, :.2f) need a hand translation');
      }
      const inner = part.childForFieldName('expression');
      if (!inner) throw new Untranslatable(node, 'empty f-string placeholder');
      body += `\${${expr(inner)}}`;
    }
  }
  return isTemplate ? `\`${body}\`` : `'${body}'`;
}

/** The value of a plain Python string literal, or undefined if the node is not one. */
export function literalString(node: PyNode | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  const parts = children(node);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  const raw = parts
    .filter((p) => p.type === 'string_content')
    .map((p) => p.text)
    .join('');
  try {
    return JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
  } catch {
    return raw;
  }
}
