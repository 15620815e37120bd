// Numbers are stored as DynamoDB returns them: normalised ("01.50" is "1.5"). Requests have been
// validated already, so every number here is well formed.
import type { AttributeValue, Item } from '../attribute-value.js';
import { normalizeNumber } from '../numbers.js';

export function normaliseValue(value: AttributeValue): AttributeValue {
  if ('N' in value) return { N: normalizeNumber(value.N) };
  if ('NS' in value) return { NS: value.NS.map(normalizeNumber) };
  if ('L' in value) return { L: value.L.map(normaliseValue) };
  if ('M' in value) return { M: normaliseItem(value.M) };
  return value;
}

export function normaliseItem(item: Item): Item {
  const out: Item = {};
  for (const name in item) out[name] = normaliseValue(item[name]!);
  return out;
}
