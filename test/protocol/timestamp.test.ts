// Timestamps in every form AWS uses on the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp, parseTimestamp, toDate } from '../../src/protocol/timestamp.js';

const INSTANT = '1994-11-06T08:49:37.000Z';

test('parses epoch seconds, ISO 8601 and the three HTTP date forms', () => {
  const forms = [
    784111777,
    '784111777',
    '784111777.000',
    '1994-11-06T08:49:37Z',
    '1994-11-06T08:49:37.000Z',
    '1994-11-06T09:49:37+01:00',
    '19941106T084937Z',
    'Sun, 06 Nov 1994 08:49:37 GMT',
    'Sunday, 06-Nov-94 08:49:37 GMT',
    'Sun Nov  6 08:49:37 1994',
  ];
  for (const form of forms) assert.equal(parseTimestamp(form)?.toISOString(), INSTANT, String(form));
  assert.equal(parseTimestamp('1700000000.123')?.getTime(), 1700000000123);
});

test('rejects what is not a timestamp', () => {
  for (const bad of [
    '',
    'yesterday',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '1e400',
    'Sun, 06 Foo 1994 08:49:37 GMT',
  ]) {
    assert.equal(parseTimestamp(bad), undefined, bad);
  }
});

test('formats epoch seconds with fraction, ISO 8601 and http-date', () => {
  const date = new Date('2024-01-02T03:04:05.678Z');
  assert.equal(formatTimestamp(date, 'unixTimestamp'), 1704164645.678);
  assert.equal(formatTimestamp(date, 'iso8601'), '2024-01-02T03:04:05.678Z');
  assert.equal(formatTimestamp(date, 'rfc822'), 'Tue, 02 Jan 2024 03:04:05 GMT');
});

test('operation outputs may give Dates, epoch milliseconds or strings', () => {
  assert.equal(toDate(1704164645678).toISOString(), '2024-01-02T03:04:05.678Z');
  assert.equal(toDate(new Date(0)).getTime(), 0);
  assert.equal(toDate('2024-01-02T03:04:05Z').toISOString(), '2024-01-02T03:04:05.000Z');
  assert.throws(() => toDate('nope'), TypeError);
});
