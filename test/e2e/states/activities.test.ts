// Activities through @aws-sdk/client-sfn on both storages: CreateActivity (idempotent by name),
// DescribeActivity, ListActivities, DeleteActivity and tags; a Task state on an activity queues its
// effective input for a worker, which takes it with GetActivityTask (a long poll of up to 60 s,
// woken by the scheduling) and answers with SendTaskSuccess or SendTaskFailure, recorded as AWS
// records activities; HeartbeatSeconds counts from the worker's taking it, TimeoutSeconds from the
// scheduling. The node runs a manual clock, so that timeouts happen when the test says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListTagsForResourceCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type GetActivityTaskCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { eventually, rejects } from '../sqs/support.js';
import { ended, recorded } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const arnOf = (name: string, account = ACCOUNT) => `arn:aws:states:us-east-1:${account}:activity:${name}`;

/** One Task state on the activity; any error is caught into `$.error`. */
function machine(activityArn: string, fields: Record<string, unknown> = {}) {
  return {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: activityArn,
        ...fields,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };
}

/** Resolves when a promise has settled within `ms` of real time (to show that a poll still waits). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

for (const storage of storages()) {
  describe(`Step Functions activities (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let names = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    const activity = async (prefix = 'activity') =>
      (await sfn.send(new CreateActivityCommand({ name: `${prefix}-${++names}` }))).activityArn!;

    /** Starts an execution of `definition` and waits until its activity task is scheduled. */
    async function started(definition: object, input: unknown = {}) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `worker-machine-${++names}`,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
      );
      await recorded(sfn, executionArn!, 'ActivityScheduled');
      return executionArn!;
    }

    const poll = (activityArn: string, workerName?: string) =>
      sfn.send(new GetActivityTaskCommand({ activityArn, ...(workerName && { workerName }) }));

    const history = async (executionArn: string): Promise<HistoryEvent[]> =>
      (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const types = async (executionArn: string) => (await history(executionArn)).map((event) => event.type);
    const event = async (executionArn: string, type: string) =>
      (await history(executionArn)).find((each) => each.type === type)!;

    test('CreateActivity is idempotent by name: the same ARN and date, other tags not applied', async () => {
      const first = await sfn.send(
        new CreateActivityCommand({ name: 'idempotent', tags: [{ key: 'team', value: 'a' }] }),
      );
      assert.equal(first.activityArn, arnOf('idempotent'));
      await nubis.advanceClock(5_000);
      const again = await sfn.send(
        new CreateActivityCommand({ name: 'idempotent', tags: [{ key: 'team', value: 'b' }] }),
      );
      assert.equal(again.activityArn, first.activityArn);
      assert.equal(again.creationDate!.getTime(), first.creationDate!.getTime());
      const { tags } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: first.activityArn }));
      assert.deepEqual(tags, [{ key: 'team', value: 'a' }]);

      const described = await sfn.send(new DescribeActivityCommand({ activityArn: first.activityArn }));
      assert.equal(described.name, 'idempotent');
      assert.equal(described.activityArn, first.activityArn);
      assert.equal(described.creationDate!.getTime(), first.creationDate!.getTime());
    });

    test('bad names and ARNs, and activities that are not there, get AWS errors', async () => {
      await rejects(sfn.send(new CreateActivityCommand({ name: 'has space' })), {
        name: 'InvalidName',
        message: "Invalid Name: 'has space'",
      });
      await rejects(sfn.send(new CreateActivityCommand({ name: 'x'.repeat(81) })), { name: 'InvalidName' });
      await rejects(sfn.send(new DescribeActivityCommand({ activityArn: 'arn:aws:states:us-east-1:1:x' })), {
        name: 'InvalidArn',
      });
      const missing = arnOf('never-made');
      await rejects(sfn.send(new DescribeActivityCommand({ activityArn: missing })), {
        name: 'ActivityDoesNotExist',
        message: `Activity Does Not Exist: '${missing}'`,
      });
      await rejects(poll(missing), { name: 'ActivityDoesNotExist' });
      await rejects(poll(arnOf('any'), 'w'.repeat(81)), { name: 'ValidationException' });
      await rejects(sfn.send(new ListTagsForResourceCommand({ resourceArn: missing })), {
        name: 'ResourceNotFound',
      });
      // Deleting what is not there succeeds; an ARN of another kind does not.
      await sfn.send(new DeleteActivityCommand({ activityArn: missing }));
      await rejects(
        sfn.send(new DeleteActivityCommand({ activityArn: missing.replace(':activity:', ':stateMachine:') })),
        { name: 'InvalidArn' },
      );
    });

    test('ListActivities lists by name, in pages; DeleteActivity takes one out', async () => {
      // An account of its own, so that the other tests' activities are not listed.
      const other = new SFNClient({ ...sdkConfig(nubis.endpoint, '111111111111'), maxAttempts: 1 });
      try {
        for (const name of ['charlie', 'alpha', 'bravo'])
          await other.send(new CreateActivityCommand({ name }));
        const first = await other.send(new ListActivitiesCommand({ maxResults: 2 }));
        assert.deepEqual(
          first.activities!.map((each) => each.name),
          ['alpha', 'bravo'],
        );
        assert.equal(first.activities![0]!.activityArn, arnOf('alpha', '111111111111'));
        assert.ok(first.nextToken);
        const second = await other.send(
          new ListActivitiesCommand({ maxResults: 2, nextToken: first.nextToken }),
        );
        assert.deepEqual(
          second.activities!.map((each) => each.name),
          ['charlie'],
        );
        assert.equal(second.nextToken, undefined);
        await rejects(other.send(new ListActivitiesCommand({ maxResults: 1001 })), {
          name: 'ValidationException',
        });

        await other.send(new DeleteActivityCommand({ activityArn: arnOf('bravo', '111111111111') }));
        const left = await other.send(new ListActivitiesCommand({}));
        assert.deepEqual(
          left.activities!.map((each) => each.name),
          ['alpha', 'charlie'],
        );
        await rejects(
          other.send(new DescribeActivityCommand({ activityArn: arnOf('bravo', '111111111111') })),
          { name: 'ActivityDoesNotExist' },
        );
      } finally {
        other.destroy();
      }
    });

    test('tags on an activity: TagResource, ListTagsForResource, UntagResource', async () => {
      const activityArn = await activity('tagged');
      await sfn.send(
        new TagResourceCommand({
          resourceArn: activityArn,
          tags: [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
          ],
        }),
      );
      await sfn.send(new UntagResourceCommand({ resourceArn: activityArn, tagKeys: ['a'] }));
      const { tags } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn }));
      assert.deepEqual(tags, [{ key: 'b', value: '2' }]);
    });

    test('a worker takes the task of a running execution and SendTaskSuccess completes it', async () => {
      const activityArn = await activity();
      const definition = machine(activityArn, {
        InputPath: '$.job',
        Parameters: { 'size.$': '$.size', kind: 'resize' },
        ResultSelector: { 'done.$': '$.done' },
        ResultPath: '$.result',
        TimeoutSeconds: 600,
        HeartbeatSeconds: 60,
      });
      const executionArn = await started(definition, { job: { size: 3 } });
      const scheduled = (await event(executionArn, 'ActivityScheduled')).activityScheduledEventDetails!;
      assert.deepEqual(scheduled, {
        resource: activityArn,
        input: '{"size":3,"kind":"resize"}',
        inputDetails: { truncated: false },
        timeoutInSeconds: 600,
        heartbeatInSeconds: 60,
      });

      const task = await poll(activityArn, 'worker-1');
      assert.ok(task.taskToken);
      assert.deepEqual(JSON.parse(task.input!), { size: 3, kind: 'resize' });
      const startedEvent = await recorded(sfn, executionArn, 'ActivityStarted');
      const startedDetails = startedEvent.find((each) => each.type === 'ActivityStarted')!;
      assert.deepEqual(startedDetails.activityStartedEventDetails, { workerName: 'worker-1' });

      await sfn.send(
        new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"done":true,"x":1}' }),
      );
      const execution = await ended(sfn, executionArn);
      assert.equal(execution.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(execution.output!), { job: { size: 3 }, result: { done: true } });
      assert.deepEqual(await types(executionArn), [
        'ExecutionStarted',
        'TaskStateEntered',
        'ActivityScheduled',
        'ActivityStarted',
        'ActivitySucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
      const succeeded = (await event(executionArn, 'ActivitySucceeded')).activitySucceededEventDetails!;
      assert.deepEqual(succeeded, { output: '{"done":true,"x":1}', outputDetails: { truncated: false } });
      await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })), {
        name: 'TaskTimedOut',
      });
    });

    test('SendTaskFailure: ActivityFailed, with its error caught by a matching Catch', async () => {
      const activityArn = await activity();
      const executionArn = await started({
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: activityArn,
            Catch: [{ ErrorEquals: ['Refused'], ResultPath: '$.error', Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      });
      const task = await poll(activityArn);
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Refused', cause: 'not today' }),
      );
      const execution = await ended(sfn, executionArn);
      assert.equal(execution.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'Refused', Cause: 'not today' });
      const failed = (await event(executionArn, 'ActivityFailed')).activityFailedEventDetails!;
      assert.deepEqual(failed, { error: 'Refused', cause: 'not today' });
      // No worker name given: ActivityStarted names none.
      assert.deepEqual((await event(executionArn, 'ActivityStarted')).activityStartedEventDetails, {});
      assert.deepEqual((await types(executionArn)).slice(2, 6), [
        'ActivityScheduled',
        'ActivityStarted',
        'ActivityFailed',
        'TaskStateExited',
      ]);
    });

    test('Retry: a failed activity task is scheduled again, with a new token, and may succeed then', async () => {
      const activityArn = await activity();
      const executionArn = await started({
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: activityArn,
            Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 1 }],
            End: true,
          },
        },
      });
      const failing = await poll(activityArn, 'first');
      await sfn.send(new SendTaskFailureCommand({ taskToken: failing.taskToken, error: 'Flaky' }));
      // The retry waits its interval (saved with the state: its events show once it goes on).
      let task: GetActivityTaskCommandOutput | undefined;
      void poll(activityArn, 'second').then((taken) => (task = taken));
      await eventually(nubis, async () => task !== undefined, 1_000, 10);
      assert.ok(task);
      assert.notEqual(task.taskToken, failing.taskToken);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"second time"' }));
      assert.equal((await ended(sfn, executionArn)).output, '"second time"');
      assert.deepEqual((await types(executionArn)).slice(2, 8), [
        'ActivityScheduled',
        'ActivityStarted',
        'ActivityFailed',
        'ActivityScheduled',
        'ActivityStarted',
        'ActivitySucceeded',
      ]);
    });

    test('JSONata: the worker gets the Arguments, and Output reads the result', async () => {
      const activityArn = await activity();
      const executionArn = await started(
        {
          QueryLanguage: 'JSONata',
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: activityArn,
              Arguments: { doubled: '{% $states.input.n * 2 %}' },
              Output: '{% $states.result.answer %}',
              End: true,
            },
          },
        },
        { n: 21 },
      );
      const task = await poll(activityArn);
      assert.deepEqual(JSON.parse(task.input!), { doubled: 42 });
      await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"answer":"yes"}' }));
      assert.equal((await ended(sfn, executionArn)).output, '"yes"');
    });

    test('HeartbeatSeconds counts from the worker taking the task; each heartbeat gives that long again', async () => {
      const activityArn = await activity();
      const executionArn = await started(machine(activityArn, { HeartbeatSeconds: 10 }));
      // Queued, no heartbeat is due: nobody has the task's token yet.
      await nubis.advanceClock(20_000);
      const task = await poll(activityArn, 'beating');
      await recorded(sfn, executionArn, 'ActivityStarted');
      await nubis.advanceClock(8_000);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
      await nubis.advanceClock(8_000);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
      await nubis.advanceClock(8_000);
      assert.ok(!(await types(executionArn)).includes('ActivityTimedOut'));
      await nubis.advanceClock(3_000);
      const execution = await ended(sfn, executionArn);
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'States.HeartbeatTimeout', Cause: '' });
      const timedOut = (await event(executionArn, 'ActivityTimedOut')).activityTimedOutEventDetails!;
      assert.deepEqual(timedOut, { error: 'States.HeartbeatTimeout' });
      await rejects(sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken })), {
        name: 'TaskTimedOut',
      });
    });

    test('TimeoutSeconds counts from the scheduling: a task nobody takes times out', async () => {
      const activityArn = await activity();
      const executionArn = await started(machine(activityArn, { TimeoutSeconds: 30 }));
      await nubis.advanceClock(31_000);
      const execution = await ended(sfn, executionArn);
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'States.Timeout', Cause: '' });
      assert.deepEqual((await event(executionArn, 'ActivityTimedOut')).activityTimedOutEventDetails, {
        error: 'States.Timeout',
      });
      assert.ok(!(await types(executionArn)).includes('ActivityStarted'));
    });

    test('GetActivityTask waits for a task to be scheduled, or answers no task after 60 s', async () => {
      const activityArn = await activity();
      const waiting = poll(activityArn, 'early');
      assert.equal(await settledWithin(waiting, 200), false);
      const executionArn = await started(machine(activityArn), { hello: 'worker' });
      const task = await waiting;
      assert.deepEqual(JSON.parse(task.input!), { hello: 'worker' });
      await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"ok"' }));
      assert.equal((await ended(sfn, executionArn)).output, '"ok"');

      const empty = poll(activityArn);
      assert.equal(await settledWithin(empty, 200), false);
      await nubis.advanceClock(59_000);
      assert.equal(await settledWithin(empty, 200), false);
      await nubis.advanceClock(1_000);
      const answer: GetActivityTaskCommandOutput = await empty;
      assert.equal(answer.taskToken, undefined);
      assert.equal(answer.input, undefined);
    });

    test('two workers polling at once get different tasks', async () => {
      const activityArn = await activity();
      const first = await started(machine(activityArn), { n: 1 });
      const second = await started(machine(activityArn), { n: 2 });
      const tasks = await Promise.all([poll(activityArn, 'a'), poll(activityArn, 'b')]);
      assert.notEqual(tasks[0].taskToken, tasks[1].taskToken);
      const inputs = tasks.map((task) => JSON.parse(task.input!).n as number).sort();
      assert.deepEqual(inputs, [1, 2]);
      for (const task of tasks)
        await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: task.input! }));
      assert.deepEqual(JSON.parse((await ended(sfn, first)).output!), { n: 1 });
      assert.deepEqual(JSON.parse((await ended(sfn, second)).output!), { n: 2 });
      // The queue is empty now: a third worker waits, and gets nothing.
      const third = poll(activityArn, 'c');
      assert.equal(await settledWithin(third, 200), false);
      await nubis.advanceClock(60_000);
      assert.equal((await third).taskToken, undefined);
    });

    test('an activity that does not exist: ActivityScheduleFailed, and the execution fails', async () => {
      const missing = arnOf('not-there');
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `no-activity-${++names}`,
          definition: JSON.stringify(machine(missing)),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      const execution = await ended(sfn, executionArn!);
      assert.equal(execution.status, 'FAILED');
      assert.equal(execution.error, 'States.Runtime');
      assert.deepEqual(await types(executionArn!), [
        'ExecutionStarted',
        'TaskStateEntered',
        'ActivityScheduleFailed',
        'ExecutionFailed',
      ]);
      const failed = (await event(executionArn!, 'ActivityScheduleFailed'))
        .activityScheduleFailedEventDetails!;
      assert.equal(failed.error, 'States.Runtime');
      assert.match(failed.cause!, /not-there/);
    });

    test('DeleteActivity leaves its queued task waiting, for no worker to take, until it times out', async () => {
      const activityArn = await activity();
      const executionArn = await started(machine(activityArn, { TimeoutSeconds: 100 }));
      await sfn.send(new DeleteActivityCommand({ activityArn }));
      await rejects(poll(activityArn), { name: 'ActivityDoesNotExist' });
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      assert.equal(described.status, 'RUNNING');
      await nubis.advanceClock(101_000);
      const execution = await ended(sfn, executionArn);
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'States.Timeout', Cause: '' });
    });
  });
}
