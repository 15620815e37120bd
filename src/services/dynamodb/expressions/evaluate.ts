// Evaluating conditions (ConditionExpression, FilterExpression, and the legacy Expected and
// QueryFilter/ScanFilter written as conditions) against an item, as DynamoDB does: comparisons of
// different types are false, ordering needs scalars of one type, a missing attribute matches
// nothing but `<>` and attribute_not_exists.
import type { AttributeValue, Item } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { compareValues, isScalarOrderable, valuesEqual } from './compare.js';
import { valueAt } from './paths.js';
import type { Condition, Operand } from './resolved.js';

function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (!value) return undefined;
  // A string's size is its length in characters ('abÿ' is 3), a binary's in bytes.
  if ('S' in value) return { N: String(value.S.length) };
  if ('B' in value) return { N: String(Buffer.byteLength(value.B, 'base64')) };
  if ('SS' in value) return { N: String(value.SS.length) };
  if ('NS' in value) return { N: String(value.NS.length) };
  if ('BS' in value) return { N: String(value.BS.length) };
  if ('L' in value) return { N: String(value.L.length) };
  if ('M' in value) return { N: String(Object.keys(value.M).length) };
  return undefined;
}

export function operandValue(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  if (operand.kind === 'path') return valueAt(item, operand.path);
  if (operand.kind === 'value') return operand.value;
  if (operand.kind === 'call' && operand.name === 'size') return sizeOf(operandValue(operand.args[0]!, item));
  return undefined;
}

function ordered(left: AttributeValue | undefined, right: AttributeValue | undefined): number | undefined {
  if (!left || !right || !isScalarOrderable(left) || typeOf(left) !== typeOf(right)) return undefined;
  return compareValues(left, right);
}

function compare(op: string, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  if (op === '=') return left !== undefined && right !== undefined && valuesEqual(left, right);
  if (op === '<>') return !(left !== undefined && right !== undefined && valuesEqual(left, right));
  const order = ordered(left, right);
  if (order === undefined) return false;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

function beginsWith(value: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (!value || !prefix) return false;
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const bytes = Buffer.from(value.B, 'base64');
    const start = Buffer.from(prefix.B, 'base64');
    return bytes.subarray(0, start.length).equals(start);
  }
  return false;
}

function contains(value: AttributeValue | undefined, part: AttributeValue | undefined): boolean {
  if (!value || !part) return false;
  if ('S' in value) return 'S' in part && value.S.includes(part.S);
  if ('B' in value)
    return 'B' in part && Buffer.from(value.B, 'base64').includes(Buffer.from(part.B, 'base64'));
  if ('SS' in value) return 'S' in part && value.SS.includes(part.S);
  if ('NS' in value) return 'N' in part && value.NS.some((n) => valuesEqual({ N: n }, part));
  if ('BS' in value) return 'B' in part && value.BS.some((b) => valuesEqual({ B: b }, part));
  if ('L' in value) return value.L.some((element) => valuesEqual(element, part));
  return false;
}

function callFunction(name: string, args: Operand[], item: Item | undefined): boolean {
  const values = args.map((arg) => operandValue(arg, item));
  switch (name) {
    case 'attribute_exists':
      return values[0] !== undefined;
    case 'attribute_not_exists':
      return values[0] === undefined;
    case 'attribute_type': {
      const type = values[1];
      return values[0] !== undefined && type !== undefined && 'S' in type && typeOf(values[0]) === type.S;
    }
    case 'begins_with':
      return beginsWith(values[0], values[1]);
    default:
      return contains(values[0], values[1]);
  }
}

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'compare':
      return compare(condition.op, operandValue(condition.left, item), operandValue(condition.right, item));
    case 'between': {
      const value = operandValue(condition.subject, item);
      const low = ordered(value, operandValue(condition.low, item));
      const high = ordered(value, operandValue(condition.high, item));
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'in': {
      const value = operandValue(condition.subject, item);
      return (
        value !== undefined &&
        condition.items.some((candidate) => compare('=', value, operandValue(candidate, item)))
      );
    }
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'true':
      return true;
    default:
      return callFunction(condition.name, condition.args, item);
  }
}
