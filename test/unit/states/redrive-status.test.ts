// Whether an ended execution can be redriven (redrive-status.ts), at the limits AWS documents: a
// history of fewer than 24,999 events, one year from the start, 14 days from the end; and the
// reasons DescribeExecution gives when it cannot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_OPEN_MS,
  REDRIVABLE_PERIOD_MS,
  REDRIVE_EVENT_LIMIT,
  redriveStatusOf,
  type RedriveContext,
} from '../../../src/services/states/redrive-status.js';
import type { ExecutionRow } from '../../../src/services/states/store.js';

const STARTED = Date.UTC(2026, 0, 1);

const execution = (fields: Partial<ExecutionRow> = {}): ExecutionRow => ({
  arn: 'arn:aws:states:us-east-1:000000000000:execution:m:e',
  machine_arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
  name: 'e',
  status: 'FAILED',
  definition: '{}',
  role_arn: 'arn:aws:iam::000000000000:role/r',
  input: '{}',
  output: null,
  error: 'Oops',
  cause: null,
  started_at: STARTED,
  stopped_at: STARTED + 1000,
  checkpoint: JSON.stringify({ state: 'A', input: {}, variables: {}, events: 3 }),
  ...fields,
});

const context = (fields: Partial<RedriveContext> = {}): RedriveContext => ({
  now: STARTED + 2000,
  machineExists: true,
  lastEventId: 5,
  ...fields,
});

const reason = (row: ExecutionRow, at: RedriveContext) => {
  const status = redriveStatusOf(row, at);
  return status.redriveStatus === 'REDRIVABLE' ? 'REDRIVABLE' : status.redriveStatusReason;
};

test('FAILED, TIMED_OUT and ABORTED executions are redrivable; RUNNING and SUCCEEDED ones are not', () => {
  for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'])
    assert.equal(reason(execution({ status }), context()), 'REDRIVABLE');
  assert.equal(
    reason(execution({ status: 'RUNNING', stopped_at: null }), context()),
    'Execution is RUNNING and cannot be redriven',
  );
  assert.equal(
    reason(execution({ status: 'SUCCEEDED' }), context()),
    'Execution is SUCCEEDED and cannot be redriven',
  );
});

test('a history of 24,999 events leaves no room for ExecutionRedriven and one more', () => {
  assert.equal(reason(execution(), context({ lastEventId: REDRIVE_EVENT_LIMIT - 1 })), 'REDRIVABLE');
  assert.equal(
    reason(execution(), context({ lastEventId: REDRIVE_EVENT_LIMIT })),
    'Execution history event limit exceeded',
  );
});

test('14 days from the end, and one year from the start, at most', () => {
  const stopped = STARTED + 1000;
  assert.equal(reason(execution(), context({ now: stopped + REDRIVABLE_PERIOD_MS })), 'REDRIVABLE');
  assert.equal(
    reason(execution(), context({ now: stopped + REDRIVABLE_PERIOD_MS + 1 })),
    'Execution redrivable period exceeded',
  );
  // Ended just now, but started over a year ago (redriven meanwhile).
  const late = STARTED + MAX_OPEN_MS + 1;
  assert.equal(
    reason(execution({ stopped_at: late }), context({ now: late })),
    'Execution has exceeded the max execution time',
  );
});

test('a machine being deleted, or an execution ended before redrives were kept, is not redrivable', () => {
  assert.equal(reason(execution(), context({ machineExists: false })), 'State machine is in DELETING status');
  assert.equal(
    reason(execution({ checkpoint: null }), context()),
    'Execution was started before the launch of RedriveExecution',
  );
});
