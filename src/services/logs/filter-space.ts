// Space-delimited filter patterns: `[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]`.
// Fields of the event are split on spaces; text in double quotes or square brackets is one field.
// `...` stands for any number of fields; without it the event must have exactly as many fields as
// the pattern (AWS user guide, "Using filter patterns to match terms in space-delimited log events").
import { ConditionParser, FilterPatternError, evaluate, tokenize, type Condition } from './filter-lexer.js';

type Entry = { kind: 'ellipsis' } | { kind: 'field'; name: string; condition: Condition | undefined };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EVENT_FIELD = /"([^"]*)"|\[([^\]]*)\]|(\S+)/g;

/** Splits on commas outside double quotes. */
function splitEntries(body: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of body) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      entries.push(current.trim());
      current = '';
    } else current += char;
  }
  entries.push(current.trim());
  return entries;
}

function parseEntry(text: string, names: Set<string>): Entry {
  if (text === '...') return { kind: 'ellipsis' };
  const tokens = tokenize(text);
  const first = tokens[0];
  if (!first || first.kind !== 'word' || !FIELD_NAME.test(first.text)) {
    throw new FilterPatternError('Invalid filter pattern');
  }
  names.add(first.text);
  if (tokens.length === 1) return { kind: 'field', name: first.text, condition: undefined };
  const condition = new ConditionParser(tokens, (name) => {
    if (!FIELD_NAME.test(name)) throw new FilterPatternError('Invalid filter pattern');
    return name;
  }).parseAll();
  return { kind: 'field', name: first.text, condition };
}

function eventFields(message: string): string[] {
  return [...message.matchAll(EVENT_FIELD)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Aligns entries with fields (backtracking over ellipses); calls `accept` with each full binding. */
function align(
  entries: Entry[],
  fields: string[],
  bound: Map<string, string>,
  accept: (bound: Map<string, string>) => boolean,
): boolean {
  const [entry, ...rest] = entries;
  if (!entry) return fields.length === 0 && accept(bound);
  if (entry.kind === 'ellipsis') {
    for (let skip = 0; skip <= fields.length; skip++) {
      if (align(rest, fields.slice(skip), bound, accept)) return true;
    }
    return false;
  }
  const [field, ...remaining] = fields;
  if (field === undefined) return false;
  const next = new Map(bound).set(entry.name, field);
  return align(rest, remaining, next, accept);
}

export function compileSpacePattern(pattern: string): (message: string) => boolean {
  const body = pattern.trim();
  if (!body.endsWith(']')) throw new FilterPatternError('Invalid filter pattern');
  const names = new Set<string>();
  const entries = splitEntries(body.slice(1, -1)).map((text) => parseEntry(text, names));
  const conditions = entries.flatMap((e) => (e.kind === 'field' && e.condition ? [e.condition] : []));
  return (message) =>
    align(entries, eventFields(message), new Map(), (bound) =>
      conditions.every((condition) => evaluate(condition, (name) => bound.get(name))),
    );
}
