// JSON filter patterns: `{ $.eventType = "UpdateTrail" }`, `{ ($.a > 1) && ($.b IS NULL) }`,
// `{ $.list[0].id = 2 }`. An event that is not a JSON object never matches (AWS user guide,
// "Using filter patterns to match terms in JSON log events").
import { ConditionParser, FilterPatternError, evaluate, tokenize, type Condition } from './filter-lexer.js';

type Step = string | number;

const SELECTOR = /^\$((?:\.[^.[\]\s]+|\[\d+\])*)$/;
const STEP = /\.([^.[\]\s]+)|\[(\d+)\]/g;

function parseSelector(text: string): Step[] {
  const match = SELECTOR.exec(text);
  if (!match) throw new FilterPatternError('Invalid filter pattern');
  const steps: Step[] = [];
  for (const step of (match[1] ?? '').matchAll(STEP)) {
    steps.push(step[1] !== undefined ? step[1] : Number(step[2]));
  }
  if (steps.length === 0) throw new FilterPatternError('Invalid filter pattern');
  return steps;
}

function select(document: unknown, steps: Step[]): unknown {
  let current: unknown = document;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

export function compileJsonPattern(pattern: string): (message: string) => boolean {
  const body = pattern.trim();
  if (!body.endsWith('}'))
    throw new FilterPatternError("If a filter pattern starts with '{' it must end with '}'");
  const selectors = new Map<string, Step[]>();
  const condition: Condition = new ConditionParser(tokenize(body.slice(1, -1)), (text) => {
    selectors.set(text, parseSelector(text));
    return text;
  }).parseAll();
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
    return evaluate(condition, (field) => select(document, selectors.get(field)!));
  };
}
