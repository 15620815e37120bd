// The first check of every request: each member's JSON type against its spec, with the
// SerializationException messages of DynamoDB's JSON reader (as recorded from DynamoDB). Members
// the operation does not have, and nulls, are dropped; numbers given for integers are truncated
// and "true"/"yes"/"1" read as booleans, as DynamoDB's reader does.
import { AwsError } from '../../../core/aws-error.js';
import { javaName, type Members, type Spec } from './schema.js';

const CAST_MESSAGE =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";
const STRUCTURE_FOUND = 'Start of structure or map found where not expected';

export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', '', { fields: { Message: message } });
}

const fail = (message: string): never => {
  throw serializationError(message);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `inCollection`: the value is a list element or map value, not a structure member. `depth`
 * counts nested attribute values: past DynamoDB's nesting limit they are left unread (the
 * attribute-value check then refuses them), so that no input can exhaust the stack.
 */
type Position = { inCollection: boolean; depth: number };
const MAX_READ_DEPTH = 40;

function numberKind(value: number): string {
  return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
}

function readString(value: unknown): string {
  if (typeof value === 'boolean')
    fail(`${value ? 'TRUE_VALUE' : 'FALSE_VALUE'} cannot be converted to String`);
  if (typeof value === 'number') fail(`${numberKind(value)} cannot be converted to String`);
  if (Array.isArray(value)) fail('Unrecognized collection type class java.lang.String');
  if (isObject(value)) fail(STRUCTURE_FOUND);
  return value as string;
}

function readBoolean(value: unknown): boolean {
  if (typeof value === 'number') fail(`${numberKind(value)} cannot be converted to Boolean`);
  if (Array.isArray(value)) fail('Unrecognized collection type class java.lang.Boolean');
  if (isObject(value)) fail(STRUCTURE_FOUND);
  if (typeof value === 'string') {
    const word = value.toUpperCase();
    if (['TRUE', '1', 'YES'].includes(word)) return true;
    if (['FALSE', '0', 'NO'].includes(word)) return false;
    fail('Unexpected token received from parser');
  }
  return value as boolean;
}

function readInteger(value: unknown, type: 'Integer' | 'Long'): number {
  if (typeof value === 'boolean')
    fail(`${value ? 'TRUE_VALUE' : 'FALSE_VALUE'} cannot be converted to ${type}`);
  if (typeof value === 'string') fail(`STRING_VALUE cannot be converted to ${type}`);
  if (Array.isArray(value)) fail(`Unrecognized collection type class java.lang.${type}`);
  if (isObject(value)) fail(STRUCTURE_FOUND);
  return Math.floor(value as number);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readBlob(value: unknown): string {
  if (typeof value === 'boolean' || typeof value === 'number')
    fail('only base-64-encoded strings are convertible to bytes');
  if (Array.isArray(value)) fail('Unrecognized collection type class java.nio.ByteBuffer');
  if (isObject(value)) fail(STRUCTURE_FOUND);
  const text = value as string;
  if (text.length % 4 !== 0)
    fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  if (!BASE64.test(text) || Buffer.from(text, 'base64').toString('base64') !== text) {
    fail('Invalid last non-pad Base64 character dectected');
  }
  return text;
}

function readList(value: unknown, spec: Extract<Spec, { type: 'List' }>, position: Position): unknown[] {
  if (typeof value !== 'object') fail(position.inCollection ? CAST_MESSAGE : 'Unexpected field type');
  if (!Array.isArray(value)) fail(STRUCTURE_FOUND);
  return (value as unknown[]).map((element) =>
    readValue(element, spec.of, { inCollection: true, depth: position.depth }),
  );
}

function readMap(
  value: unknown,
  spec: Extract<Spec, { type: 'Map' }>,
  position: Position,
): Record<string, unknown> {
  if (typeof value !== 'object') fail(position.inCollection ? CAST_MESSAGE : 'Unexpected field type');
  if (Array.isArray(value)) fail(`Unrecognized collection type ${javaName(spec)}`);
  const out: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value as Record<string, unknown>)) {
    const read = readValue(element, spec.of, { inCollection: true, depth: position.depth });
    if (read !== undefined) out[key] = read;
  }
  return out;
}

function readStruct(
  value: unknown,
  spec: Spec,
  members: Members,
  position: Position,
): Record<string, unknown> {
  if (typeof value !== 'object')
    fail(position.inCollection ? 'Unexpected value type in payload' : 'Unexpected field type');
  if (Array.isArray(value)) fail(`Unrecognized collection type class ${javaName(spec)}`);
  return readMembers(value as Record<string, unknown>, members, position.depth);
}

const SET_OF_STRINGS: Spec = { type: 'List', of: { type: 'String', constraints: [] }, constraints: [] };
const SET_OF_BLOBS: Spec = { type: 'List', of: { type: 'Blob', constraints: [] }, constraints: [] };
const ATTRIBUTE: Spec = { type: 'AttributeValue', constraints: [] };

/** An AttributeValue's own members, typed as DynamoDB's reader types them. */
const ATTRIBUTE_MEMBERS: Members = {
  S: { type: 'String', constraints: [] },
  B: { type: 'Blob', constraints: [] },
  N: { type: 'String', constraints: [] },
  BOOL: { type: 'Boolean', constraints: [] },
  NULL: { type: 'Boolean', constraints: [] },
  BS: SET_OF_BLOBS,
  NS: SET_OF_STRINGS,
  SS: SET_OF_STRINGS,
  L: { type: 'List', of: ATTRIBUTE, constraints: [] },
  M: { type: 'Map', of: ATTRIBUTE, constraints: [] },
};

function readValue(value: unknown, spec: Spec, position: Position): unknown {
  if (value === null || value === undefined) return undefined;
  switch (spec.type) {
    case 'String':
      return readString(value);
    case 'Boolean':
      return readBoolean(value);
    case 'Integer':
    case 'Long':
      return readInteger(value, spec.type);
    case 'Blob':
      return readBlob(value);
    case 'List':
      return readList(value, spec, position);
    case 'Map':
      return readMap(value, spec, position);
    case 'Struct':
      return readStruct(value, spec, spec.members, position);
    default:
      if (position.depth >= MAX_READ_DEPTH) return value;
      return readStruct(value, spec, ATTRIBUTE_MEMBERS, { ...position, depth: position.depth + 1 });
  }
}

/** The members of a structure as the operation knows them; others are dropped. */
export function readMembers(
  body: Record<string, unknown>,
  members: Members,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(members)) {
    if (!Object.prototype.hasOwnProperty.call(body, name)) continue;
    const read = readValue(body[name], members[name]!, { inCollection: false, depth });
    if (read !== undefined) out[name] = read;
  }
  return out;
}
