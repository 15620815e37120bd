// Scalars that arrive as text (query parameters, XML text, headers, URI labels) and scalars written
// as text, converted per the member's modeled type.
import type { Shape, TimestampFormat } from './model.js';
import { formatTimestamp, parseTimestamp, toDate } from './timestamp.js';
import { decodeBase64, fitsInteger, formatFloat, parseSpecialFloat, toBuffer } from './values.js';

/** Marks text that cannot be read as the member's type; the codec answers its protocol's error. */
export const INVALID = Symbol('invalid');

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readText(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'string':
      return text;
    case 'integer':
    case 'long': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      return INTEGER.test(trimmed) && fitsInteger(value, shape.type) ? value : INVALID;
    }
    case 'float':
    case 'double': {
      const trimmed = text.trim();
      const special = parseSpecialFloat(trimmed);
      if (special !== undefined) return special;
      return DECIMAL.test(trimmed) ? Number(trimmed) : INVALID;
    }
    case 'boolean':
      if (/^true$/i.test(text.trim())) return true;
      return /^false$/i.test(text.trim()) ? false : INVALID;
    case 'timestamp':
      return parseTimestamp(text) ?? INVALID;
    case 'blob':
      return decodeBase64(text.trim()) ?? INVALID;
    default:
      return INVALID;
  }
}

/** Writes a scalar output value as text; timestamps in `format` unless the shape names its own. */
export function writeText(shape: Shape, value: unknown, format: TimestampFormat): string {
  switch (shape.type) {
    case 'timestamp':
      return String(formatTimestamp(toDate(value), shape.timestampFormat ?? format));
    case 'blob':
      return toBuffer(value).toString('base64');
    case 'boolean':
      return value ? 'true' : 'false';
    case 'float':
    case 'double':
      return String(formatFloat(Number(value)));
    case 'integer':
    case 'long':
      return String(Number(value));
    default:
      return String(value);
  }
}
