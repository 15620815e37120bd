// The interpreter's side of mocked tasks and of the wait scale: a Wait saves its scaled end, and
// a resumed Wait keeps the end it saved whatever the scale now; a retry's interval is scaled; a
// mocked callback task is recorded as its call and answers at once, its token issued but unused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExecution, type Checkpoint, type Host } from '../../../src/asl/interpreter.js';
import type { Machine } from '../../../src/asl/definition.js';
import type { MockedAnswer, TaskRequest } from '../../../src/asl/task.js';

const START = Date.UTC(2026, 0, 1);
const INFO = {
  executionArn: 'arn:aws:states:us-east-1:111111111111:execution:machine:run',
  name: 'run',
  roleArn: 'role',
  stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:machine',
  stateMachineName: 'machine',
  startTime: START,
};

/** Time that passes only when the execution waits; `slept` lists the waits. */
function manualHost(extra: Partial<Host> = {}): Host & { slept: number[] } {
  let now = START;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    ...extra,
  };
}

const WAIT_HOUR: Machine = {
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } },
} as unknown as Machine;

test('a Wait saves its scaled end, and waits that long', async () => {
  const host = manualHost({ waitScale: 0.001 });
  const saved: Checkpoint[] = [];
  const durable = { save: async (point: Checkpoint) => void saved.push(point) };
  const { outcome } = await runExecution(WAIT_HOUR, {}, INFO, host, true, durable);
  assert.equal(outcome.status, 'SUCCEEDED');
  assert.deepEqual(host.slept, [3_600]);
  assert.equal(saved.at(-1)!.waiting!.until, START + 3_600);
});

test('a resumed Wait waits for the end it saved, whatever the scale is now', async () => {
  const host = manualHost({ waitScale: 1 });
  const resume: Checkpoint = {
    state: 'Wait',
    input: {},
    variables: {},
    events: 2,
    waiting: { entered: 2, until: START + 3_600 },
  };
  const durable = { save: async () => undefined, resume };
  const { outcome } = await runExecution(WAIT_HOUR, {}, INFO, host, true, durable);
  assert.equal(outcome.status, 'SUCCEEDED');
  assert.deepEqual(host.slept, [3_600]);
});

test('a retry interval is scaled, a mocked Throw retried and then its Return', async () => {
  const answers: MockedAnswer[] = [
    { Throw: { Error: 'Flaky', Cause: 'first time' } },
    { Return: { answer: 42 } },
  ];
  const asked: TaskRequest[] = [];
  const host = manualHost({
    waitScale: 0.5,
    mockedTask: async (request) => {
      asked.push(request);
      return answers.shift();
    },
  });
  const machine = {
    StartAt: 'Task',
    States: {
      Task: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 10, MaxAttempts: 1 }],
        End: true,
      },
    },
  } as unknown as Machine;
  const { outcome, history } = await runExecution(machine, {}, INFO, host);
  assert.deepEqual(outcome, { status: 'SUCCEEDED', output: { answer: 42 } });
  assert.deepEqual(host.slept, [5_000]);
  assert.deepEqual(
    asked.map((request) => request.state),
    ['Task', 'Task'],
  );
  assert.deepEqual(history.map((event) => event.type).slice(2, 8), [
    'TaskScheduled',
    'TaskStarted',
    'TaskFailed',
    'TaskScheduled',
    'TaskStarted',
    'TaskSucceeded',
  ]);
});

test('a mocked callback task answers at once: its token is issued, never opened or waited for', async () => {
  const issued: string[] = [];
  const host = manualHost({
    mockedTask: async () => ({ Return: 'done' }),
    callbacks: {
      issue: () => {
        issued.push('token-1');
        return 'token-1';
      },
      open: () => assert.fail('a mocked task opens no token'),
      answer: () => assert.fail('a mocked task waits for no callback'),
      queue: () => assert.fail('no activity here'),
      activityProgress: () => assert.fail('no activity here'),
    },
  });
  const machine = {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
        End: true,
      },
    },
  } as unknown as Machine;
  const { outcome, history } = await runExecution(machine, {}, INFO, host);
  assert.deepEqual(outcome, { status: 'SUCCEEDED', output: 'done' });
  assert.deepEqual(issued, ['token-1']);
  const scheduled = history.find((event) => event.type === 'TaskScheduled')!;
  assert.deepEqual(
    JSON.parse((scheduled['taskScheduledEventDetails'] as { parameters: string }).parameters),
    {
      QueueUrl: 'q',
      MessageBody: 'token-1',
    },
  );
  assert.ok(!history.some((event) => event.type === 'TaskSubmitted'));
});
