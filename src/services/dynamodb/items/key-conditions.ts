// Query's key conditions, in their legacy shape (KeyConditions; a KeyConditionExpression is parsed
// into the same), checked against the queried key schema in DynamoDB's order, and turned into a
// partition and a sort-byte range.
import type { AttributeValue, Item } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { validation } from '../errors.js';
import { keyBytes, partitionKey, prefixEnd } from '../keys.js';
import {
  checkKey,
  PARAMETERS_INVALID,
  type KeyAttribute,
  type KeyShape,
  type TableSchema,
} from './schema.js';
import type { SortRange } from './store.js';

export interface KeyCondition {
  ComparisonOperator: string;
  AttributeValueList: AttributeValue[];
}

export type KeyConditions = Record<string, KeyCondition>;

const NOT_INDEXABLE = new Set(['NULL', 'NOT_NULL', 'NE', 'CONTAINS', 'NOT_CONTAINS', 'IN']);

const invalidStartKey = (detail?: string) =>
  validation(
    detail ? `The provided starting key is invalid: ${detail}` : 'The provided starting key is invalid',
  );

/** The attributes of a start key: the table's key, then the index's key attributes. */
export function keyNames(schema: KeyShape, index?: KeyShape): string[] {
  const names: string[] = [];
  for (const attribute of [schema.hash, schema.range, index?.hash, index?.range]) {
    if (attribute && !names.includes(attribute.name)) names.push(attribute.name);
  }
  return names;
}

/** The start key must hold exactly the table's and the index's key attributes. */
export function checkStartKeyNames(names: string[], startKey: Item | undefined): void {
  if (startKey && Object.keys(startKey).length !== names.length) throw invalidStartKey();
}

function checkStartKeyPiece(startKey: Item, attribute: KeyAttribute): void {
  const value = startKey[attribute.name];
  if (!value) throw invalidStartKey();
  if (typeOf(value) !== attribute.type)
    throw validation('The provided key element does not match the schema');
}

function checkCondition(
  conditions: KeyConditions,
  attribute: KeyAttribute,
  isHash: boolean,
  shape: KeyShape,
): void {
  const count = Object.keys(conditions).length;
  if (isHash && !shape.range && count > 1) throw validation('Query key condition not supported');
  const condition = conditions[attribute.name];
  if (!condition) {
    if (isHash || count > 1) throw validation(`Query condition missed key schema element: ${attribute.name}`);
    return;
  }
  if (NOT_INDEXABLE.has(condition.ComparisonOperator)) {
    throw validation('Attempted conditional constraint is not an indexable operation');
  }
  if (condition.AttributeValueList.some((value) => typeOf(value) !== attribute.type)) {
    throw validation(`${PARAMETERS_INVALID} Condition parameter type does not match schema type`);
  }
  if (isHash && condition.ComparisonOperator !== 'EQ') throw validation('Query key condition not supported');
}

/** Each key attribute of the queried schema: its start-key piece, then its condition. */
export function checkKeyConditions(
  shape: KeyShape,
  conditions: KeyConditions,
  startKey: Item | undefined,
): void {
  const attributes: [KeyAttribute, boolean][] = [[shape.hash, true]];
  if (shape.range) attributes.push([shape.range, false]);
  for (const [attribute, isHash] of attributes) {
    if (startKey) checkStartKeyPiece(startKey, attribute);
    checkCondition(conditions, attribute, isHash, shape);
  }
}

function matchesRange(condition: KeyCondition, value: AttributeValue): boolean {
  const bytes = keyBytes(value);
  const [first, second] = condition.AttributeValueList.map(keyBytes);
  const order = Buffer.compare(bytes, first!);
  switch (condition.ComparisonOperator) {
    case 'EQ':
      return order === 0;
    case 'LT':
      return order < 0;
    case 'LE':
      return order <= 0;
    case 'GT':
      return order > 0;
    case 'GE':
      return order >= 0;
    case 'BETWEEN':
      return order >= 0 && Buffer.compare(bytes, second!) <= 0;
    default:
      return bytes.subarray(0, first!.length).equals(first!);
  }
}

/** The table's part of a start key must be a valid key of the table (Query and Scan). */
export function checkStartTableKey(schema: TableSchema, startKey: Item): void {
  const tableKey: Item = { [schema.hash.name]: startKey[schema.hash.name]! };
  if (schema.range) tableKey[schema.range.name] = startKey[schema.range.name]!;
  try {
    checkKey(schema, tableKey);
  } catch (error) {
    throw invalidStartKey((error as Error).message);
  }
}

/** A start key must lie in the table and within the query's conditions. */
export function checkStartKeyBounds(
  schema: TableSchema,
  shape: KeyShape,
  conditions: KeyConditions,
  startKey: Item,
): void {
  checkStartTableKey(schema, startKey);
  const hashValue = conditions[shape.hash.name]!.AttributeValueList[0]!;
  const sameHash = keyBytes(startKey[shape.hash.name]!).equals(keyBytes(hashValue));
  const rangeCondition = shape.range && conditions[shape.range.name];
  if (!rangeCondition) {
    if (!sameHash)
      throw validation('The provided starting key is outside query boundaries based on provided conditions');
    return;
  }
  if (!matchesRange(rangeCondition, startKey[shape.range!.name]!)) {
    throw validation('The provided starting key does not match the range key predicate');
  }
  if (!sameHash) throw validation('The query can return at most one row and cannot be restarted');
}

export function partitionOf(shape: KeyShape, conditions: KeyConditions): Buffer {
  return partitionKey(conditions[shape.hash.name]!.AttributeValueList[0]!);
}

export function sortRangeOf(shape: KeyShape, conditions: KeyConditions): SortRange | undefined {
  const condition = shape.range && conditions[shape.range.name];
  if (!condition) return undefined;
  const [first, second] = condition.AttributeValueList.map(keyBytes);
  switch (condition.ComparisonOperator) {
    case 'EQ':
      return { lower: first, lowerInclusive: true, upper: first, upperInclusive: true };
    case 'LT':
      return { upper: first, upperInclusive: false };
    case 'LE':
      return { upper: first, upperInclusive: true };
    case 'GT':
      return { lower: first, lowerInclusive: false };
    case 'GE':
      return { lower: first, lowerInclusive: true };
    case 'BETWEEN':
      return { lower: first, lowerInclusive: true, upper: second, upperInclusive: true };
    default: {
      const end = prefixEnd(first!);
      return end
        ? { lower: first, lowerInclusive: true, upper: end, upperInclusive: false }
        : { lower: first, lowerInclusive: true };
    }
  }
}
