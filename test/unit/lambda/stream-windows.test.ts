import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamRecord } from '../../../src/services/lambda/stream-poller.js';
import {
  returnedState,
  sameWindowPrefix,
  stateTooLarge,
  windowEvent,
  windowStartOf,
} from '../../../src/services/lambda/stream-windows.js';

const record = (createdS: number) =>
  ({ dynamodb: { ApproximateCreationDateTime: createdS, SequenceNumber: String(createdS) } }) as StreamRecord;

test('windows start at multiples of their length; a batch is cut where the next window begins', () => {
  assert.equal(windowStartOf(record(1_000_059.5), 60), 1_000_020);
  assert.equal(sameWindowPrefix([record(120), record(179), record(180), record(181)], 60), 2);
  assert.equal(sameWindowPrefix([record(120), record(121)], 60), 2);
});

test('the window event carries the window, its state and the flags', () => {
  const event = windowEvent([], {
    window: { startS: 1_600_000_200, state: { n: 1 } },
    lengthS: 300,
    shardId: 'shardId-1',
    eventSourceARN: 'arn',
    final: true,
    terminatedEarly: false,
  });
  assert.deepEqual(event, {
    Records: [],
    window: { start: '2020-09-13T12:30:00Z', end: '2020-09-13T12:35:00Z' },
    state: { n: 1 },
    shardId: 'shardId-1',
    eventSourceARN: 'arn',
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
  });
});

test('a response must carry a state object', () => {
  const payload = (value: unknown) => Buffer.from(JSON.stringify(value));
  assert.deepEqual(returnedState(payload({ state: { a: 1 }, batchItemFailures: [] })), { a: 1 });
  assert.deepEqual(returnedState(payload({ state: null })), {});
  assert.equal(returnedState(payload({ batchItemFailures: [] })), undefined);
  assert.equal(returnedState(payload({ state: [1] })), undefined);
  assert.equal(returnedState(payload(null)), undefined);
  assert.equal(returnedState(Buffer.from('not json')), undefined);
  assert.equal(returnedState(undefined), undefined);
});

test('a state over 1 MB is too large', () => {
  assert.equal(stateTooLarge({ s: 'x'.repeat(1024 * 1024 - 8) }), false);
  assert.equal(stateTooLarge({ s: 'x'.repeat(1024 * 1024) }), true);
});
