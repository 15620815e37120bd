// CloudWatch Logs filter patterns, compiled once into a predicate over an event's message.
// Three forms (AWS user guide, "Filter pattern syntax"): terms in unstructured events (`ERROR`,
// `"phrase here"`, `-excluded`, `?either ?or`, `%regex%`), JSON (`{ $.a = 1 }`) and space-delimited
// (`[ip, user, status = 4*]`). An empty pattern matches every event. Pure: no I/O.
import { FilterPatternError } from './filter-lexer.js';
import { compileJsonPattern } from './filter-json.js';
import { compileSpacePattern } from './filter-space.js';

export { FilterPatternError } from './filter-lexer.js';

export type Matcher = (message: string) => boolean;

interface Term {
  mode: 'all' | 'any' | 'none';
  test: (message: string) => boolean;
}

/** Unquoted terms hold letters, digits and `_ . / -`; anything else must be in double quotes. */
const BARE_TERM = /^[\p{L}\p{N}_./-]+$/u;
const TERM = /\s*([-?]?)(?:"((?:[^"\\]|\\.)*)"|%([^%]+)%|(\S+))/y;

function termTest(quoted: string | undefined, regex: string | undefined, bare: string | undefined) {
  if (regex !== undefined) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch {
      throw new FilterPatternError('Invalid filter pattern');
    }
    return (message: string) => compiled.test(message);
  }
  const text = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare!;
  if (quoted === undefined && !BARE_TERM.test(text)) throw new FilterPatternError('Invalid filter pattern');
  return (message: string) => message.includes(text);
}

function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  TERM.lastIndex = 0;
  while (!/^\s*$/.test(pattern.slice(TERM.lastIndex))) {
    const match = TERM.exec(pattern);
    if (!match) throw new FilterPatternError('Invalid filter pattern');
    const [, sign, quoted, regex, bare] = match;
    const mode = sign === '-' ? 'none' : sign === '?' ? 'any' : 'all';
    terms.push({ mode, test: termTest(quoted, regex, bare) });
  }
  return terms;
}

/** Every plain term must occur, no `-term` may, and at least one `?term` must when there are any. */
function compileTerms(pattern: string): Matcher {
  const terms = parseTerms(pattern);
  const all = terms.filter((t) => t.mode === 'all');
  const none = terms.filter((t) => t.mode === 'none');
  const any = terms.filter((t) => t.mode === 'any');
  return (message) =>
    all.every((t) => t.test(message)) &&
    !none.some((t) => t.test(message)) &&
    (any.length === 0 || any.some((t) => t.test(message)));
}

/** Throws FilterPatternError for a pattern AWS refuses. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '') return () => true;
  if (trimmed.startsWith('{')) return compileJsonPattern(trimmed);
  if (trimmed.startsWith('[')) return compileSpacePattern(trimmed);
  return compileTerms(trimmed);
}
