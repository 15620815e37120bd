// Reads JSON request values into the types operations see (Buffer, Date, number...) and writes
// operation outputs back as JSON values, both driven by the model's shapes. Type errors use the
// wording of AWS's coral/Jackson deserializer ("STRING_VALUE can not be converted to an Integer").
import type { Shape, ShapeType, TimestampFormat } from './model.js';
import { serializationError } from './errors.js';
import { formatTimestamp, parseTimestamp, toDate } from './timestamp.js';
import {
  decodeBase64,
  fitsInteger,
  formatFloat,
  isPlainObject,
  ownEntries,
  parseSpecialFloat,
  setKey,
  toBuffer,
} from './values.js';

/** Deeper than any AWS shape legitimately nests (DynamoDB allows 32 levels, two shapes each). */
const MAX_DEPTH = 100;

const TYPE_NAMES: Partial<Record<ShapeType, string>> = {
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  string: 'a String',
  timestamp: 'a Date',
};

/** Coral's name for a modeled type in conversion errors: "an Integer", "a Boolean"... */
export function typeName(type: ShapeType): string {
  return TYPE_NAMES[type] ?? 'a String';
}

function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  return 'VALUE';
}

function typeError(value: unknown, type: ShapeType): never {
  if (Array.isArray(value)) throw serializationError('Start of list found where not expected');
  if (isPlainObject(value)) throw serializationError('Start of structure or map found where not expected.');
  if (type === 'structure' || type === 'list' || type === 'map') {
    throw serializationError('Unexpected field type');
  }
  if (type === 'blob') throw serializationError('only base-64-encoded strings are convertible to bytes');
  throw serializationError(`${jsonKind(value)} can not be converted to ${TYPE_NAMES[type] ?? 'a String'}`);
}

/** Reads one JSON value as `shape`; null and absent values come back as undefined. */
export function readJson(shape: Shape, value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  if (depth > MAX_DEPTH) throw serializationError('Document nesting exceeds the maximum depth');
  switch (shape.type) {
    case 'structure':
      return readStructure(shape, value, depth);
    case 'list':
      if (!Array.isArray(value)) typeError(value, 'list');
      return value.filter((item) => item !== null).map((item) => readJson(shape.member, item, depth + 1));
    case 'map':
      return readMap(shape, value, depth);
    default:
      return readScalar(shape, value);
  }
}

/** The members of a structure carried in a JSON body (REST protocols bind the others elsewhere). */
export function readJsonBody(shape: Shape, value: unknown): Record<string, unknown> {
  return readStructure(shape, value, 0, true);
}

function readStructure(
  shape: Shape,
  value: unknown,
  depth: number,
  bodyOnly = false,
): Record<string, unknown> {
  if (!isPlainObject(value)) typeError(value, 'structure');
  const out: Record<string, unknown> = {};
  for (const [name, member] of shape.members) {
    if (bodyOnly && member.location) continue;
    if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
    const read = readJson(member, value[name], depth + 1);
    if (read !== undefined) out[name] = read;
  }
  return out;
}

function readMap(shape: Shape, value: unknown, depth: number): Record<string, unknown> {
  if (!isPlainObject(value)) typeError(value, 'map');
  const out: Record<string, unknown> = {};
  for (const [key, item] of ownEntries(value)) {
    const read = readJson(shape.value, item, depth + 1);
    if (read !== undefined) setKey(out, key, read);
  }
  return out;
}

function readScalar(shape: Shape, value: unknown): unknown {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') typeError(value, 'string');
      return value;
    case 'boolean':
      return readBoolean(value);
    case 'integer':
    case 'long':
      if (typeof value !== 'number') typeError(value, shape.type);
      if (!fitsInteger(value, shape.type))
        throw serializationError(`NUMBER_VALUE can not be converted to ${TYPE_NAMES[shape.type]}`);
      // Coral truncates a fractional number given for an integer member.
      return Math.trunc(value);
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && parseSpecialFloat(value) !== undefined)
        return parseSpecialFloat(value);
      return typeError(value, shape.type);
    case 'timestamp':
      return readTimestamp(value);
    case 'blob':
      return readBlob(value);
    default:
      return typeError(value, shape.type);
  }
}

function readBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  // DynamoDB (and coral generally) accept the strings "true"/"false" for booleans.
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return typeError(value, 'boolean');
}

function readTimestamp(value: unknown): Date {
  if (typeof value !== 'number' && typeof value !== 'string') typeError(value, 'timestamp');
  const date = parseTimestamp(value);
  if (!date) typeError(value, 'timestamp');
  return date;
}

function readBlob(value: unknown): Buffer {
  if (typeof value !== 'string') typeError(value, 'blob');
  if (value.length % 4 !== 0) {
    throw serializationError(
      `Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
    );
  }
  const bytes = decodeBase64(value);
  if (!bytes) throw serializationError('Invalid last non-pad Base64 character dectected');
  return bytes;
}

/** Writes an operation's output value as a JSON value; undefined for absent members. */
export function writeJson(shape: Shape, value: unknown, timestamps: TimestampFormat): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure':
      return writeStructure(shape, value, timestamps);
    case 'list':
      if (!Array.isArray(value)) throw new TypeError('Expected a list');
      return value.filter((item) => item != null).map((item) => writeJson(shape.member, item, timestamps));
    case 'map':
      return writeMap(shape, value, timestamps);
    case 'timestamp':
      return formatTimestamp(toDate(value), shape.timestampFormat ?? timestamps);
    case 'blob':
      return toBuffer(value).toString('base64');
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'long':
      return Number(value);
    case 'float':
    case 'double':
      return formatFloat(Number(value));
    default:
      return String(value);
  }
}

export function writeStructure(
  shape: Shape,
  value: unknown,
  timestamps: TimestampFormat,
  bodyOnly = false,
): Record<string, unknown> {
  if (!isPlainObject(value)) throw new TypeError('Expected a structure');
  const out: Record<string, unknown> = {};
  for (const [name, member] of shape.members) {
    if (bodyOnly && member.location) continue;
    const written = writeJson(member, value[name], timestamps);
    if (written !== undefined) out[name] = written;
  }
  return out;
}

function writeMap(shape: Shape, value: unknown, timestamps: TimestampFormat): Record<string, unknown> {
  const entries =
    value instanceof Map ? [...value.entries()] : isPlainObject(value) ? ownEntries(value) : undefined;
  if (!entries) throw new TypeError('Expected a map');
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const written = writeJson(shape.value, item, timestamps);
    if (written !== undefined) setKey(out, String(key), written);
  }
  return out;
}
