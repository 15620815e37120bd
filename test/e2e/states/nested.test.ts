// Nested executions through @aws-sdk/client-sfn on both storages: a Task of
// `arn:aws:states:::states:startExecution` starts a child execution; with `.sync` and `.sync:2` it
// records TaskSubmitted with StartExecution's answer and waits for the child, answering its
// DescribeExecution in PascalCase (Input and Output as text with `.sync`, as JSON with `.sync:2`).
// A child that fails fails the task with States.TaskFailed; stopping the parent, or the task
// timing out, stops the child. The node runs a manual clock: children wait until the test says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ended, recorded } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine`;
const EXECUTION = `arn:aws:states:us-east-1:${ACCOUNT}:execution`;

const CHILDREN = {
  'child-ok': {
    StartAt: 'Echo',
    States: { Echo: { Type: 'Pass', Parameters: { 'got.$': '$', done: true }, End: true } },
  },
  'child-fails': {
    StartAt: 'Break',
    States: { Break: { Type: 'Fail', Error: 'Broken', Cause: 'it broke' } },
  },
  'child-waits': {
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', Seconds: 100, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
  },
};

/** A parent whose one Task starts `child`; failures are caught into `$.error`. */
function parent(resource: string, child: string, fields: Record<string, unknown> = {}) {
  return {
    StartAt: 'Nest',
    States: {
      Nest: {
        Type: 'Task',
        Resource: `arn:aws:states:::states:${resource}`,
        Parameters: {
          StateMachineArn: `${MACHINE}:${child}`,
          Input: { 'value.$': '$.value', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
          'Name.$': '$.name',
        },
        ...fields,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };
}

const detailsOf = (events: HistoryEvent[], type: string) => {
  const event = events.find((candidate) => candidate.type === type)!;
  return Object.entries(event).find(([key]) => key.endsWith('EventDetails'))![1] as Record<string, unknown>;
};

for (const storage of storages()) {
  describe(`Step Functions nested executions (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let parents = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      for (const [name, definition] of Object.entries(CHILDREN))
        await sfn.send(
          new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
        );
      const express = { ...CHILDREN['child-waits'], States: { ...CHILDREN['child-waits'].States } };
      express.States.Wait = { ...express.States.Wait, Seconds: 10 };
      await sfn.send(
        new CreateStateMachineCommand({
          name: 'child-express',
          definition: JSON.stringify(express),
          roleArn: ROLE,
          type: 'EXPRESS',
        }),
      );
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    /** Starts a parent of `definition`, its child to be named `name`; answers the parent's ARN. */
    async function started(definition: object, name: string): Promise<string> {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `parent-${++parents}`,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ value: 7, name }) }),
      );
      return executionArn!;
    }

    const history = async (executionArn: string) =>
      (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const describeChild = (name: string, machine: string) =>
      sfn.send(new DescribeExecutionCommand({ executionArn: `${EXECUTION}:${machine}:${name}` }));

    test('.sync: TaskSubmitted has the StartExecution answer; the output is DescribeExecution with JSON text', async () => {
      const parentArn = await started(parent('startExecution.sync', 'child-ok'), 'sync-1');
      const done = await ended(sfn, parentArn);
      assert.equal(done.status, 'SUCCEEDED');
      const child = await describeChild('sync-1', 'child-ok');
      const childInput = { value: 7, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn };
      assert.deepEqual(JSON.parse(child.input!), childInput);
      const expected = {
        ExecutionArn: `${EXECUTION}:child-ok:sync-1`,
        Input: child.input,
        InputDetails: { Included: true },
        Name: 'sync-1',
        Output: child.output,
        OutputDetails: { Included: true },
        RedriveCount: 0,
        RedriveStatus: 'NOT_REDRIVABLE',
        RedriveStatusReason: child.redriveStatusReason,
        StartDate: child.startDate!.getTime(),
        StateMachineArn: `${MACHINE}:child-ok`,
        Status: 'SUCCEEDED',
        StopDate: child.stopDate!.getTime(),
      };
      assert.deepEqual(JSON.parse(done.output!), expected);
      assert.deepEqual(Object.keys(JSON.parse(done.output!)), Object.keys(expected));
      assert.deepEqual(JSON.parse(child.output!), { got: childInput, done: true });

      const events = await history(parentArn);
      assert.deepEqual(
        events.map((event) => event.type),
        [
          'ExecutionStarted',
          'TaskStateEntered',
          'TaskScheduled',
          'TaskStarted',
          'TaskSubmitted',
          'TaskSucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ],
      );
      const scheduled = detailsOf(events, 'TaskScheduled');
      assert.equal(scheduled['resourceType'], 'states');
      assert.equal(scheduled['resource'], 'startExecution.sync');
      assert.deepEqual(JSON.parse(scheduled['parameters'] as string), {
        StateMachineArn: `${MACHINE}:child-ok`,
        Input: childInput,
        Name: 'sync-1',
      });
      const submitted = detailsOf(events, 'TaskSubmitted');
      assert.equal(submitted['resource'], 'startExecution.sync');
      const answer = JSON.parse(submitted['output'] as string);
      assert.deepEqual(Object.keys(answer), [
        'ExecutionArn',
        'SdkHttpMetadata',
        'SdkResponseMetadata',
        'StartDate',
      ]);
      assert.equal(answer.ExecutionArn, `${EXECUTION}:child-ok:sync-1`);
      assert.equal(answer.StartDate, child.startDate!.getTime());
      assert.equal(answer.SdkHttpMetadata.HttpStatusCode, 200);
      const succeeded = detailsOf(events, 'TaskSucceeded');
      assert.deepEqual(succeeded, {
        resourceType: 'states',
        resource: 'startExecution.sync',
        output: done.output,
        outputDetails: { truncated: false },
      });
    });

    test('.sync:2: Input and Output are JSON values', async () => {
      const parentArn = await started(parent('startExecution.sync:2', 'child-ok'), 'sync2-1');
      const done = await ended(sfn, parentArn);
      assert.equal(done.status, 'SUCCEEDED');
      const output = JSON.parse(done.output!);
      const childInput = { value: 7, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn };
      assert.deepEqual(output.Input, childInput);
      assert.deepEqual(output.Output, { got: childInput, done: true });
      assert.equal(output.Status, 'SUCCEEDED');
      assert.equal(detailsOf(await history(parentArn), 'TaskSubmitted')['resource'], 'startExecution.sync:2');
    });

    test('a child that fails fails the task with States.TaskFailed, its description the cause', async () => {
      for (const resource of ['startExecution.sync', 'startExecution.sync:2']) {
        const name = `fails-${resource.length}`;
        const parentArn = await started(parent(resource, 'child-fails'), name);
        const done = await ended(sfn, parentArn);
        assert.equal(done.status, 'SUCCEEDED');
        const { Error, Cause } = JSON.parse(done.output!).error;
        assert.equal(Error, 'States.TaskFailed');
        const cause = JSON.parse(Cause);
        assert.equal(cause.Status, 'FAILED');
        assert.equal(cause.Error, 'Broken');
        assert.equal(cause.Cause, 'it broke');
        assert.equal(cause.ExecutionArn, `${EXECUTION}:child-fails:${name}`);
        assert.equal(typeof cause.Input, resource.endsWith(':2') ? 'object' : 'string');
        const failed = detailsOf(await history(parentArn), 'TaskFailed');
        assert.deepEqual(failed, {
          resourceType: 'states',
          resource,
          error: 'States.TaskFailed',
          cause: Cause,
        });
      }
    });

    test('the parent waits for a child that waits, and goes on as soon as it ends', async () => {
      const parentArn = await started(parent('startExecution.sync:2', 'child-waits'), 'waits-1');
      await recorded(sfn, parentArn, 'TaskSubmitted');
      // The child's Wait must have begun before the clock moves: it is a run of its own.
      await recorded(sfn, `${EXECUTION}:child-waits:waits-1`, 'WaitStateEntered');
      await nubis.advanceClock(50_000);
      assert.equal((await describeChild('waits-1', 'child-waits')).status, 'RUNNING');
      assert.equal(
        (await sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }))).status,
        'RUNNING',
      );
      await nubis.advanceClock(50_000);
      const done = await ended(sfn, parentArn);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(JSON.parse(done.output!).Status, 'SUCCEEDED');
    });

    test('StopExecution of the parent stops the child it waits for', async () => {
      const parentArn = await started(parent('startExecution.sync', 'child-waits'), 'stopped-1');
      await recorded(sfn, parentArn, 'TaskSubmitted');
      await sfn.send(new StopExecutionCommand({ executionArn: parentArn, error: 'Enough' }));
      const child = await describeChild('stopped-1', 'child-waits');
      assert.equal(child.status, 'ABORTED');
      assert.equal(
        child.cause,
        `The Task state in AWS Step Functions execution [${parentArn}] which was managing this resource was aborted`,
      );
      assert.equal((await ended(sfn, parentArn)).status, 'ABORTED');
    });

    test('TimeoutSeconds: the task times out with States.Timeout and stops the child', async () => {
      const definition = parent('startExecution.sync', 'child-waits', { TimeoutSeconds: 30 });
      const parentArn = await started(definition, 'timeout-1');
      await recorded(sfn, parentArn, 'TaskSubmitted');
      await nubis.advanceClock(31_000);
      const done = await ended(sfn, parentArn);
      assert.deepEqual(JSON.parse(done.output!).error, { Error: 'States.Timeout', Cause: '' });
      assert.ok((await history(parentArn)).some((event) => event.type === 'TaskTimedOut'));
      assert.equal((await ended(sfn, `${EXECUTION}:child-waits:timeout-1`)).status, 'ABORTED');
    });

    test('startExecution without a pattern answers at once; a refusal is StepFunctions.<Code>Exception', async () => {
      const parentArn = await started(parent('startExecution', 'child-waits'), 'request-1');
      const done = await ended(sfn, parentArn);
      const answer = JSON.parse(done.output!);
      assert.deepEqual(Object.keys(answer), [
        'ExecutionArn',
        'SdkHttpMetadata',
        'SdkResponseMetadata',
        'StartDate',
      ]);
      assert.equal(answer.ExecutionArn, `${EXECUTION}:child-waits:request-1`);
      assert.equal((await describeChild('request-1', 'child-waits')).status, 'RUNNING');

      const missing = await started(parent('startExecution.sync', 'no-such-child'), 'missing-1');
      const { Error, Cause } = JSON.parse((await ended(sfn, missing)).output!).error;
      assert.equal(Error, 'StepFunctions.StateMachineDoesNotExistException');
      assert.match(
        Cause,
        /^State Machine Does Not Exist: '.*:no-such-child' \(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: [\w-]+; Proxy: null\)$/,
      );
    });

    test("Input as JSON text is the child's input as given; none is {}", async () => {
      const text = parent('startExecution.sync:2', 'child-ok');
      (text.States.Nest.Parameters as Record<string, unknown>)['Input'] = '{"as":"text"}';
      const done = await ended(sfn, await started(text, 'text-1'));
      assert.deepEqual(JSON.parse(done.output!).Input, { as: 'text' });
      const none = parent('startExecution.sync:2', 'child-ok');
      delete (none.States.Nest.Parameters as Record<string, unknown>)['Input'];
      const empty = await ended(sfn, await started(none, 'none-1'));
      assert.deepEqual(JSON.parse(empty.output!).Input, {});
    });

    test('an Express child: the parent waits for its end on the node that runs it', async () => {
      const parentArn = await started(parent('startExecution.sync:2', 'child-express'), 'express-1');
      await recorded(sfn, parentArn, 'TaskSubmitted');
      await nubis.advanceClock(10_000);
      const done = await ended(sfn, parentArn);
      assert.equal(done.status, 'SUCCEEDED');
      const output = JSON.parse(done.output!);
      assert.match(
        output.ExecutionArn,
        new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:express:child-express:express-1:`),
      );
      assert.equal(output.Status, 'SUCCEEDED');
      assert.deepEqual(output.Output, { value: 7, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn });
      assert.equal(output.StopDate - output.StartDate, 10_000);
    });

    test("the parent's own TimeoutSeconds: it times out and stops the child", async () => {
      const definition = { ...parent('startExecution.sync', 'child-waits'), TimeoutSeconds: 20 };
      const parentArn = await started(definition, 'parent-timeout-1');
      await recorded(sfn, parentArn, 'TaskSubmitted');
      await nubis.advanceClock(21_000);
      assert.equal((await ended(sfn, parentArn)).status, 'TIMED_OUT');
      const child = await ended(sfn, `${EXECUTION}:child-waits:parent-timeout-1`);
      assert.equal(child.status, 'ABORTED');
    });
  });
}
