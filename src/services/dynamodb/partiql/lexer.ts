// Tokens of DynamoDB's PartiQL (AWS docs, "PartiQL - a SQL-compatible query language for Amazon
// DynamoDB"): names bare or "double-quoted", 'single-quoted' strings ('' escapes a quote),
// numbers, `?` parameters, `<<` and `>>` around sets, and punctuation. One pass, linear.
export type TokenKind = 'name' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

export class PartiqlSyntaxError extends Error {}

const PUNCTUATION = [
  '<<',
  '>>',
  '<=',
  '>=',
  '<>',
  '!=',
  '=',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '*',
  '+',
  '-',
];

function quoted(text: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new PartiqlSyntaxError(`Unterminated quoted text at position ${start}`);
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
    i += 1;
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === "'" || char === '"') {
      const { value, end } = quoted(text, i, char);
      tokens.push({ kind: char === "'" ? 'string' : 'quoted', text: value, at: i });
      i = end;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 512));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (char === '?') {
      tokens.push({ kind: 'param', text: '?', at: i });
      i += 1;
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => text.startsWith(candidate, i));
    if (!punct) throw new PartiqlSyntaxError(`Unexpected character '${char}' at position ${i}`);
    tokens.push({ kind: 'punct', text: punct, at: i });
    i += punct.length;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}
