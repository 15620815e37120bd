// An item's size as DynamoDB counts it against the 400 KB limit and capacity units (AWS docs,
// "Item sizes and formats"): attribute names' UTF-8 bytes plus each value's size.
import type { AttributeValue, Item } from '../attribute-value.js';
import { numberBytes } from '../keys.js';

/** Lists and maps: 3 bytes, plus 1 per element. */
const DOCUMENT_OVERHEAD = 3;

/** A number is stored in DynamoDB's binary form: its size is that form's length. */
function numberSize(text: string): number {
  return numberBytes(text).length;
}

export function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Buffer.byteLength(value.B, 'base64');
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + Buffer.byteLength(b, 'base64'), 0);
  if ('L' in value) return value.L.reduce((sum, v) => sum + 1 + valueSize(v), DOCUMENT_OVERHEAD);
  return Object.entries(value.M).reduce(
    (sum, [name, v]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueSize(v),
    DOCUMENT_OVERHEAD,
  );
}

export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += Buffer.byteLength(name, 'utf8') + valueSize(item[name]!);
  return size;
}
