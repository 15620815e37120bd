// Ordering and equality of attribute values as DynamoDB defines them: numbers numerically,
// strings and binaries by their bytes (UTF-8 for strings); sets equal regardless of order.
import type { AttributeValue } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { compareNumbers } from '../numbers.js';

/** Orders two scalars of the same type (S, N or B). */
export function compareValues(a: AttributeValue, b: AttributeValue): number {
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('S' in a && 'S' in b) return Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if ('B' in a && 'B' in b) return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return Number.NaN;
}

export function isScalarOrderable(value: AttributeValue): boolean {
  return 'S' in value || 'N' in value || 'B' in value;
}

function sameSet(a: string[], b: string[], equal: (x: string, y: string) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => equal(x, y)));
}

const numbersEqual = (x: string, y: string) => compareNumbers(x, y) === 0;
const bytesEqual = (x: string, y: string) => Buffer.from(x, 'base64').equals(Buffer.from(y, 'base64'));

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return compareValues(a, b) === 0;
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
      return sameSet((a as { SS: string[] }).SS, (b as { SS: string[] }).SS, (x, y) => x === y);
    case 'NS':
      return sameSet((a as { NS: string[] }).NS, (b as { NS: string[] }).NS, numbersEqual);
    case 'BS':
      return sameSet((a as { BS: string[] }).BS, (b as { BS: string[] }).BS, bytesEqual);
    case 'L': {
      const [x, y] = [(a as { L: AttributeValue[] }).L, (b as { L: AttributeValue[] }).L];
      return x.length === y.length && x.every((item, i) => valuesEqual(item, y[i]!));
    }
    default: {
      const [x, y] = [
        (a as { M: Record<string, AttributeValue> }).M,
        (b as { M: Record<string, AttributeValue> }).M,
      ];
      const names = Object.keys(x);
      return (
        names.length === Object.keys(y).length &&
        names.every((name) => y[name] !== undefined && valuesEqual(x[name]!, y[name]!))
      );
    }
  }
}
