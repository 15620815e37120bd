// A table's key shape and its secondary indexes, derived once per stored definition, and the
// checks DynamoDB makes of keys and items against it (messages as recorded from DynamoDB).
import type { AttributeValue, Item, KeyType } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { validation } from '../errors.js';
import { partitionKey, sortKey } from '../keys.js';
import type { StoredIndex, StoredTable } from '../tables/types.js';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface KeyShape {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

export interface IndexShape extends KeyShape {
  name: string;
  global: boolean;
  /** ALL, KEYS_ONLY or INCLUDE (with `include`). */
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  include: Set<string>;
}

export interface TableSchema extends KeyShape {
  indexes: IndexShape[];
}

/** The stored form of a key: partition bytes (hash-prefixed) and sort bytes. */
export interface StoredKey {
  pk: Buffer;
  sk: Buffer;
}

/** A stored key as one string, to tell whether a request names an item twice. */
export function keyId(key: StoredKey): string {
  return `${key.pk.toString('hex')}/${key.sk.toString('hex')}`;
}

function keyShape(stored: StoredTable, keySchema: StoredIndex['KeySchema']): KeyShape {
  const typeOfAttribute = (name: string): KeyType =>
    stored.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
  const attribute = (role: 'HASH' | 'RANGE'): KeyAttribute | undefined => {
    const element = keySchema.find((k) => k.KeyType === role);
    return element && { name: element.AttributeName, type: typeOfAttribute(element.AttributeName) };
  };
  const range = attribute('RANGE');
  return range ? { hash: attribute('HASH')!, range } : { hash: attribute('HASH')! };
}

function indexShape(stored: StoredTable, index: StoredIndex, global: boolean): IndexShape {
  return {
    ...keyShape(stored, index.KeySchema),
    name: index.IndexName,
    global,
    projection: index.Projection.ProjectionType ?? 'ALL',
    include: new Set(index.Projection.NonKeyAttributes ?? []),
  };
}

const schemas = new WeakMap<StoredTable, TableSchema>();

export function schemaOf(stored: StoredTable): TableSchema {
  let schema = schemas.get(stored);
  if (!schema) {
    schema = {
      ...keyShape(stored, stored.KeySchema),
      indexes: [
        ...(stored.LocalSecondaryIndexes ?? []).map((index) => indexShape(stored, index, false)),
        // A global index being deleted is no longer written.
        ...(stored.GlobalSecondaryIndexes ?? [])
          .filter((index) => index.IndexStatus !== 'DELETING')
          .map((index) => indexShape(stored, index, true)),
      ],
    };
    schemas.set(stored, schema);
  }
  return schema;
}

const HASH_KEY_LIMIT = 2048;
const RANGE_KEY_LIMIT = 1024;

function keyValueBytes(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  return 0;
}

/** Empty and oversized key values, with the prefix DynamoDB uses for the request kind. */
function checkKeyValue(value: AttributeValue, name: string, role: 'hash' | 'range', prefix: string): void {
  if (('S' in value && value.S === '') || ('B' in value && value.B === '')) {
    const kind = 'S' in value ? 'string' : 'binary';
    throw validation(
      `${prefix} The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`,
    );
  }
  if (role === 'hash' && keyValueBytes(value) > HASH_KEY_LIMIT) {
    throw validation(
      `${PARAMETERS_INVALID} Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
  }
  if (role === 'range' && keyValueBytes(value) > RANGE_KEY_LIMIT) {
    throw validation(
      `${PARAMETERS_INVALID} Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  }
}

export const PARAMETERS_INVALID = 'One or more parameter values were invalid:';
const PARAMETERS_NOT_VALID = 'One or more parameter values are not valid.';

/** A `Key` member (GetItem, DeleteItem, UpdateItem, batch and transaction keys). */
export function checkKey(schema: KeyShape, key: Item): StoredKey {
  const names = Object.keys(key);
  const expected = schema.range ? 2 : 1;
  const matches = (attribute: KeyAttribute | undefined) =>
    attribute !== undefined &&
    key[attribute.name] !== undefined &&
    typeOf(key[attribute.name]!) === attribute.type;
  if (names.length !== expected || !matches(schema.hash) || (schema.range && !matches(schema.range))) {
    throw validation('The provided key element does not match the schema');
  }
  const hash = key[schema.hash.name]!;
  checkKeyValue(hash, schema.hash.name, 'hash', PARAMETERS_INVALID);
  const range = schema.range && key[schema.range.name];
  if (range) checkKeyValue(range, schema.range!.name, 'range', PARAMETERS_INVALID);
  return { pk: partitionKey(hash), sk: sortKey(range) };
}

function checkItemKeyAttribute(item: Item, attribute: KeyAttribute, role: 'hash' | 'range'): AttributeValue {
  const value = item[attribute.name];
  if (value === undefined)
    throw validation(`${PARAMETERS_INVALID} Missing the key ${attribute.name} in the item`);
  const type = typeOf(value);
  if (type !== attribute.type) {
    throw validation(
      `${PARAMETERS_INVALID} Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${type}`,
    );
  }
  checkKeyValue(value, attribute.name, role, PARAMETERS_NOT_VALID);
  return value;
}

/** An `Item` member (PutItem, batch puts, transaction puts): its key, and its index keys' types. */
export function checkItem(schema: TableSchema, item: Item): StoredKey {
  const hash = checkItemKeyAttribute(item, schema.hash, 'hash');
  const range = schema.range && checkItemKeyAttribute(item, schema.range, 'range');
  checkIndexKeys(schema, item);
  return { pk: partitionKey(hash), sk: sortKey(range) };
}

/**
 * Index key attributes may be absent (sparse indexes) but, when present, must have their type.
 * `computed`: the item came out of an update expression, which DynamoDB words differently.
 */
export function checkIndexKeys(schema: TableSchema, item: Item, computed = false): void {
  for (const index of schema.indexes) {
    for (const attribute of [index.hash, index.range]) {
      const value = attribute && item[attribute.name];
      if (!attribute || !value) continue;
      const type = typeOf(value);
      if (type !== attribute.type && computed) {
        throw validation(
          'The update expression attempted to update the secondary index key to unsupported type',
        );
      }
      if (type !== attribute.type) {
        throw validation(
          `${PARAMETERS_INVALID} Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${type} IndexName: ${index.name}`,
        );
      }
      if (('S' in value && value.S === '') || ('B' in value && value.B === '')) {
        const kind = 'S' in value ? 'string' : 'binary';
        throw validation(
          `${PARAMETERS_NOT_VALID} The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }
}

/** The key attributes of an item (for ReturnValues on keys, LastEvaluatedKey, KEYS_ONLY). */
export function keyOf(shape: KeyShape, item: Item): Item {
  const key: Item = { [shape.hash.name]: item[shape.hash.name]! };
  if (shape.range) key[shape.range.name] = item[shape.range.name]!;
  return key;
}
