// The legacy parameters written as the expression forms: Expected and QueryFilter/ScanFilter as
// conditions, AttributesToGet as a projection, AttributeUpdates as update actions. Their checks
// and messages are DynamoDB's (as recorded by dynalite's suite).
import type { AttributeValue } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { Comparator } from './ast.js';
import { compareValues } from './compare.js';
import type { Condition, Operand, Path, UpdateAction } from './resolved.js';

const INVALID = 'One or more parameter values were invalid:';

export interface LegacyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: AttributeValue[];
  Value?: AttributeValue;
  Exists?: boolean;
}

const ARGUMENTS: Record<string, [number, number]> = {
  EQ: [1, 1],
  NE: [1, 1],
  LE: [1, 1],
  LT: [1, 1],
  GE: [1, 1],
  GT: [1, 1],
  NOT_NULL: [0, 0],
  NULL: [0, 0],
  CONTAINS: [1, 1],
  NOT_CONTAINS: [1, 1],
  BEGINS_WITH: [1, 1],
  IN: [1, Infinity],
  BETWEEN: [2, 2],
};

const COMPARATORS: Record<string, Comparator> = { EQ: '=', NE: '<>', LE: '<=', LT: '<', GE: '>=', GT: '>' };

/** The value types each operator accepts (DynamoDB's Condition rules). */
const ALLOWED_TYPES: Record<string, string[]> = {
  EQ: ['S', 'N', 'B', 'SS', 'NS', 'BS'],
  NE: ['S', 'N', 'B', 'SS', 'NS', 'BS'],
  LE: ['S', 'N', 'B'],
  LT: ['S', 'N', 'B'],
  GE: ['S', 'N', 'B'],
  GT: ['S', 'N', 'B'],
  CONTAINS: ['S', 'N', 'B'],
  NOT_CONTAINS: ['S', 'N', 'B'],
  BEGINS_WITH: ['S', 'B'],
  IN: ['S', 'N', 'B'],
  BETWEEN: ['S', 'N', 'B'],
};

