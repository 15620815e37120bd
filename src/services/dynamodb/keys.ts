// Keys encoded so that the database's own byte ordering (SQLite BLOB, PostgreSQL BYTEA: memcmp,
// shorter first) is DynamoDB's ordering:
// - S as UTF-8 (DynamoDB orders strings by their UTF-8 bytes), B as its bytes;
// - N in DynamoDB's own binary number format (base-100 digit pairs after a sign-and-exponent byte,
//   negatives complemented and terminated), which sorts numerically byte by byte.
// A partition key is prefixed with three bytes of DynamoDB's partition hash (MD5 of "Outliers"
// and the key's bytes): a Scan walks partitions in hash order, and parallel scan segments are
// ranges of that hash, as on DynamoDB (the segment an item falls in is observable).
import { createHash } from 'node:crypto';
import type { AttributeValue } from './attribute-value.js';
import { numberParts } from './numbers.js';

const ZERO = Buffer.from([0x80]);
const POSITIVE_BASE = 0xc1;
const NEGATIVE_TERMINATOR = 102;
const MAX_MANTISSA_BYTES = 20;

/** DynamoDB's binary form of a normalised number. */
export function numberBytes(text: string): Buffer {
  const { sign, digits, exponent } = numberParts(text);
  if (sign === 0) return ZERO;
  // Digit pairs are aligned on the decimal point: an even exponent starts a pair with a zero.
  const aligned = (exponent % 2 === 0 ? '0' : '') + digits;
  const padded = aligned.length % 2 === 0 ? aligned : `${aligned}0`;
  const pairs: number[] = [];
  for (let i = 0; i < padded.length; i += 2) pairs.push(Number(padded.slice(i, i + 2)));
  const head = POSITIVE_BASE + Math.floor(exponent / 2);
  if (sign > 0) return Buffer.from([head, ...pairs.map((pair) => pair + 1)]);
  const bytes = [0xff - head, ...pairs.map((pair) => 101 - pair)];
  // A terminator greater than every digit byte makes -1.2 sort after -1.23.
  if (pairs.length < MAX_MANTISSA_BYTES) bytes.push(NEGATIVE_TERMINATOR);
  return Buffer.from(bytes);
}

/** The ordered bytes of a key attribute's value (S, N or B). */
export function keyBytes(value: AttributeValue): Buffer {
  if ('S' in value) return Buffer.from(value.S, 'utf8');
  if ('N' in value) return numberBytes(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64');
  throw new Error('a key attribute is S, N or B');
}

const HASH_PREFIX_BYTES = 3;

function partitionHash(bytes: Buffer): Buffer {
  return createHash('md5').update('Outliers').update(bytes).digest().subarray(0, HASH_PREFIX_BYTES);
}

/** The stored partition key: hash prefix, then the value's bytes. */
export function partitionKey(value: AttributeValue): Buffer {
  const bytes = keyBytes(value);
  return Buffer.concat([partitionHash(bytes), bytes]);
}

/**
 * An item's table key as an index entry stores it: prefixed with the hash of the whole table key
 * (hash and sort bytes), because DynamoDB returns index entries with equal index keys in that
 * hash's order. `tableKeyOf` takes the prefix off again.
 */
export function entryItemPartition(itemPartition: Buffer, itemSort: Buffer): Buffer {
  const hashBytes = itemPartition.subarray(HASH_PREFIX_BYTES);
  return Buffer.concat([partitionHash(Buffer.concat([hashBytes, itemSort])), itemPartition]);
}

export function tablePartitionOfEntry(entryPartition: Buffer): Buffer {
  return entryPartition.subarray(HASH_PREFIX_BYTES);
}

/** Sort keys are stored as their bytes; a table without one stores the empty string of bytes. */
export function sortKey(value: AttributeValue | undefined): Buffer {
  return value === undefined ? Buffer.alloc(0) : keyBytes(value);
}

/** DynamoDB splits the partition hash into 4,096 buckets (its first 12 bits) for parallel scans. */
const SEGMENT_BUCKETS = 4096;

/** The bucket of a stored partition key. */
export function bucketOf(partition: Buffer): number {
  return (partition[0]! << 4) | (partition[1]! >> 4);
}

/** Buckets of segment `segment` of `total`: [first, end) — the segments split them evenly. */
export function segmentBuckets(segment: number, total: number): { first: number; end: number } {
  return {
    first: Math.ceil((SEGMENT_BUCKETS * segment) / total),
    end: Math.ceil((SEGMENT_BUCKETS * (segment + 1)) / total),
  };
}

/** The smallest partition key in a bucket; undefined past the last. */
export function bucketStart(bucket: number): Buffer | undefined {
  if (bucket >= SEGMENT_BUCKETS) return undefined;
  return Buffer.from([bucket >> 4, (bucket & 0xf) << 4]);
}

/** The smallest byte string greater than every string that starts with `prefix` (begins_with). */
export function prefixEnd(prefix: Buffer): Buffer | undefined {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      bytes[i]! += 1;
      return bytes.subarray(0, i + 1);
    }
  }
  return undefined;
}
