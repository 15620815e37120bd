/**
 * Event patterns, as Lambda event filtering and EventBridge rules write them
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html#filtering-syntax):
 * a JSON object whose keys name fields of the event, nested objects for nested fields, and arrays
 * of rules at the leaves. Keys are AND-ed, the rules of one array OR-ed, `$or` OR-s whole
 * sub-patterns. A rule is a value (exact match; `null` matches a null field) or one of the
 * operators `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `numeric`,
 * `exists`. A field that holds an array matches when any of its elements does.
 *
 * `parseEventPattern` checks a pattern's syntax (each service words its own error);
 * `matchesPattern` tests an event against a parsed pattern.
 */
import { checkOperator, InvalidEventPatternError, isRecord } from './event-pattern-syntax.js';

export { InvalidEventPatternError };
export type EventPattern = Record<string, unknown>;

/** A field the event does not have (distinct from a field holding `null`). */
const MISSING = Symbol('missing');

export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidEventPatternError('the pattern is not JSON');
  }
  checkObject(parsed);
  return parsed as EventPattern;
}

function checkObject(pattern: unknown): void {
  if (!isRecord(pattern)) throw new InvalidEventPatternError('a pattern must be a JSON object');
  if (Object.keys(pattern).length === 0) throw new InvalidEventPatternError('a pattern must not be empty');
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') checkOr(value);
    else if (Array.isArray(value)) checkRules(value);
    else checkObject(value);
  }
}

function checkOr(value: unknown): void {
  if (!Array.isArray(value) || value.length < 2)
    throw new InvalidEventPatternError('$or takes an array of at least two patterns');
  for (const alternative of value) checkObject(alternative);
}

function checkRules(rules: unknown[]): void {
  if (rules.length === 0) throw new InvalidEventPatternError('a field must list at least one rule');
  for (const rule of rules) {
    if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule)) continue;
    if (!isRecord(rule)) throw new InvalidEventPatternError('a rule must be a value or an operator object');
    checkOperator(rule);
  }
}

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function fieldOf(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : MISSING;
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(rule as EventPattern[]).some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const field = fieldOf(value, key);
    const matched = Array.isArray(rule)
      ? matchLeaf(rule, field)
      : Array.isArray(field)
        ? field.some((element) => matchObject(rule as EventPattern, element))
        : matchObject(rule as EventPattern, field);
    if (!matched) return false;
  }
  return true;
}

function matchLeaf(rules: unknown[], field: unknown): boolean {
  if (field === MISSING) return rules.some((rule) => isRecord(rule) && rule['exists'] === false);
  const values = Array.isArray(field) ? field : [field];
  return rules.some((rule) => {
    if (isRecord(rule) && 'exists' in rule) return rule['exists'] === true && !isRecord(field);
    return values.some((value) => matchRule(rule, value));
  });
}

function matchRule(rule: unknown, value: unknown): boolean {
  if (!isRecord(rule)) return rule === value;
  const [operator, operand] = Object.entries(rule)[0] ?? [];
  switch (operator) {
    case 'anything-but':
      return matchAnythingBut(operand, value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(operand as (string | number)[], value);
    default:
      return typeof value === 'string' && matchString(operator ?? '', operand, value);
  }
}

/** The string operators; `prefix` and `suffix` may take `{"equals-ignore-case": …}`. */
function matchString(operator: string, operand: unknown, value: string): boolean {
  const ignoreCase = isRecord(operand);
  const expected = ignoreCase ? operand['equals-ignore-case'] : operand;
  const candidates = (Array.isArray(expected) ? expected : [expected]) as string[];
  const subject = ignoreCase ? value.toLowerCase() : value;
  return candidates.some((candidate) => {
    const text = ignoreCase ? candidate.toLowerCase() : candidate;
    switch (operator) {
      case 'prefix':
        return subject.startsWith(text);
      case 'suffix':
        return subject.endsWith(text);
      case 'equals-ignore-case':
        return value.toLowerCase() === candidate.toLowerCase();
      case 'wildcard':
        return wildcardExpression(candidate).test(value);
      default:
        return false;
    }
  });
}

function matchAnythingBut(operand: unknown, value: unknown): boolean {
  if (isRecord(operand)) {
    const [operator, inner] = Object.entries(operand)[0] ?? [];
    return typeof value === 'string' && !matchString(operator ?? '', inner, value);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.some((item) => item === value);
}

function matchNumeric(conditions: (string | number)[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const bound = conditions[i + 1] as number;
    const holds =
      conditions[i] === '='
        ? value === bound
        : conditions[i] === '<'
          ? value < bound
          : conditions[i] === '<='
            ? value <= bound
            : conditions[i] === '>'
              ? value > bound
              : value >= bound;
    if (!holds) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal star. The whole value must match. */
function wildcardExpression(wildcard: string): RegExp {
  const parts = wildcard
    .split(/(?<!\\)\*/)
    .map((part) => part.replace(/\\\*/g, '*').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}
