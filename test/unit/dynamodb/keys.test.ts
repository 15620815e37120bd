import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bucketOf,
  numberBytes,
  partitionKey,
  prefixEnd,
  segmentBuckets,
} from '../../../src/services/dynamodb/keys.js';
import { compareNumbers, normalizeNumber } from '../../../src/services/dynamodb/numbers.js';

const NUMBERS = [
  '-9.9999999999999999999999999999999999999E+125',
  '-1000',
  '-999.9',
  '-100',
  '-1.23',
  '-1.2',
  '-1',
  '-0.5',
  '-0.09',
  '-1E-130',
  '0',
  '1E-130',
  '0.012345',
  '0.5',
  '1',
  '1.2',
  '1.23',
  '10',
  '99',
  '100',
  '101',
  '999.9',
  '12345678901234567890123456789012345678',
  '9.9999999999999999999999999999999999999E+125',
].map(normalizeNumber);

describe('key encoding', () => {
  test('numbers sort numerically byte by byte', () => {
    const byBytes = [...NUMBERS].sort((a, b) => Buffer.compare(numberBytes(a), numberBytes(b)));
    assert.deepEqual(byBytes, [...NUMBERS].sort(compareNumbers));
    assert.deepEqual(byBytes, NUMBERS);
  });

  test('numbers use DynamoDB’s base-100 binary form', () => {
    assert.deepEqual([...numberBytes('0')], [0x80]);
    assert.deepEqual([...numberBytes('1')], [0xc1, 2]);
    assert.deepEqual([...numberBytes('100')], [0xc2, 2]);
    assert.deepEqual([...numberBytes('0.5')], [0xc0, 51]);
    assert.deepEqual([...numberBytes('-1')], [0x3e, 100, 102]);
  });

  // Which of 4,096 parallel-scan segments an item falls in, as recorded against DynamoDB.
  test('partition keys fall in DynamoDB’s hash segments', () => {
    const bucket = (value: { S: string } | { N: string }) => bucketOf(partitionKey(value));
    assert.equal(bucket({ S: '3635' }), 0);
    assert.equal(bucket({ S: '228' }), 0);
    assert.equal(bucket({ S: '1668' }), 1);
    assert.equal(bucket({ S: '3435' }), 4);
    assert.equal(bucket({ N: '251' }), 1);
    assert.equal(bucket({ N: '2388' }), 4095);
  });

  test('segments split the 4,096 buckets evenly', () => {
    assert.deepEqual(segmentBuckets(0, 1), { first: 0, end: 4096 });
    assert.deepEqual(segmentBuckets(1, 3), { first: 1366, end: 2731 });
    assert.deepEqual(segmentBuckets(4095, 4096), { first: 4095, end: 4096 });
  });

  test('the end of a prefix range', () => {
    assert.deepEqual(prefixEnd(Buffer.from('ab')), Buffer.from('ac'));
    assert.deepEqual(prefixEnd(Buffer.from([0x61, 0xff])), Buffer.from('b'));
    assert.equal(prefixEnd(Buffer.from([0xff])), undefined);
  });
});
