// Choice rules in JSONPath (AWS docs, "Choice workflow state"): a comparison of the value at
// `Variable` with a literal or with the value at another path (`…Path`), type tests, and
// And/Or/Not. A comparison of values of another type is false, not an error.
import { FieldError, RUNTIME } from './errors.js';
import { PathNotFound, readPath, type Scope } from './paths.js';

type Rule = Record<string, unknown>;
type Compare = (a: never, b: never) => boolean;

const ordered =
  <T>(test: (order: number) => boolean) =>
  (a: T, b: T) =>
    test(a < b ? -1 : a > b ? 1 : 0);
const byOrder = {
  Equals: (order: number) => order === 0,
  LessThan: (order: number) => order < 0,
  GreaterThan: (order: number) => order > 0,
  LessThanEquals: (order: number) => order <= 0,
  GreaterThanEquals: (order: number) => order >= 0,
};

/** ISO 8601 timestamps with a zone, as the rules compare them; undefined for anything else. */
export function timestampOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isString = (value: unknown): value is string => typeof value === 'string';

interface Comparator {
  accepts(value: unknown): boolean;
  compare: Compare;
  convert?: (value: never) => unknown;
}

const COMPARATORS: Record<string, Comparator> = {};
for (const [suffix, test] of Object.entries(byOrder)) {
  COMPARATORS[`String${suffix}`] = { accepts: isString, compare: ordered<string>(test) as Compare };
  COMPARATORS[`Numeric${suffix}`] = { accepts: isNumber, compare: ordered<number>(test) as Compare };
  COMPARATORS[`Timestamp${suffix}`] = {
    accepts: (value) => timestampOf(value) !== undefined,
    compare: ((a: string, b: string) => ordered<number>(test)(timestampOf(a)!, timestampOf(b)!)) as Compare,
  };
}
COMPARATORS['BooleanEquals'] = {
  accepts: (value) => typeof value === 'boolean',
  compare: ((a: boolean, b: boolean) => a === b) as Compare,
};
COMPARATORS['StringMatches'] = {
  accepts: isString,
  compare: ((a: string, pattern: string) => wildcard(pattern).test(a)) as Compare,
};

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else source += char === '*' ? '.*' : escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 's');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const TYPE_TESTS: Record<string, (value: unknown) => boolean> = {
  IsNull: (value) => value === null,
  IsNumeric: isNumber,
  IsString: isString,
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => timestampOf(value) !== undefined,
};

function valueAt(path: string, scope: Scope): unknown {
  try {
    return readPath(path, scope);
  } catch (error) {
    if (!(error instanceof PathNotFound)) throw error;
    throw new FieldError(
      RUNTIME,
      `Invalid path '${path}': The choice state's condition path references an invalid value.`,
    );
  }
}

export function ruleMatches(rule: Rule, scope: Scope): boolean {
  if (Array.isArray(rule['And'])) return (rule['And'] as Rule[]).every((inner) => ruleMatches(inner, scope));
  if (Array.isArray(rule['Or'])) return (rule['Or'] as Rule[]).some((inner) => ruleMatches(inner, scope));
  if (rule['Not']) return !ruleMatches(rule['Not'] as Rule, scope);
  const variable = String(rule['Variable']);
  if ('IsPresent' in rule) {
    let present = true;
    try {
      readPath(variable, scope);
    } catch (error) {
      if (!(error instanceof PathNotFound)) throw error;
      present = false;
    }
    return present === rule['IsPresent'];
  }
  const value = valueAt(variable, scope);
  for (const [name, test] of Object.entries(TYPE_TESTS)) if (name in rule) return test(value) === rule[name];
  for (const [name, comparator] of Object.entries(COMPARATORS)) {
    const literal = name in rule;
    if (!literal && !(`${name}Path` in rule)) continue;
    const other = literal ? rule[name] : valueAt(String(rule[`${name}Path`]), scope);
    if (!comparator.accepts(value) || !comparator.accepts(other)) return false;
    return comparator.compare(value as never, other as never);
  }
  throw new FieldError(RUNTIME, `The choice rule has no comparison: ${JSON.stringify(rule)}`);
}
