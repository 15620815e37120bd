// One state run on its own (TestState's runner), against a host whose time passes at once: the
// five-minute limit of TestState, and a task's own failure as Retry and Catch see it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host } from '../../../src/asl/interpreter.js';
import { runSingleState } from '../../../src/asl/single-state.js';
import { TaskFailure } from '../../../src/asl/task.js';

const INFO = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:TestState:run',
  name: 'run',
  roleArn: 'arn:aws:iam::000000000000:role/states',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:TestState',
  stateMachineName: 'TestState',
  startTime: 0,
};

/** `elapsing`: every wait is over at once (or else never is). */
const hostWith = (task: Host['task'], elapsing = false): Host => ({
  now: () => 0,
  sleep: () => (elapsing ? Promise.resolve() : new Promise(() => {})),
  task,
});

const TASK = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };

test('a state still running after five minutes fails with States.Timeout', async () => {
  const outcome = await runSingleState(
    TASK,
    'TestState',
    {},
    INFO,
    hostWith(() => new Promise(() => {}), true),
  );
  assert.deepEqual(outcome, {
    status: 'FAILED',
    error: 'States.Timeout',
    inspection: { input: {}, afterInputPath: {}, afterParameters: {} },
  });
});

test("a task's failure: RETRIABLE while a retrier has attempts left, then its catcher's output", async () => {
  const failing = hostWith(() => Promise.reject(new TaskFailure('Lambda.Boom', 'it blew up')));
  const retried = {
    ...TASK,
    Retry: [{ ErrorEquals: ['Lambda.Boom'] }],
    Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handle', ResultPath: '$.failure' }],
  };
  const retriable = await runSingleState(retried, 'TestState', { a: 1 }, INFO, failing);
  assert.equal(retriable.status, 'RETRIABLE');
  assert.equal(retriable.error, 'Lambda.Boom');
  // The defaults: IntervalSeconds 1, BackoffRate 2.0; two attempts made already give 1 × 2² = 4.
  const spent = await runSingleState(retried, 'TestState', { a: 1 }, INFO, failing, { retryCount: 2 });
  assert.deepEqual(spent.errorDetails, { retryIndex: 0, retryBackoffIntervalSeconds: 4 });
  const exhausted = await runSingleState(retried, 'TestState', { a: 1 }, INFO, failing, { retryCount: 3 });
  assert.equal(exhausted.status, 'CAUGHT_ERROR');
  const caught = await runSingleState({ ...retried, Retry: [] }, 'TestState', { a: 1 }, INFO, failing);
  assert.deepEqual(caught, {
    status: 'CAUGHT_ERROR',
    error: 'Lambda.Boom',
    cause: 'it blew up',
    output: { a: 1, failure: { Error: 'Lambda.Boom', Cause: 'it blew up' } },
    nextState: 'Handle',
    inspection: { input: { a: 1 }, afterInputPath: { a: 1 }, afterParameters: { a: 1 } },
    errorDetails: { catchIndex: 0 },
  });
});
