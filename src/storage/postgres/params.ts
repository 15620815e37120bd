import { LruCache } from '../lru.js';
import type { SqlParams, SqlValue } from '../types.js';

/** SQL with `$n` placeholders and, for each n, the name of the parameter it stands for. */
export interface Translated {
  text: string;
  names: string[];
}

const cache = new LruCache<string, Translated>(1_000);

/** Rewrites `:name` to `$n` (same name, same n), leaving `::casts`, literals, identifiers and comments. */
export function translate(sql: string): Translated {
  let translated = cache.get(sql);
  if (!translated) {
    translated = scan(sql);
    cache.set(sql, translated);
  }
  return translated;
}

export function bind(translated: Translated, params: SqlParams = {}): SqlValue[] {
  return translated.names.map((name) => {
    if (!(name in params)) throw new Error(`Missing named parameter "${name}"`);
    return params[name] ?? null;
  });
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

function scan(sql: string): Translated {
  const names: string[] = [];
  const numbers = new Map<string, number>();
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const ch = sql[i]!;
    if (ch === ':' && sql[i + 1] === ':') {
      text += '::';
      i += 2;
    } else if (ch === ':' && NAME_START.test(sql[i + 1] ?? '')) {
      let end = i + 2;
      while (end < sql.length && NAME_PART.test(sql[end]!)) end++;
      const name = sql.slice(i + 1, end);
      let n = numbers.get(name);
      if (n === undefined) {
        names.push(name);
        n = names.length;
        numbers.set(name, n);
      }
      text += `$${n}`;
      i = end;
    } else {
      text += ch;
      i++;
    }
  }
  return { text, names };
}

/** Returns the index just past a literal, quoted identifier or comment starting at `i`, else `i`. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'") return closeQuote(sql, i, "'", isEscapeString(sql, i));
  if (ch === '"') return closeQuote(sql, i, '"', false);
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (ch === '$') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

/** `E'...'` strings take backslash escapes. */
function isEscapeString(sql: string, quote: number): boolean {
  const prev = sql[quote - 1];
  return (prev === 'E' || prev === 'e') && !NAME_PART.test(sql[quote - 2] ?? '');
}

function closeQuote(sql: string, start: number, quote: string, backslashes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashes && ch === '\\') i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
