import assert from 'node:assert/strict';
import { test } from 'node:test';
import { putLogEventsBatches } from '../../../src/services/logs/writer.js';

const events = (count: number, bytes: number) =>
  Array.from({ length: count }, (_, i) => ({ timestamp: i, message: 'x'.repeat(bytes) }));

test('invocation logs go out in PutLogEvents batches of at most 10,000 events, in order', () => {
  const batches = putLogEventsBatches(events(20_001, 1));
  assert.deepEqual(
    batches.map((batch) => batch.length),
    [10_000, 10_000, 1],
  );
  assert.deepEqual(
    batches.flat().map((event) => event.timestamp),
    events(20_001, 1).map((event) => event.timestamp),
  );
});

test('a batch holds at most 1,048,576 bytes, counting 26 bytes per event', () => {
  // 100,000-byte messages: ten (1,000,260 bytes) fit, an eleventh would not.
  const batches = putLogEventsBatches(events(25, 100_000));
  assert.deepEqual(
    batches.map((batch) => batch.length),
    [10, 10, 5],
  );
  assert.deepEqual(putLogEventsBatches([]), []);
});
