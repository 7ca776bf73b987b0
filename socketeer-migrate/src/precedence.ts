import { children, type PyNode } from './python-parser.js';

/**
 * Python and JavaScript rank operators differently (`a & 1 == 0` is `(a & 1) == 0` in Python,
 * `a & (1 === 0)` in JavaScript). The translators keep Python's tree and add parentheses
 * wherever JavaScript would otherwise group the operands another way.
 */

/** JavaScript precedence of binary operators, as MDN numbers them. */
const BINARY: Record<string, number> = {
  '||': 3,
  '&&': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '===': 8,
  '!==': 8,
  '==': 8,
  '!=': 8,
  '<': 9,
  '>': 9,
  '<=': 9,
  '>=': 9,
  in: 9,
  '<<': 10,
  '>>': 10,
  '+': 11,
  '-': 11,
  '*': 12,
  '/': 12,
  '%': 12,
  '**': 13,
};

const ATOMIC = 20;
const UNARY = 14;

function pythonOperator(node: PyNode): string {
  return node.childForFieldName('operator')?.text ?? children(node).find((c) => !c.isNamed)?.text ?? '';
}

/** The precedence of the JavaScript a Python expression node translates to. */
export function precedenceOf(node: PyNode): number {
  switch (node.type) {
    case 'binary_operator': {
      const op = pythonOperator(node);
      return op === '//' ? ATOMIC : (BINARY[op] ?? ATOMIC);
    }
    case 'boolean_operator':
      return pythonOperator(node) === 'and' ? (BINARY['&&'] as number) : (BINARY['||'] as number);
    case 'comparison_operator': {
      const operators = children(node)
        .filter((c) => !c.isNamed)
        .map((c) => c.type);
      if (operators.length > 1) return BINARY['&&'] as number; // a chain is joined with &&
      const [op] = operators;
      if (op === 'not in') return UNARY;
      if (op === '<' || op === '>' || op === '<=' || op === '>=' || op === 'in') return 9;
      return 8;
    }
    case 'not_operator':
    case 'unary_operator':
      return UNARY;
    default:
      return ATOMIC;
  }
}

/** Wraps an operand in parentheses when JavaScript would bind it differently inside `parent`. */
export function operand(node: PyNode, text: string, parentPrecedence: number, side: 'left' | 'right'): string {
  const own = precedenceOf(node);
  const needs =
    own < parentPrecedence ||
    (own === parentPrecedence && side === 'right') ||
    (parentPrecedence === BINARY['**'] && own === UNARY && side === 'left');
  return needs && !(text.startsWith('(') && text.endsWith(')') && own === ATOMIC) ? `(${text})` : text;
}

export function binaryPrecedence(jsOperator: string): number {
  return BINARY[jsOperator] ?? ATOMIC;
}
