/**
 * A small arithmetic evaluator (no eval): numbers, + - * / % ^, parentheses, unary minus, the
 * constants pi and e, and a few functions. Precedence: ^ (right-assoc) > unary - > * / % > + -.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

const FUNCTIONS: Record<string, (value: number) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
  ln: Math.log,
  log: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const MAX_LENGTH = 200;

type Token = { kind: 'number'; value: number } | { kind: 'name'; value: string } | { kind: 'op'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // Spoken-style symbols the model may pass through.
  const text = source
    .replace(/×/g, '*')
    .replace(/÷/g, '/')
    .replace(/−/g, '-')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1') // thousands separators
    .toLowerCase();
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index += 1;
    } else if (/[0-9.]/.test(char)) {
      const match = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/.exec(text.slice(index));
      if (!match) throw new ExpressionError(`bad number at position ${index + 1}`);
      tokens.push({ kind: 'number', value: Number(match[0]) });
      index += match[0].length;
    } else if (/[a-z]/.test(char)) {
      const match = /^[a-z]+/.exec(text.slice(index))!;
      tokens.push({ kind: 'name', value: match[0] });
      index += match[0].length;
    } else if ('+-*/%^()'.includes(char)) {
      tokens.push({ kind: 'op', value: char });
      index += 1;
    } else {
      throw new ExpressionError(`unexpected "${char}" at position ${index + 1}`);
    }
  }
  return tokens;
}

export function evaluateExpression(source: string): number {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isOp = (value: string): boolean => {
    const token = peek();
    return token?.kind === 'op' && token.value === value;
  };
  const expectOp = (value: string): void => {
    if (!isOp(value)) throw new ExpressionError(`expected "${value}"`);
    position += 1;
  };

  const parseSum = (): number => {
    let value = parseProduct();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[position++] as { value: string }).value;
      const right = parseProduct();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };
  const parseProduct = (): number => {
    let value = parseUnary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (tokens[position++] as { value: string }).value;
      const right = parseUnary();
      if ((op === '/' || op === '%') && right === 0) throw new ExpressionError('division by zero');
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  };
  const parseUnary = (): number => {
    if (isOp('-')) {
      position += 1;
      return -parseUnary();
    }
    if (isOp('+')) {
      position += 1;
      return parseUnary();
    }
    return parsePower();
  };
  const parsePower = (): number => {
    const base = parseAtom();
    if (isOp('^')) {
      position += 1;
      return base ** parseUnary();
    }
    return base;
  };
  const parseAtom = (): number => {
    const token = peek();
    if (token === undefined) throw new ExpressionError('unexpected end of expression');
    position += 1;
    if (token.kind === 'number') return token.value;
    if (token.kind === 'op' && token.value === '(') {
      const value = parseSum();
      expectOp(')');
      return value;
    }
    if (token.kind === 'name') {
      const constant = CONSTANTS[token.value];
      if (constant !== undefined) return constant;
      const fn = FUNCTIONS[token.value];
      if (fn === undefined) throw new ExpressionError(`unknown name "${token.value}"`);
      expectOp('(');
      const argument = parseSum();
      expectOp(')');
      return fn(argument);
    }
    throw new ExpressionError(`unexpected "${token.value}"`);
  };

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const result = parseSum();
  if (position < tokens.length) throw new ExpressionError(`unexpected "${String(tokens[position]!.value)}"`);
  if (!Number.isFinite(result)) throw new ExpressionError('the result is not a finite number');
  return result;
}
