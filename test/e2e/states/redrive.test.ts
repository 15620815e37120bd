// RedriveExecution through @aws-sdk/client-sfn on both storages, on a manual clock: a Task that
// fails until its table is made, redriven to success from that Task (the Wait before it not waited
// again), with AWS's history and the redrive fields of DescribeExecution and ListExecutions;
// clientToken idempotency; TIMED_OUT and ABORTED executions redriven; and every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';
import { ended } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const START_MS = Date.UTC(2026, 5, 1);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads the item of `table`, which the test makes only after the first attempt failed. */
const reader = (table: string) => ({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { greeting: 'hello' }, Result: 'a', ResultPath: '$.key', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 5, Next: 'Read' },
    Read: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Parameters: { TableName: table, Key: { id: { 'S.$': '$.key' } } },
      ResultSelector: { 'value.$': '$.Item.value.S' },
      ResultPath: '$.read',
      Next: 'Done',
    },
    Done: {
      Type: 'Pass',
      Parameters: {
        'value.$': '$.read.value',
        'greeting.$': '$greeting',
        'redriveCount.$': '$$.Execution.RedriveCount',
        'redriveTime.$': '$$.Execution.RedriveTime',
      },
      End: true,
    },
  },
});

const waiting = (seconds: number, extra: object = {}) => ({
  ...extra,
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: seconds, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'finished', End: true },
  },
});

const FAILING = {
  StartAt: 'Refuse',
  States: { Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'always' } },
};

const typesOf = (events: HistoryEvent[]) => events.map((event) => event.type);

