// The syntax of an event pattern's operator rules (see event-pattern.ts), checked before a pattern
// is stored so that a pattern that can never match is refused rather than silently drops events.

export class InvalidEventPatternError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidEventPatternError';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const COMPARISONS = ['=', '<', '<=', '>', '>='];
const LOWER_BOUNDS = ['>', '>='];
const UPPER_BOUNDS = ['<', '<='];

function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}

/** The one `operator: operand` pair of a rule object. */
function soleEntry(rule: Record<string, unknown>, what: string): [string, unknown] {
  const entries = Object.entries(rule);
  if (entries.length !== 1) invalid(`${what} must have exactly one operator`);
  return entries[0]!;
}

export function checkOperator(rule: Record<string, unknown>): void {
  const [operator, operand] = soleEntry(rule, 'a rule');
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return checkAffix(operator, operand);
    case 'equals-ignore-case':
      return checkString(operator, operand);
    case 'wildcard':
      return checkWildcard(operand);
    case 'exists':
      if (typeof operand !== 'boolean') invalid('exists takes true or false');
      return;
    case 'numeric':
      return checkNumeric(operand);
    case 'anything-but':
      return checkAnythingBut(operand);
    default:
      invalid(`unknown operator ${operator}`);
  }
}

function checkString(operator: string, operand: unknown): void {
  if (typeof operand !== 'string') invalid(`${operator} takes a string`);
}

/** `{"prefix": "us-"}` or `{"prefix": {"equals-ignore-case": "US-"}}`. */
function checkAffix(operator: string, operand: unknown): void {
  if (!isRecord(operand)) return checkString(operator, operand);
  const [inner, value] = soleEntry(operand, operator);
  if (inner !== 'equals-ignore-case') invalid(`${operator} takes a string or equals-ignore-case`);
  checkString(inner, value);
}

/** EventBridge refuses consecutive wildcards (`**`): they mean nothing more than one. */
function checkWildcard(operand: unknown): void {
  checkString('wildcard', operand);
  if ((operand as string).includes('**')) invalid('wildcard must not have consecutive wildcards');
}

/** `["=", 5]`, `[">", 0]` or a range `[">", 0, "<=", 10]` whose lower bound is below its upper. */
function checkNumeric(operand: unknown): void {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4))
    invalid('numeric takes one comparison or a range');
  for (let i = 0; i < operand.length; i += 2) {
    if (!COMPARISONS.includes(operand[i])) invalid('numeric comparisons are =, <, <=, > and >=');
    if (typeof operand[i + 1] !== 'number' || !Number.isFinite(operand[i + 1]))
      invalid('numeric compares with numbers');
  }
  if (operand.length === 4) {
    const [lowerOp, lower, upperOp, upper] = operand as [string, number, string, number];
    if (!LOWER_BOUNDS.includes(lowerOp) || !UPPER_BOUNDS.includes(upperOp) || lower >= upper)
      invalid('a numeric range goes from a lower bound (> or >=) to a higher upper bound (< or <=)');
  }
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

/** A value, a list of values, or `prefix`, `suffix`, `equals-ignore-case` or `wildcard`. */
function checkAnythingBut(operand: unknown): void {
  if (isScalar(operand)) return;
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every(isScalar)) invalid('anything-but lists strings or numbers');
    return;
  }
  if (!isRecord(operand)) invalid('anything-but takes a value, a list or an operator');
  const [inner, value] = soleEntry(operand, 'anything-but');
  if (inner === 'prefix' || inner === 'suffix') return checkString(inner, value);
  if (inner !== 'equals-ignore-case' && inner !== 'wildcard')
    invalid('anything-but takes prefix, suffix, equals-ignore-case or wildcard');
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) invalid(`anything-but ${inner} takes strings`);
  for (const item of values) {
    if (inner === 'wildcard') checkWildcard(item);
    else checkString(inner, item);
  }
}
