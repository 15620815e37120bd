import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addNumbers,
  compareNumbers,
  normalizeNumber,
  numberParts,
  subtractNumbers,
} from '../../../src/services/dynamodb/numbers.js';

test('numbers are normalised as DynamoDB returns them', () => {
  assert.equal(normalizeNumber('1.50'), '1.5');
  assert.equal(normalizeNumber('1e2'), '100');
  assert.equal(normalizeNumber('-0'), '0');
  assert.equal(normalizeNumber('+007'), '7');
  assert.equal(normalizeNumber('.5'), '0.5');
  assert.equal(normalizeNumber('1E-130'), `0.${'0'.repeat(129)}1`);
  assert.equal(
    normalizeNumber('12345678901234567890123456789012345678'),
    '12345678901234567890123456789012345678',
  );
});

test('invalid numbers get DynamoDB messages', () => {
  assert.throws(() => normalizeNumber(''), {
    message: 'The parameter cannot be converted to a numeric value',
  });
  assert.throws(() => normalizeNumber('b'), {
    message: 'The parameter cannot be converted to a numeric value: b',
  });
  assert.throws(() => normalizeNumber('0x10'), {
    message: 'The parameter cannot be converted to a numeric value: 0x10',
  });
  assert.throws(() => normalizeNumber('123456789012345678901234567890123456789'), {
    message: 'Attempting to store more than 38 significant digits in a Number',
  });
  assert.throws(() => normalizeNumber('-1e126'), { message: /^Number overflow/ });
  assert.throws(() => normalizeNumber('1e-131'), { message: /^Number underflow/ });
});

test('parts, comparison and exact arithmetic', () => {
  assert.deepEqual(numberParts('-0.0500'), { sign: -1, digits: '5', exponent: -2 });
  assert.deepEqual(numberParts('1200'), { sign: 1, digits: '12', exponent: 3 });
  assert.deepEqual(numberParts('0'), { sign: 0, digits: '', exponent: 0 });
  assert.equal(compareNumbers('10', '9.99'), 1);
  assert.equal(compareNumbers('-1', '1'), -1);
  assert.equal(compareNumbers('1.0', '1'), 0);
  assert.equal(addNumbers('0.1', '0.2'), '0.3');
  assert.equal(subtractNumbers('1', '1e-37'), '0.9999999999999999999999999999999999999');
  assert.throws(() => addNumbers('9.9999999999999999999999999999999999999e125', '1e125'), {
    message: /^Number overflow/,
  });
});