for (const storage of storages()) {
  describe(`Step Functions RedriveExecution (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let dynamodb: DynamoDBClient;
    let now = START_MS;
    let machines = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true, clockStartMs: START_MS });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      sfn = new SFNClient({ ...config, maxAttempts: 1 });
      dynamodb = new DynamoDBClient(config);
    });
    after(async () => {
      sfn.destroy();
      dynamodb.destroy();
      await nubis.stop();
    });

    const advance = async (ms: number) => {
      now += ms;
      await nubis.advanceClock(ms);
    };

    async function createMachine(definition: object) {
      const name = `machine-${++machines}`;
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
      );
      return stateMachineArn!;
    }

    const start = async (stateMachineArn: string, name?: string) =>
      (await sfn.send(new StartExecutionCommand({ stateMachineArn, ...(name && { name }) }))).executionArn!;

    const history = async (executionArn: string) =>
      (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];

    /** Waits until the history holds `count` events of `type`. */
    async function recordedTimes(executionArn: string, type: string, count: number) {
      for (let attempt = 0; attempt < 1000; attempt++) {
        const events = await history(executionArn);
        if (events.filter((event) => event.type === type).length >= count) return events;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.fail(`${executionArn} has not recorded ${count} ${type}`);
    }

    const describe = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));
    const redrive = (executionArn: string, clientToken?: string) =>
      sfn.send(new RedriveExecutionCommand({ executionArn, ...(clientToken && { clientToken }) }));

    async function makeTable(table: string) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: table,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await dynamodb.send(
        new PutItemCommand({ TableName: table, Item: { id: { S: 'a' }, value: { S: 'found' } } }),
      );
    }

    test('a failed Task is redriven to success: the history goes on from it, the Wait before it is not waited again', async () => {
      const stateMachineArn = await createMachine(reader(`ledger-${storage}`));
      const executionArn = await start(stateMachineArn, 'first');
      await recordedTimes(executionArn, 'WaitStateEntered', 1);
      await advance(5_000);
      const failed = await ended(sfn, executionArn);
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.error, 'DynamoDB.ResourceNotFoundException');
      assert.equal(failed.redriveCount, 0);
      assert.equal(failed.redriveDate, undefined);
      assert.equal(failed.redriveStatus, 'REDRIVABLE');
      assert.equal(failed.redriveStatusReason, undefined);
      const firstAttempt = typesOf(await history(executionArn));
      assert.deepEqual(firstAttempt, [
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'WaitStateEntered',
        'WaitStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskFailed',
        'ExecutionFailed',
      ]);

      await makeTable(`ledger-${storage}`);
      await advance(60_000);
      const redriveAt = now;
      const redriven = await redrive(executionArn, 'first-redrive');
      assert.equal(redriven.redriveDate?.getTime(), redriveAt);
      // No clock is advanced: the Wait that had passed is not waited again.
      const done = await ended(sfn, executionArn);
      assert.equal(done.status, 'SUCCEEDED', done.cause);
      assert.deepEqual(JSON.parse(done.output!), {
        value: 'found',
        greeting: 'hello',
        redriveCount: 1,
        redriveTime: new Date(redriveAt).toISOString(),
      });
      assert.equal(done.error, undefined);
      assert.equal(done.redriveCount, 1);
      assert.equal(done.redriveDate?.getTime(), redriveAt);
      assert.equal(done.redriveStatus, 'NOT_REDRIVABLE');
      assert.equal(done.redriveStatusReason, 'Execution is SUCCEEDED and cannot be redriven');
      assert.equal(done.startDate?.getTime(), START_MS);

      const events = await history(executionArn);
      assert.deepEqual(typesOf(events), [
        ...firstAttempt,
        'ExecutionRedriven',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
      const redrivenEvent = events[10]!;
      assert.equal(redrivenEvent.id, 11);
      assert.equal(redrivenEvent.previousEventId, 10);
      assert.equal(redrivenEvent.timestamp?.getTime(), redriveAt);
      assert.deepEqual(redrivenEvent.executionRedrivenEventDetails, { redriveCount: 1 });
      // The Task starts over with the input it had.
      assert.deepEqual(events[11]!.stateEnteredEventDetails, events[5]!.stateEnteredEventDetails);
      // Numbered in order; each follows the one before, but the first state's entry follows none.
      events.forEach((event, index) => {
        assert.equal(event.id, index + 1);
        assert.equal(event.previousEventId, index === 1 ? 0 : index);
      });

      // The same client token answers as before, for 15 minutes; another is refused.
      assert.equal((await redrive(executionArn, 'first-redrive')).redriveDate?.getTime(), redriveAt);
      const again = await rejection(redrive(executionArn, 'another'));
      assert.equal(again.name, 'ExecutionNotRedrivable');
      assert.equal(again.message, 'Execution is SUCCEEDED and cannot be redriven');
      await advance(15 * 60_000 + 1);
      assert.equal((await rejection(redrive(executionArn, 'first-redrive'))).name, 'ExecutionNotRedrivable');
    });

    test('ListExecutions shows redriveCount and redriveDate, and filters by redriveFilter', async () => {
      const stateMachineArn = await createMachine(FAILING);
      const once = await start(stateMachineArn, 'once');
      const never = await start(stateMachineArn, 'never');
      await ended(sfn, once);
      await ended(sfn, never);
      const { redriveDate } = await redrive(once);
      const twice = await ended(sfn, once);
      // A Fail state is entered again and fails again; the execution stays redrivable.
      assert.equal(twice.status, 'FAILED');
      assert.equal(twice.redriveStatus, 'REDRIVABLE');
      assert.deepEqual(typesOf(await history(once)), [
        'ExecutionStarted',
        'FailStateEntered',
        'ExecutionFailed',
        'ExecutionRedriven',
        'FailStateEntered',
        'ExecutionFailed',
      ]);
      const list = async (redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN') =>
        (
          await sfn.send(
            new ListExecutionsCommand({ stateMachineArn, ...(redriveFilter && { redriveFilter }) }),
          )
        ).executions ?? [];
      const all = await list();
      assert.deepEqual(
        all.map((item) => [item.name, item.redriveCount, item.redriveDate?.getTime()]),
        // Started at the same time: newest first is by ARN, descending.
        [
          ['once', 1, redriveDate!.getTime()],
          ['never', 0, undefined],
        ],
      );
      assert.deepEqual(
        (await list('REDRIVEN')).map((item) => item.name),
        ['once'],
      );
      assert.deepEqual(
        (await list('NOT_REDRIVEN')).map((item) => item.name),
        ['never'],
      );
      const invalid = await rejection(
        sfn.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'SOMETIMES' as 'REDRIVEN' })),
      );
      assert.equal(invalid.name, 'ValidationException');
      assert.equal(
        invalid.message,
        "1 validation error detected: Value 'SOMETIMES' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]",
      );
      const pending = await rejection(
        sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'PENDING_REDRIVE' })),
      );
      assert.equal(pending.name, 'ValidationException');
    });

    test('a client token answers its redrive for 15 minutes, then redrives again', async () => {
      const executionArn = await start(await createMachine(FAILING));
      await ended(sfn, executionArn);
      const first = (await redrive(executionArn, 'token')).redriveDate!.getTime();
      await ended(sfn, executionArn);
      await advance(15 * 60_000);
      // Failed again and redrivable, but this token's redrive is answered, not made again.
      assert.equal((await redrive(executionArn, 'token')).redriveDate?.getTime(), first);
      assert.equal((await describe(executionArn)).redriveCount, 1);
      await advance(1);
      const second = (await redrive(executionArn, 'token')).redriveDate!.getTime();
      assert.equal(second, now);
      const done = await ended(sfn, executionArn);
      assert.equal(done.redriveCount, 2);
      assert.equal(done.redriveDate?.getTime(), second);
      assert.equal((await redrive(executionArn, 'token')).redriveDate?.getTime(), second);
      const redrivenEvents = (await history(executionArn)).filter(
        (event) => event.type === 'ExecutionRedriven',
      );
      assert.deepEqual(
        redrivenEvents.map((event) => event.executionRedrivenEventDetails),
        [{ redriveCount: 1 }, { redriveCount: 2 }],
      );
    });

    test('a Parallel state that failed runs again whole (AWS re-runs only its failed branches)', async () => {
      const table = `branches-${storage}`;
      const stateMachineArn = await createMachine({
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Fine', States: { Fine: { Type: 'Pass', Result: 'fine', End: true } } },
              {
                StartAt: 'Read',
                States: {
                  Read: {
                    Type: 'Task',
                    Resource: 'arn:aws:states:::dynamodb:getItem',
                    Parameters: { TableName: table, Key: { id: { S: 'a' } } },
                    End: true,
                  },
                },
              },
            ],
            ResultSelector: { 'fine.$': '$[0]' },
            End: true,
          },
        },
      });
      const executionArn = await start(stateMachineArn);
      assert.equal((await ended(sfn, executionArn)).status, 'FAILED');
      await makeTable(table);
      await redrive(executionArn);
      const done = await ended(sfn, executionArn);
      assert.equal(done.status, 'SUCCEEDED', done.cause);
      assert.deepEqual(JSON.parse(done.output!), { fine: 'fine' });
      const types = typesOf(await history(executionArn));
      assert.equal(types.filter((type) => type === 'ParallelStateEntered').length, 2);
      assert.equal(types.filter((type) => type === 'PassStateEntered').length, 2);
    });

    test('a TIMED_OUT execution is redriven from the state it timed out in, its timeout counted anew', async () => {
      const stateMachineArn = await createMachine({
        TimeoutSeconds: 10,
        StartAt: 'Short',
        States: {
          Short: { Type: 'Wait', Seconds: 8, Next: 'Long' },
          Long: { Type: 'Wait', Seconds: 5, Next: 'Done' },
          Done: { Type: 'Pass', Result: 'finished', End: true },
        },
      });
      const executionArn = await start(stateMachineArn);
      await recordedTimes(executionArn, 'WaitStateEntered', 1);
      await advance(8_000);
      await recordedTimes(executionArn, 'WaitStateEntered', 2);
      await advance(2_000);
      const timedOut = await ended(sfn, executionArn);
      assert.equal(timedOut.status, 'TIMED_OUT');
      assert.equal(timedOut.redriveStatus, 'REDRIVABLE');

      await redrive(executionArn);
      const running = await describe(executionArn);
      assert.equal(running.status, 'RUNNING');
      assert.equal(running.stopDate, undefined);
      assert.equal(running.error, undefined);
      assert.equal(running.redriveStatus, 'NOT_REDRIVABLE');
      assert.equal(running.redriveStatusReason, 'Execution is RUNNING and cannot be redriven');
      const refused = await rejection(redrive(executionArn));
      assert.equal(refused.name, 'ExecutionNotRedrivable');
      assert.equal(refused.message, 'Execution is RUNNING and cannot be redriven');
      await recordedTimes(executionArn, 'WaitStateEntered', 3);
      // 5 s of the Long Wait again: past the 10 s from the start, within 10 s of the redrive.
      await advance(5_000);
      const done = await ended(sfn, executionArn);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.output, '"finished"');
      assert.deepEqual(typesOf(await history(executionArn)), [
        'ExecutionStarted',
        'WaitStateEntered',
        'WaitStateExited',
        'WaitStateEntered',
        'ExecutionTimedOut',
        'ExecutionRedriven',
        'WaitStateEntered',
        'WaitStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    });

    test('an ABORTED execution is redriven: the Wait it was stopped in is entered again', async () => {
      const stateMachineArn = await createMachine(waiting(3600));
      const executionArn = await start(stateMachineArn);
      await recordedTimes(executionArn, 'WaitStateEntered', 1);
      await sfn.send(new StopExecutionCommand({ executionArn, error: 'Halted', cause: 'by the test' }));
      const aborted = await describe(executionArn);
      assert.equal(aborted.status, 'ABORTED');
      assert.equal(aborted.redriveStatus, 'REDRIVABLE');

      await redrive(executionArn);
      await recordedTimes(executionArn, 'WaitStateEntered', 2);
      await advance(3_600_000);
      const done = await ended(sfn, executionArn);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.error, undefined);
      assert.equal(done.cause, undefined);
      assert.deepEqual(typesOf(await history(executionArn)), [
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'WaitStateEntered',
        'ExecutionAborted',
        'ExecutionRedriven',
        'WaitStateEntered',
        'WaitStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    });

    test('refusals: no such execution, invalid ARNs and client tokens, a deleted machine, 14 days after the end', async () => {
      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:execution:nothing:here`;
      const notFound = await rejection(redrive(missing));
      assert.equal(notFound.name, 'ExecutionDoesNotExist');
      assert.equal(notFound.message, `Execution Does Not Exist: '${missing}'`);
      const invalid = await rejection(redrive('not-an-arn'));
      assert.equal(invalid.name, 'InvalidArn');
      const machineArn = await createMachine(FAILING);
      const wrongType = await rejection(redrive(machineArn));
      assert.equal(wrongType.name, 'InvalidArn');
      assert.equal(wrongType.message, "Invalid Arn: 'Resource type not valid in this context: stateMachine'");
      const express = `arn:aws:states:us-east-1:${ACCOUNT}:express:m:e:0b0c5b4e-1b3a-4a57-9b43-6a1f1c3b2a10`;
      assert.equal((await rejection(redrive(express))).name, 'InvalidArn');

      const failed = await start(machineArn);
      await ended(sfn, failed);
      const longToken = await rejection(redrive(failed, 'x'.repeat(65)));
      assert.equal(longToken.name, 'ValidationException');
      assert.match(longToken.message, /Member must have length less than or equal to 64/);

      const old = await start(machineArn);
      await ended(sfn, old);
      await advance(14 * DAY_MS);
      assert.equal((await describe(old)).redriveStatus, 'REDRIVABLE');
      await advance(1);
      const expired = await describe(old);
      assert.equal(expired.redriveStatus, 'NOT_REDRIVABLE');
      assert.equal(expired.redriveStatusReason, 'Execution redrivable period exceeded');
      const late = await rejection(redrive(old));
      assert.equal(late.name, 'ExecutionNotRedrivable');
      assert.equal(late.message, 'Execution redrivable period exceeded');

      const orphan = await start(machineArn);
      await ended(sfn, orphan);
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machineArn }));
      const deleted = await rejection(redrive(orphan));
      assert.equal(deleted.name, 'ExecutionNotRedrivable');
      assert.equal(deleted.message, 'State machine is in DELETING status');
    });
  });
}
