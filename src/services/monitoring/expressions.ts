// A small part of CloudWatch metric math: + - * / between time series and numbers, parentheses,
// unary minus, and SUM/AVG/MIN/MAX over a list of series (`SUM([m1, m2])`, per timestamp) or over
// one series (a scalar over its values). Anything else is rejected.
export type Series = Map<number, number>;
type Value = number | Series | Series[];

export class ExpressionError extends Error {}

const TOKEN = /\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/()[\],])/y;
const FUNCTIONS: Record<string, (values: number[]) => number> = {
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
};

export function evaluate(expression: string, lookup: (id: string) => Series): Series | number {
  const parser = new Parser(tokenize(expression), lookup);
  const value = parser.expression();
  if (!parser.done()) throw new ExpressionError(`Unexpected token '${parser.peek() ?? ''}'`);
  if (Array.isArray(value)) throw new ExpressionError('A list of time series is not a valid result');
  return value;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new ExpressionError(`Unexpected character at position ${at + 1}`);
    tokens.push(match[1]);
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: string[],
    private readonly lookup: (id: string) => Series,
  ) {}

  done = (): boolean => this.index >= this.tokens.length;
  peek = (): string | undefined => this.tokens[this.index];

  expression(): Value {
    let value = this.term();
    while (this.peek() === '+' || this.peek() === '-')
      value = binary(this.tokens[this.index++]!, value, this.term());
    return value;
  }

  private term(): Value {
    let value = this.factor();
    while (this.peek() === '*' || this.peek() === '/')
      value = binary(this.tokens[this.index++]!, value, this.factor());
    return value;
  }

  private factor(): Value {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new ExpressionError('Unexpected end of expression');
    if (token === '-') return binary('*', -1, this.factor());
    if (token === '(') return this.closed(this.expression(), ')');
    if (token === '[') return this.list();
    if (/^[\d]/.test(token)) return Number(token);
    if (this.peek() === '(') return this.call(token);
    if (/^[a-z]/.test(token)) return this.lookup(token);
    throw new ExpressionError(`Unexpected token '${token}'`);
  }

  private list(): Series[] {
    const items: Series[] = [];
    do {
      const item = this.expression();
      if (!(item instanceof Map)) throw new ExpressionError('A list may only hold time series');
      items.push(item);
    } while (this.peek() === ',' && ++this.index);
    return this.closed(items, ']');
  }

  private call(name: string): Value {
    const fn = FUNCTIONS[name];
    if (!fn) throw new ExpressionError(`Unsupported function '${name}'`);
    this.index++;
    const argument = this.closed(this.expression(), ')');
    if (typeof argument === 'number') throw new ExpressionError(`${name} needs a time series or a list`);
    if (argument instanceof Map) return argument.size > 0 ? fn([...argument.values()]) : 0;
    return acrossSeries(argument, fn);
  }

  private closed<T>(value: T, close: string): T {
    if (this.tokens[this.index++] !== close) throw new ExpressionError(`Expected '${close}'`);
    return value;
  }
}

/** Applies a function at each timestamp present in any of the series. */
function acrossSeries(list: Series[], fn: (values: number[]) => number): Series {
  const stamps = new Set(list.flatMap((s) => [...s.keys()]));
  const out: Series = new Map();
  for (const ts of [...stamps].sort((a, b) => a - b)) {
    const values = list.map((s) => s.get(ts)).filter((v): v is number => v !== undefined);
    out.set(ts, fn(values));
  }
  return out;
}

/** Between two series, only timestamps present in both; with a number, every point. */
function binary(op: string, left: Value, right: Value): Value {
  if (Array.isArray(left) || Array.isArray(right))
    throw new ExpressionError('Arithmetic on a list is not supported');
  const apply = (a: number, b: number) =>
    op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  if (typeof left === 'number' && typeof right === 'number') return apply(left, right);
  const out: Series = new Map();
  if (typeof left === 'number') for (const [ts, v] of right as Series) out.set(ts, apply(left, v));
  else if (typeof right === 'number') for (const [ts, v] of left) out.set(ts, apply(v, right));
  else for (const [ts, v] of left) if (right.has(ts)) out.set(ts, apply(v, right.get(ts)!));
  return out;
}
