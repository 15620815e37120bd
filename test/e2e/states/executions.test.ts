// Step Functions through @aws-sdk/client-sfn on both storages: state machines, Standard executions
// run by the interpreter in the background (the test waits for them), their history, name
// idempotency, stopping, and the errors AWS answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';
import { ended as endedExecution } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;

const COUNTER = JSON.stringify({
  StartAt: 'Double',
  States: {
    Double: {
      Type: 'Map',
      ItemsPath: '$.numbers',
      ItemProcessor: {
        StartAt: 'Times2',
        States: { Times2: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($, $)' }, End: true } },
      },
      ResultPath: '$.doubled',
      Next: 'Big?',
    },
    'Big?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.doubled[0].v', NumericGreaterThan: 10, Next: 'Big' }],
      Default: 'Small',
    },
    Big: { Type: 'Fail', Error: 'TooBig', Cause: 'the first number doubled is over 10' },
    Small: { Type: 'Succeed' },
  },
});

const WAITING = JSON.stringify({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } },
});

for (const storage of storages()) {
  describe(`Step Functions (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;

    before(async () => {
      nubis = await startNubis({ storage });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    const create = (name: string, definition: string) =>
      sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));

    const ended = (executionArn: string) => endedExecution(sfn, executionArn);

    test('state machines: create (again, idempotently), describe, list, delete, and refusals', async () => {
      const { stateMachineArn } = await create('counter', COUNTER);
      assert.equal(stateMachineArn, `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:counter`);
      assert.equal((await create('counter', COUNTER)).stateMachineArn, stateMachineArn);
      // Another role is ignored, not applied.
      const otherRole = `arn:aws:iam::${ACCOUNT}:role/other`;
      const again = await sfn.send(
        new CreateStateMachineCommand({ name: 'counter', definition: COUNTER, roleArn: otherRole }),
      );
      assert.equal(again.stateMachineArn, stateMachineArn);
      const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
      assert.equal(described.definition, COUNTER);
      assert.equal(described.type, 'STANDARD');
      assert.equal(described.status, 'ACTIVE');
      assert.equal(described.roleArn, ROLE);
      assert.ok(described.creationDate instanceof Date);
      const listed = await sfn.send(new ListStateMachinesCommand({}));
      assert.ok(listed.stateMachines!.some((machine) => machine.name === 'counter'));

      const exists = await rejection(create('counter', WAITING));
      assert.equal(exists.name, 'StateMachineAlreadyExists');
      const broken = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
      const invalid = await rejection(create('broken', broken));
      assert.equal(invalid.name, 'InvalidDefinition');
      assert.equal(
        invalid.message,
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next'",
      );
      assert.equal((await rejection(create('bad name', COUNTER))).name, 'InvalidName');

      await create('short-lived', WAITING);
      const shortLived = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:short-lived`;
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: shortLived }));
      const gone = await rejection(
        sfn.send(new DescribeStateMachineCommand({ stateMachineArn: shortLived })),
      );
      assert.equal(gone.name, 'StateMachineDoesNotExist');
      assert.equal(gone.message, `State Machine Does Not Exist: '${shortLived}'`);
    });

    test('an execution runs to its end; its history is AWS’s, in both orders and in pages', async () => {
      const { stateMachineArn } = await create('doubler', COUNTER);
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: 'small',
          input: JSON.stringify({ numbers: [1, 2] }),
        }),
      );
      assert.equal(executionArn, `arn:aws:states:us-east-1:${ACCOUNT}:execution:doubler:small`);
      const done = await ended(executionArn!);
      assert.equal(done.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(done.output!), { numbers: [1, 2], doubled: [{ v: 2 }, { v: 4 }] });
      assert.ok(done.stopDate instanceof Date);

      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const types = history.events!.map((event) => event.type);
      assert.deepEqual(types.slice(0, 5), [
        'ExecutionStarted',
        'MapStateEntered',
        'MapStateStarted',
        'MapIterationStarted',
        'PassStateEntered',
      ]);
      assert.equal(types.at(-1), 'ExecutionSucceeded');
      assert.deepEqual(
        history.events!.map((event) => event.id),
        types.map((_, index) => index + 1),
      );
      assert.equal(history.events![0]!.executionStartedEventDetails!.roleArn, ROLE);
      assert.ok(history.events![0]!.timestamp instanceof Date);
      const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
      assert.deepEqual(
        reversed.events!.map((event) => event.type),
        [...types].reverse(),
      );
      const paged: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }),
        );
        paged.push(...page.events!.map((event) => event.type!));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(paged, types);

      const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
      assert.equal(forExecution.definition, COUNTER);
    });

    test('a failing execution; its name is not started again; listing by status', async () => {
      const stateMachineArn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:doubler`;
      const start = (name: string, numbers: number[]) =>
        sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ numbers }) }));
      const { executionArn } = await start('big', [6]);
      const failed = await ended(executionArn!);
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.error, 'TooBig');
      assert.equal(failed.cause, 'the first number doubled is over 10');
      // A name is an execution's for good: starting it again once it has ended is refused.
      assert.equal((await rejection(start('big', [6]))).name, 'ExecutionAlreadyExists');
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));
      assert.deepEqual(
        listed.executions!.map((execution) => execution.name),
        ['big'],
      );
    });

    test('a running execution started again with its input is the same one; stopping aborts it', async () => {
      const { stateMachineArn } = await create('waiter', WAITING);
      const start = (input: string) =>
        sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'patient', input }));
      const first = await start('{"a":1}');
      assert.equal((await start('{"a":1}')).executionArn, first.executionArn);
      const other = await rejection(start('{"a":2}'));
      assert.equal(other.name, 'ExecutionAlreadyExists');
      assert.equal(other.message, `Execution Already Exists: '${first.executionArn}'`);
      const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
      assert.deepEqual(
        running.executions!.map((execution) => execution.name),
        ['patient'],
      );

      // The history shows the execution as far as it has gone: into its Wait.
      const typesOf = async () =>
        (
          (await sfn.send(new GetExecutionHistoryCommand({ executionArn: first.executionArn }))).events ?? []
        ).map((event) => event.type);
      for (let polls = 0; !(await typesOf()).includes('WaitStateEntered'); polls++) {
        assert.ok(polls < 500, 'the execution never entered its Wait state');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await sfn.send(
        new StopExecutionCommand({ executionArn: first.executionArn, error: 'Enough', cause: 'the test' }),
      );
      const stopped = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
      assert.equal(stopped.status, 'ABORTED');
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: first.executionArn }));
      assert.deepEqual(
        history.events!.map((event) => event.type),
        ['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted'],
      );
      assert.equal(history.events![2]!.previousEventId, 2);
      assert.deepEqual(history.events![2]!.executionAbortedEventDetails, {
        error: 'Enough',
        cause: 'the test',
      });
      const bad = await rejection(
        sfn.send(new StartExecutionCommand({ stateMachineArn, input: 'not json' })),
      );
      assert.equal(bad.name, 'InvalidExecutionInput');
      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:execution:waiter:nobody`;
      const notFound = await rejection(sfn.send(new DescribeExecutionCommand({ executionArn: missing })));
      assert.equal(notFound.name, 'ExecutionDoesNotExist');
    });
  });
}
