// The size DynamoDB counts against a Query's or Scan's 1 MB page: the item in its storage form,
// not its billing size. Attribute names take one byte each; values carry small length headers;
// each item adds a fixed overhead that grows with every 3 KB and includes the sort key's value
// (the rule reproduces what DynamoDB's paging was observed to do, e.g. dynalite's recordings).
import type { AttributeValue, Item } from '../attribute-value.js';
import { numberBytes } from '../keys.js';

/** A Query or Scan page ends once this much has been read. */
export const PAGE_LIMIT_BYTES = 1024 * 1024;

function textBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A length header: 1 byte below 128, 2 below 16 KB, else 3. */
function lengthHeader(length: number): number {
  if (length < 128) return 1;
  return length < 16384 ? 2 : 3;
}

function storedValueBytes(value: AttributeValue): number {
  if ('S' in value) {
    const length = textBytes(value.S);
    return length + lengthHeader(length);
  }
  if ('N' in value) return numberBytes(value.N).length + 1;
  if ('B' in value) return Buffer.byteLength(value.B, 'base64') + 1;
  if ('NULL' in value) return 0;
  if ('BOOL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + textBytes(s), 0) + value.SS.length + 1;
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberBytes(n).length, 0) + value.NS.length + 1;
  if ('BS' in value)
    return value.BS.reduce((sum, b) => sum + Buffer.byteLength(b, 'base64'), 0) + value.BS.length + 1;
  if ('L' in value) return value.L.reduce((sum, v) => sum + 1 + storedValueBytes(v), 3);
  const names = Object.keys(value.M);
  return 3 + names.length + storedMembersBytes(value.M);
}

function storedMembersBytes(item: Item): number {
  let size = 0;
  for (const name in item) size += storedValueBytes(item[name]!) + 1;
  return size;
}

export function pageBytes(item: Item, rangeKey: string | undefined): number {
  let size = 0;
  let rangeBytes = 0;
  for (const name in item) {
    const bytes = storedValueBytes(item[name]!);
    if (name === rangeKey) rangeBytes = bytes;
    else size += bytes + 1;
  }
  return 2 + size + (1 + Math.floor((1 + size) / 3072)) * (18 + rangeBytes);
}
