// The syntax of an intrinsic function call (JSONPath query language): `States.Name(arg, …)`, where an
// argument is a string literal in single quotes, a number, true, false, null, a path starting with `$`
// (`$.a`, `$$.Execution.Id`, `$var.x`) or another call. AWS docs, "Intrinsic functions for JSONPath
// states in Step Functions" and its "Reserved characters in intrinsic functions".

export const INTRINSIC_NAMES = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

export type IntrinsicName = (typeof INTRINSIC_NAMES)[number];

export interface IntrinsicCall {
  kind: 'call';
  name: IntrinsicName;
  args: IntrinsicArgument[];
  /** The call as written in the definition: AWS quotes it in the causes of its errors. */
  text: string;
}

export interface StringLiteral {
  kind: 'string';
  value: string;
  /** Offsets in `value` of braces written `\{` or `\}`, which States.Format keeps as text. */
  escapedBraces: ReadonlySet<number>;
}

export type IntrinsicArgument =
  | IntrinsicCall
  | StringLiteral
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; path: string };

export class IntrinsicSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`${detail} at position ${position}`);
  }
}

/** Parses a whole `.$` value; it must be exactly one call, with nothing but blanks around it. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new Parser(text);
  parser.skipBlanks();
  const call = parser.call();
  parser.skipBlanks();
  if (!parser.atEnd()) parser.fail('unexpected text after the call');
  return call;
}

// The escapes AWS allows inside a string literal; any other backslash is an error ("If an open escape
// backslash \ is found in the intrinsic invocation string, the interpreter will throw a runtime error").
const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const FUNCTION_NAME = /[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*/y;
const KEYWORD = /(true|false|null)(?![A-Za-z0-9_])/y;
const BLANKS = /[ \t\r\n]*/y;

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(detail: string): never {
    throw new IntrinsicSyntaxError(detail, this.position);
  }

  skipBlanks(): void {
    BLANKS.lastIndex = this.position;
    BLANKS.exec(this.text);
    this.position = BLANKS.lastIndex;
  }

  call(): IntrinsicCall {
    const start = this.position;
    const name = this.match(FUNCTION_NAME);
    if (name === undefined) this.fail('expected an intrinsic function');
    if (!isIntrinsicName(name)) this.fail(`unknown intrinsic function ${name}`);
    this.skipBlanks();
    this.expect('(');
    const args = this.argumentList();
    return { kind: 'call', name, args, text: this.text.slice(start, this.position) };
  }

  /** The arguments after `(`, up to and including the closing `)`. */
  private argumentList(): IntrinsicArgument[] {
    const args: IntrinsicArgument[] = [];
    this.skipBlanks();
    if (this.take(')')) return args;
    for (;;) {
      args.push(this.argument());
      this.skipBlanks();
      if (this.take(')')) return args;
      this.expect(',');
      this.skipBlanks();
    }
  }

  private argument(): IntrinsicArgument {
    const next = this.text[this.position];
    if (next === "'") return this.string();
    if (next === '$') return { kind: 'path', path: this.path() };
    if (next === '-' || (next !== undefined && next >= '0' && next <= '9')) return this.number();
    const keyword = this.match(KEYWORD);
    if (keyword === 'null') return { kind: 'null' };
    if (keyword !== undefined) return { kind: 'boolean', value: keyword === 'true' };
    if (next !== undefined && /[A-Za-z]/.test(next)) return this.call();
    return this.fail('expected an argument');
  }

  private string(): StringLiteral {
    this.position++;
    let value = '';
    const escapedBraces = new Set<number>();
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) this.fail('unterminated string literal');
      this.position++;
      if (char === "'") return { kind: 'string', value, escapedBraces };
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.text[this.position];
      if (escaped === undefined || !ESCAPABLE.has(escaped)) this.fail('invalid escape sequence');
      if (escaped === '{' || escaped === '}') escapedBraces.add(value.length);
      value += escaped;
      this.position++;
    }
  }

  private number(): IntrinsicArgument {
    const literal = this.match(NUMBER);
    if (literal === undefined) this.fail('invalid number');
    return { kind: 'number', value: Number(literal) };
  }

  /**
   * A path runs to the `,` or `)` that ends the argument; brackets (`$['a,b']`, `$.a[?(@.b > 1)]`) and
   * the quotes inside them may hold those characters, so they are skipped as a whole.
   */
  private path(): string {
    const start = this.position;
    let depth = 0;
    let quote: string | undefined;
    for (; !this.atEnd(); this.position++) {
      const char = this.text[this.position]!;
      if (quote !== undefined) {
        if (char === '\\') this.position++;
        else if (char === quote) quote = undefined;
      } else if (depth > 0 && (char === "'" || char === '"')) quote = char;
      else if (char === '[' || (depth > 0 && char === '(')) depth++;
      else if (depth > 0 && (char === ']' || char === ')')) depth--;
      else if (depth === 0 && /[,) \t\r\n(]/.test(char)) break;
    }
    if (depth > 0 || quote !== undefined) this.fail('unterminated path');
    return this.text.slice(start, this.position);
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.position = pattern.lastIndex;
    return found[0];
  }

  private take(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private expect(char: string): void {
    if (!this.take(char)) this.fail(`expected '${char}'`);
  }
}

function isIntrinsicName(name: string): name is IntrinsicName {
  return (INTRINSIC_NAMES as readonly string[]).includes(name);
}
