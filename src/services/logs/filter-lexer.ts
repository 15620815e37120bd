// Tokens and boolean conditions shared by the JSON (`{ $.a = 1 }`) and space-delimited (`[a, b > 1]`)
// forms of CloudWatch Logs filter patterns ("Filter pattern syntax for metric filters, subscription
// filters, filter log events, and Live Tail" in the CloudWatch Logs user guide). Pure: no I/O.

/** Thrown for a pattern AWS would refuse; the service answers InvalidParameterException. */
export class FilterPatternError extends Error {}

export type Token =
  | { kind: 'punct'; text: '(' | ')' | '&&' | '||' }
  | { kind: 'op'; text: Operator }
  | { kind: 'string'; text: string }
  | { kind: 'word'; text: string };

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';

const TOKEN = /\s*(?:(&&|\|\|)|(!=|<=|>=|=|<|>)|([()])|"((?:[^"\\]|\\.)*)"|([^\s()&|=!<>"]+))/y;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match || TOKEN.lastIndex === start) throw new FilterPatternError('Invalid filter pattern');
    if (match[1]) tokens.push({ kind: 'punct', text: match[1] as '&&' | '||' });
    else if (match[2]) tokens.push({ kind: 'op', text: match[2] as Operator });
    else if (match[3]) tokens.push({ kind: 'punct', text: match[3] as '(' | ')' });
    else if (match[4] !== undefined) tokens.push({ kind: 'string', text: match[4].replace(/\\(.)/g, '$1') });
    else tokens.push({ kind: 'word', text: match[5]! });
  }
  return tokens;
}

/** A literal on the right of a comparison: unquoted numbers compare numerically. */
export interface Literal {
  text: string;
  number: number | undefined;
}

export type Check = 'NULL' | 'NOT EXISTS' | 'TRUE' | 'FALSE';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; field: string; op: Operator; value: Literal }
  | { kind: 'check'; field: string; check: Check };

/** Resolves a field reference (a JSON selector or a space-delimited field name) to its value. */
export type Lookup = (field: string) => unknown;

/** Recursive descent over `a && b || (c)`; `parseField` reads the left side of a comparison. */
export class ConditionParser {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parseField: (text: string) => string,
  ) {}

  parseAll(): Condition {
    const condition = this.parseOr();
    if (this.at < this.tokens.length) throw new FilterPatternError('Invalid filter pattern');
    return condition;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new FilterPatternError('Invalid filter pattern');
    return token;
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.peek()?.text === '||') {
      this.at++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseUnary();
    while (this.peek()?.text === '&&') {
      this.at++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Condition {
    const token = this.next();
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.parseOr();
      const close = this.next();
      if (close.text !== ')') throw new FilterPatternError('Invalid filter pattern');
      return inner;
    }
    if (token.kind !== 'word') throw new FilterPatternError('Invalid filter pattern');
    const field = this.parseField(token.text);
    const op = this.next();
    if (op.kind === 'op') return { kind: 'compare', field, op: op.text, value: this.parseLiteral(op.text) };
    if (op.kind === 'word') return { kind: 'check', field, check: this.parseCheck(op.text) };
    throw new FilterPatternError('Invalid filter pattern');
  }

  /** `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS` (keywords in upper case, as AWS documents them). */
  private parseCheck(first: string): Check {
    const second = this.next();
    if (second.kind !== 'word') throw new FilterPatternError('Invalid filter pattern');
    const phrase = `${first} ${second.text}`;
    if (phrase === 'IS NULL') return 'NULL';
    if (phrase === 'IS TRUE') return 'TRUE';
    if (phrase === 'IS FALSE') return 'FALSE';
    if (phrase === 'NOT EXISTS') return 'NOT EXISTS';
    throw new FilterPatternError('Invalid filter pattern');
  }

  private parseLiteral(op: Operator): Literal {
    const token = this.next();
    if (token.kind === 'string') {
      if (op !== '=' && op !== '!=') throw new FilterPatternError('Invalid filter pattern');
      return { text: token.text, number: undefined };
    }
    if (token.kind !== 'word') throw new FilterPatternError('Invalid filter pattern');
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token.text) ? Number(token.text) : undefined;
    // Numeric comparisons need a number on the right (AWS refuses `{ $.a > abc }`).
    if (number === undefined && op !== '=' && op !== '!=')
      throw new FilterPatternError('Invalid filter pattern');
    return { text: token.text, number };
  }
}

/** `*` in a value matches any run of characters (AWS: wildcards in string values). */
function wildcardMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${source.join('.*')}$`, 's').test(text);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function equals(value: unknown, literal: Literal): boolean {
  const number = asNumber(value);
  if (literal.number !== undefined && number !== undefined) return number === literal.number;
  if (typeof value === 'object' || value === undefined) return false;
  return wildcardMatches(literal.text, String(value));
}

function compare(value: unknown, op: Operator, literal: Literal): boolean {
  // A comparison on a field the event lacks never matches, `!=` included.
  if (value === undefined) return false;
  if (op === '=') return equals(value, literal);
  if (op === '!=') return !equals(value, literal);
  const number = asNumber(value);
  const target = literal.number;
  if (number === undefined || target === undefined) return false;
  if (op === '<') return number < target;
  if (op === '>') return number > target;
  if (op === '<=') return number <= target;
  return number >= target;
}

function check(value: unknown, kind: Check): boolean {
  if (kind === 'NOT EXISTS') return value === undefined;
  if (kind === 'NULL') return value === null;
  if (kind === 'TRUE') return value === true;
  return value === false;
}

export function evaluate(condition: Condition, lookup: Lookup): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, lookup) && evaluate(condition.right, lookup);
    case 'or':
      return evaluate(condition.left, lookup) || evaluate(condition.right, lookup);
    case 'compare':
      return compare(lookup(condition.field), condition.op, condition.value);
    case 'check':
      return check(lookup(condition.field), condition.check);
  }
}
