// Tokens of DynamoDB's expression languages. One pass over the text, no backtracking: the
// parser that reads them is linear in the expression's length.

export type TokenType = 'word' | 'alias' | 'value' | 'number' | 'punct' | 'invalid' | 'eof';

export interface Token {
  type: TokenType;
  text: string;
  start: number;
}

const PUNCTUATION = ['<>', '<=', '>=', '(', ')', '[', ']', '.', ',', '=', '<', '>', '+', '-'];
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const SPACE = /\s/;

function readWhile(text: string, from: number, pattern: RegExp): number {
  let end = from;
  while (end < text.length && pattern.test(text[end]!)) end += 1;
  return end;
}

function readToken(text: string, start: number): Token {
  const char = text[start]!;
  if (WORD_START.test(char))
    return { type: 'word', text: text.slice(start, readWhile(text, start, WORD_PART)), start };
  if (DIGIT.test(char))
    return { type: 'number', text: text.slice(start, readWhile(text, start, DIGIT)), start };
  if (char === '#' || char === ':') {
    const end = readWhile(text, start + 1, WORD_PART);
    if (end > start + 1)
      return { type: char === '#' ? 'alias' : 'value', text: text.slice(start, end), start };
    return { type: 'invalid', text: char, start };
  }
  const punct = PUNCTUATION.find((p) => text.startsWith(p, start));
  if (punct) return { type: 'punct', text: punct, start };
  return { type: 'invalid', text: char, start };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (;;) {
    position = readWhile(text, position, SPACE);
    if (position >= text.length) break;
    const token = readToken(text, position);
    tokens.push(token);
    position = token.start + token.text.length;
  }
  tokens.push({ type: 'eof', text: '<EOF>', start: text.length });
  return tokens;
}
