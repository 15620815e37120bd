// How Step Functions' Java engine sees JSON values, where that shows through in intrinsic function
// results: String.valueOf forms, equality and hash codes (HashSet order), and java.util.Random.

export type JsonObject = Record<string, unknown>;

/** A Java int's range: intrinsic functions refuse integers outside it. */
export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
// Java's view of JSON values. Integers in int range are Integers, larger ones Longs, others Doubles.

const LONG_LIMIT = 2 ** 63;

function isJavaLong(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < LONG_LIMIT;
}

/** String.valueOf of the Java value: what States.Format prints and States.ArrayContains compares. */
export function javaString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(item)}`)
      .join(', ')}}`;
  }
  return 'null';
}

/** Integer.toString / Long.toString, or Double.toString (1.5, 1.0E-4, 1.0E21). */
function javaNumber(value: number): string {
  if (isJavaLong(value)) return BigInt(value).toString();
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Jackson's compact JSON (what States.JsonToString returns), numbers written as Java writes them. */
export function javaJson(value: unknown): string {
  if (typeof value === 'number') return javaNumber(value);
  if (Array.isArray(value)) return `[${value.map(javaJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${javaJson(item)}`)
      .join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Object.hashCode of the Java value (String, Integer, Long, Double, Boolean, List and Map rules). */
function javaHashCode(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1231 : 1237;
  if (typeof value === 'string') return stringHashCode(value);
  if (typeof value === 'number') return numberHashCode(value);
  if (Array.isArray(value)) {
    return value.reduce<number>((hash, item) => (Math.imul(31, hash) + javaHashCode(item)) | 0, 1);
  }
  return Object.entries(value as JsonObject).reduce(
    (hash, [key, item]) => (hash + (stringHashCode(key) ^ javaHashCode(item))) | 0,
    0,
  );
}

function stringHashCode(text: string): number {
  let hash = 0;
  for (let at = 0; at < text.length; at++) hash = (Math.imul(31, hash) + text.charCodeAt(at)) | 0;
  return hash;
}

function numberHashCode(value: number): number {
  if (Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX) return value | 0;
  return foldLong(isJavaLong(value) ? BigInt(value) : doubleBits(value));
}

/** (int) (bits ^ (bits >>> 32)), the hash of a Long and of a Double's bits. */
function foldLong(bits: bigint): number {
  const unsigned = BigInt.asUintN(64, bits);
  return Number(BigInt.asIntN(32, unsigned ^ (unsigned >> 32n)));
}

function doubleBits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0);
}

/** Object.equals of the Java values: maps equal whatever their key order, lists in order. */
function javaEquals(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => javaEquals(item, right[index]))
    );
  }
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && javaEquals(left[key], right[key]))
    );
  }
  return (left ?? null) === (right ?? null);
}

/**
 * The distinct items in the order `new ArrayList<>(new HashSet<>(items))` gives them, which is what
 * AWS answers: [true, false, true] becomes [false, true], [[1,2],[1,2],[2,1]] becomes [[2,1],[1,2]].
 * The table is sized and grown as java.util.HashMap does (Java 17); bins that HashMap would turn
 * into trees (9 colliding items in a table of 64 or more) keep insertion order here.
 */
export function javaHashSetOrder(items: unknown[]): unknown[] {
  let capacity = tableSizeFor(Math.max(Math.trunc(Math.fround(items.length / 0.75)) + 1, 16));
  let bins: { hash: number; value: unknown }[][] = emptyBins(capacity);
  let size = 0;
  const grow = () => {
    const old = bins;
    capacity *= 2;
    bins = emptyBins(capacity);
    for (const entry of old.flat()) bins[entry.hash & (capacity - 1)]!.push(entry);
  };
  for (const value of items) {
    const code = javaHashCode(value);
    const hash = code ^ (code >>> 16);
    const bin = bins[hash & (capacity - 1)]!;
    if (bin.some((entry) => entry.hash === hash && javaEquals(entry.value, value))) continue;
    bin.push({ hash, value });
    // HashMap grows instead of making a tree of a crowded bin while the table is under 64.
    if (bin.length > 8 && capacity < 64) grow();
    if (++size > capacity * 0.75) grow();
  }
  return bins.flat().map((entry) => entry.value);
}

function emptyBins(capacity: number): { hash: number; value: unknown }[][] {
  return Array.from({ length: capacity }, () => []);
}

function tableSizeFor(capacity: number): number {
  let size = 1;
  while (size < capacity && size < 2 ** 30) size *= 2;
  return size;
}

/** java.util.Random: the 48-bit linear congruential generator, seeded as `new Random(long)`. */
export class JavaRandom {
  private static readonly MULTIPLIER = 0x5deece66dn;
  private static readonly MASK = (1n << 48n) - 1n;
  private seed: bigint;

  constructor(seed: number) {
    this.seed = (javaLong(seed) ^ JavaRandom.MULTIPLIER) & JavaRandom.MASK;
  }

  nextInt(bound: number): number {
    const limit = bound - 1;
    if ((bound & limit) === 0) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      if (bits - value + limit <= INT_MAX) return value;
    }
  }

  private next(bits: number): number {
    this.seed = (this.seed * JavaRandom.MULTIPLIER + 0xbn) & JavaRandom.MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
}

/** Java's (long) cast of a double: the fraction cut off, out-of-range values held at the limits. */
function javaLong(value: number): bigint {
  if (value >= LONG_LIMIT) return (1n << 63n) - 1n;
  if (value <= -LONG_LIMIT) return -(1n << 63n);
  return BigInt(Math.trunc(value));
}