function checkArguments(operator: string, values: AttributeValue[], restrictTypes: boolean): void {
  const [least, most] = ARGUMENTS[operator] ?? [0, Infinity];
  if (values.length < least || values.length > most) {
    throw validation(`${INVALID} Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  if (values.length > 1 && values.some((value) => typeOf(value) !== typeOf(values[0]!))) {
    throw validation(`${INVALID} AttributeValues inside AttributeValueList must be of same type`);
  }
  const allowed = restrictTypes ? ALLOWED_TYPES[operator] : undefined;
  for (const value of values) {
    if (allowed && !allowed.includes(typeOf(value))) {
      throw validation(
        `${INVALID} ComparisonOperator ${operator} is not valid for ${typeOf(value)} AttributeValue type`,
      );
    }
  }
  if (operator === 'BETWEEN' && compareValues(values[0]!, values[1]!) > 0) {
    throw validation(
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  }
}

/** One attribute's legacy condition as a condition on that attribute. */
/** `restrictTypes`: QueryFilter, ScanFilter and KeyConditions accept only some types per operator. */
export function comparison(
  name: string,
  operator: string,
  values: AttributeValue[],
  restrictTypes = true,
): Condition {
  checkArguments(operator, values, restrictTypes);
  const path: Operand = { kind: 'path', path: [name] };
  const value = (i: number): Operand => ({ kind: 'value', value: values[i]! });
  const exists: Condition = { kind: 'function', name: 'attribute_exists', args: [path] };
  switch (operator) {
    case 'NOT_NULL':
      return exists;
    case 'NULL':
      return { kind: 'function', name: 'attribute_not_exists', args: [path] };
    case 'CONTAINS':
      return { kind: 'function', name: 'contains', args: [path, value(0)] };
    case 'NOT_CONTAINS':
      return {
        kind: 'and',
        left: exists,
        right: { kind: 'not', operand: { kind: 'function', name: 'contains', args: [path, value(0)] } },
      };
    case 'BEGINS_WITH':
      return { kind: 'function', name: 'begins_with', args: [path, value(0)] };
    case 'IN':
      return { kind: 'in', subject: path, items: values.map((_, i) => value(i)) };
    case 'BETWEEN':
      return { kind: 'between', subject: path, low: value(0), high: value(1) };
    default:
      return { kind: 'compare', op: COMPARATORS[operator]!, left: path, right: value(0) };
  }
}

function combine(conditions: Condition[], operator: string | undefined): Condition {
  if (conditions.length === 0) return { kind: 'true' };
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce((left, right) => ({ kind, left, right }));
}

/** Expected: Exists/Value, or ComparisonOperator/AttributeValueList, per attribute. */
export function expectedCondition(
  expected: Record<string, LegacyCondition>,
  operator: string | undefined,
): Condition {
  const conditions = Object.entries(expected).map(([name, spec]) => expectedOne(name, spec));
  return combine(conditions, operator);
}

function expectedOne(name: string, spec: LegacyCondition): Condition {
  const suffix = `for Attribute: ${name}`;
  if (spec.AttributeValueList && spec.Value) {
    throw validation(`${INVALID} Value and AttributeValueList cannot be used together ${suffix}`);
  }
  if (spec.ComparisonOperator === undefined) {
    if (spec.AttributeValueList) {
      throw validation(`${INVALID} AttributeValueList can only be used with a ComparisonOperator ${suffix}`);
    }
    if (spec.Exists === false) {
      if (spec.Value) throw validation(`${INVALID} Value cannot be used when Exists is false ${suffix}`);
      return comparison(name, 'NULL', [], false);
    }
    if (!spec.Value) {
      const state = spec.Exists === undefined ? 'null' : 'true';
      throw validation(`${INVALID} Value must be provided when Exists is ${state} ${suffix}`);
    }
    return comparison(name, 'EQ', [spec.Value], false);
  }
  if (spec.Exists !== undefined) {
    throw validation(`${INVALID} Exists and ComparisonOperator cannot be used together ${suffix}`);
  }
  const values = spec.AttributeValueList ?? (spec.Value ? [spec.Value] : undefined);
  const noArguments = spec.ComparisonOperator === 'NULL' || spec.ComparisonOperator === 'NOT_NULL';
  if (!values && !noArguments) {
    throw validation(
      `${INVALID} Value or AttributeValueList must be used with ComparisonOperator: ${spec.ComparisonOperator} ${suffix}`,
    );
  }
  return comparison(name, spec.ComparisonOperator, values ?? [], false);
}

/** QueryFilter and ScanFilter: ComparisonOperator and AttributeValueList per attribute. */
export function filterCondition(
  filter: Record<string, LegacyCondition>,
  operator: string | undefined,
): Condition {
  const conditions = Object.entries(filter).map(([name, spec]) =>
    comparison(name, spec.ComparisonOperator ?? 'EQ', spec.AttributeValueList ?? []),
  );
  return combine(conditions, operator);
}

/** Duplicates were refused by the request validation already. */
export function attributesToGet(names: string[]): Path[] {
  return names.map((name) => [name]);
}

export interface LegacyUpdate {
  Action?: 'PUT' | 'ADD' | 'DELETE';
  Value?: AttributeValue;
}

export function attributeUpdates(updates: Record<string, LegacyUpdate>): UpdateAction[] {
  return Object.entries(updates).map(([name, update]): UpdateAction => {
    const action = update.Action ?? 'PUT';
    const path = [name];
    if (action === 'PUT') {
      if (!update.Value) {
        throw validation(`${INVALID} Only DELETE action is allowed when no attribute value is specified`);
      }
      return { kind: 'set', path, value: { kind: 'value', value: update.Value } };
    }
    if (action === 'DELETE') {
      if (!update.Value) return { kind: 'remove', path };
      const type = typeOf(update.Value);
      if (type !== 'SS' && type !== 'NS' && type !== 'BS') {
        throw validation(`${INVALID} DELETE action with value is not supported for the type ${type}`);
      }
      return { kind: 'delete', path, value: update.Value, legacy: true };
    }
    if (!update.Value)
      throw validation(`${INVALID} Only DELETE action is allowed when no attribute value is specified`);
    const type = typeOf(update.Value);
    if (!['N', 'SS', 'NS', 'BS', 'L'].includes(type)) {
      throw validation(`${INVALID} ADD action is not supported for the type ${type}`);
    }
    return { kind: 'add', path, value: update.Value, legacy: true };
  });
}
