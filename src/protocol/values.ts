// Small helpers shared by the codecs for building and checking plain values.

/**
 * Sets `key` on `target` as an own property. A key named `__proto__` (a legal DynamoDB attribute or
 * tag name) would otherwise change the object's prototype; defineProperty stores it as plain data.
 */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Own enumerable entries, including an own `__proto__` key. */
export function ownEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.keys(value).map((key) => [key, value[key]]);
}

/** A blob an operation returned: Buffer, Uint8Array or (UTF-8) string. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw new TypeError(`Not a blob: ${typeof value}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (AWS rejects what Node's lenient decoder would silently accept). */
export function decodeBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_LIMIT = 9223372036854775808;

export function fitsInteger(value: number, type: 'integer' | 'long'): boolean {
  if (!Number.isFinite(value)) return false;
  return type === 'integer' ? value >= INT32_MIN && value <= INT32_MAX : Math.abs(value) < INT64_LIMIT;
}

/** Smithy's JSON and query forms of the non-finite floats. */
export function parseSpecialFloat(text: string): number | undefined {
  if (text === 'NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  return undefined;
}

export function formatFloat(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** AWS's coral paths name members in lowerCamelCase: `QueueUrl` → `queueUrl`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Strict UTF-8 decoding; undefined for invalid byte sequences. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
