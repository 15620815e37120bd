// DynamoDB numbers: decimal, up to 38 significant digits, magnitude between 1E-130 and
// 9.9999999999999999999999999999999999999E+125 (or zero). They are stored and returned normalised
// ("1.50" → "1.5", "1e2" → "100", "-0" → "0"), and arithmetic is exact (big.js, no binary floats).
import BigModule from 'big.js';
import type { Big } from 'big.js';

const Decimal = BigModule();
// Never round silently, never switch to exponent notation when printing.
Decimal.DP = 200;
Decimal.NE = -1_000;
Decimal.PE = 1_000;
Decimal.strict = false;

const MAX_SIGNIFICANT_DIGITS = 38;
const MAX_EXPONENT = 125;
const MIN_EXPONENT = -130;

/** A number that DynamoDB refuses, with DynamoDB's message (callers add their own prefix). */
export class NumberError extends Error {}

/** DynamoDB's number syntax: optional sign, digits with an optional point, optional exponent. */
const NUMBER_SYNTAX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(text: string): Big {
  if (text === '') throw new NumberError('The parameter cannot be converted to a numeric value');
  const trimmed = text.trim();
  if (!NUMBER_SYNTAX.test(trimmed)) {
    throw new NumberError(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  // big.js refuses a leading '+', which DynamoDB accepts.
  return new Decimal(trimmed.replace(/^\+/, ''));
}

/** Range, then precision, as DynamoDB checks them; zero always passes. */
function checkRange(value: Big): Big {
  if (value.eq(0)) return new Decimal(0);
  if (value.e > MAX_EXPONENT) {
    throw new NumberError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (value.e < MIN_EXPONENT) {
    throw new NumberError(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  if (value.c.length > MAX_SIGNIFICANT_DIGITS) {
    throw new NumberError('Attempting to store more than 38 significant digits in a Number');
  }
  return value;
}

/** The canonical text of a valid DynamoDB number; throws NumberError for anything else. */
export function normalizeNumber(text: string): string {
  return checkRange(parseDecimal(text)).toFixed();
}

/** Sign, significant digits (no trailing zeros) and decimal exponent of a normalised number. */
export interface NumberParts {
  sign: -1 | 0 | 1;
  /** Significant digits, first one non-zero; empty for zero. */
  digits: string;
  /** Exponent of the first digit: 123 has exponent 2, 0.05 has exponent -2. */
  exponent: number;
}

export function numberParts(text: string): NumberParts {
  const value = new Decimal(text);
  if (value.eq(0)) return { sign: 0, digits: '', exponent: 0 };
  const digits = value.c.join('').replace(/0+$/, '');
  return { sign: value.s < 0 ? -1 : 1, digits, exponent: value.e };
}

export function compareNumbers(left: string, right: string): -1 | 0 | 1 {
  return new Decimal(left).cmp(new Decimal(right));
}

/** Exact sum, checked against DynamoDB's range as the result of an update is. */
export function addNumbers(left: string, right: string): string {
  return checkRange(new Decimal(left).plus(new Decimal(right))).toFixed();
}

export function subtractNumbers(left: string, right: string): string {
  return checkRange(new Decimal(left).minus(new Decimal(right))).toFixed();
}
