// Express executions through @aws-sdk/client-sfn on both storages: StartSyncExecution answers the
// execution's end (addressed, as the SDK does, to the `sync-` prefixed host), StartExecution runs
// one behind, each one new; their events reach CloudWatch Logs as the machine's logging
// configuration says (as do a Standard execution's as they are saved); operations of kept
// executions refuse them. A machine's TimeoutSeconds, and Express's 5 minutes, end an execution
// TIMED_OUT (the node runs a manual clock).
import assert from 'node:assert/strict';
import { lookup } from 'node:dns';
import { Agent } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  type StartSyncExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejects } from '../sqs/support.js';
import { ended } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const GROUP = '/aws/vendedlogs/states/express';
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}:*`;

/** Resolves `sync-<host>` as `<host>`, as a DNS entry for the prefixed name would. */
const syncHostAgent = new Agent({
  lookup: (hostname, options, callback) => lookup(hostname.replace(/^sync-/, ''), options, callback),
});

const GREET = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Pass',
      Parameters: { 'greeting.$': "States.Format('hello {}', $.who)", 'execution.$': '$$.Execution' },
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.greeting', StringEquals: 'hello fail', Next: 'Fail' }],
      Default: 'Done',
    },
    Fail: { Type: 'Fail', Error: 'Greeting.Refused', Cause: 'not that one' },
    Done: { Type: 'Succeed' },
  },
};

const waitFor = (seconds: number, timeout?: number) => ({
  ...(timeout !== undefined && { TimeoutSeconds: timeout }),
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: seconds, End: true } },
});

for (const storage of storages()) {
  describe(`Step Functions Express executions (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let logs: CloudWatchLogsClient;
    let machines = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      sfn = new SFNClient({ ...config, maxAttempts: 1, requestHandler: { httpAgent: syncHostAgent } });
      logs = new CloudWatchLogsClient(config);
      await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    });
    after(async () => {
      sfn.destroy();
      logs.destroy();
      await nubis.stop();
    });

    async function createMachine(
      definition: object,
      options: { type?: 'EXPRESS' | 'STANDARD'; logging?: object } = {},
    ) {
      const name = `machine-${++machines}`;
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
          type: options.type ?? 'EXPRESS',
          ...(options.logging && { loggingConfiguration: options.logging }),
        }),
      );
      return { name, arn: stateMachineArn! };
    }

    /** A sync execution that ends only once the clock is advanced: advances it until it answers. */
    async function advancedUntilAnswered(pending: Promise<StartSyncExecutionCommandOutput>, seconds: number) {
      let answered = false;
      void pending.finally(() => (answered = true)).catch(() => undefined);
      for (let second = 0; second < seconds && !answered; second++) await nubis.advanceClock(1_000);
      return pending;
    }

    /** The log lines of the machine's only stream, once `count` of them are there. */
    async function loggedLines(machine: string, count: number): Promise<Record<string, unknown>[]> {
      for (let attempt = 0; attempt < 500; attempt++) {
        const { logStreams = [] } = await logs.send(
          new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: `states/${machine}/` }),
        );
        if (logStreams.length > 0) {
          assert.equal(logStreams.length, 1);
          const { events = [] } = await logs.send(
            new GetLogEventsCommand({
              logGroupName: GROUP,
              logStreamName: logStreams[0]!.logStreamName!,
              startFromHead: true,
            }),
          );
          if (events.length >= count) return events.map((event) => JSON.parse(event.message!));
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.fail(`${machine} has not logged ${count} events`);
    }

    test('StartSyncExecution answers the outcome, through the sync- host', async () => {
      const machine = await createMachine(GREET);
      const answer = await sfn.send(
        new StartSyncExecutionCommand({
          stateMachineArn: machine.arn,
          name: 'first',
          input: '{"who":"you"}',
        }),
      );
      assert.match(
        answer.executionArn!,
        new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:express:${machine.name}:first:[0-9a-f-]{36}$`),
      );
      assert.equal(answer.stateMachineArn, machine.arn);
      assert.equal(answer.name, 'first');
      assert.equal(answer.status, 'SUCCEEDED');
      assert.equal(answer.input, '{"who":"you"}');
      assert.deepEqual(answer.inputDetails, { included: true });
      assert.deepEqual(answer.outputDetails, { included: true });
      assert.deepEqual(answer.billingDetails, {
        billedDurationInMilliseconds: 100,
        billedMemoryUsedInMB: 64,
      });
      assert.ok(answer.stopDate!.getTime() >= answer.startDate!.getTime());
      const output = JSON.parse(answer.output!);
      assert.equal(output.greeting, 'hello you');
      // A synchronous execution's context object names no RedriveCount (as AWS records it).
      assert.deepEqual(output.execution, {
        Id: answer.executionArn,
        Input: { who: 'you' },
        Name: 'first',
        RoleArn: ROLE,
        StartTime: answer.startDate!.toISOString(),
      });
    });

    test('a failed synchronous execution answers its error and cause, with no output', async () => {
      const machine = await createMachine(GREET);
      const answer = await sfn.send(
        new StartSyncExecutionCommand({ stateMachineArn: machine.arn, input: '{"who":"fail"}' }),
      );
      assert.equal(answer.status, 'FAILED');
      assert.equal(answer.error, 'Greeting.Refused');
      assert.equal(answer.cause, 'not that one');
      assert.equal(answer.output, undefined);
      assert.deepEqual(answer.outputDetails, { included: true });
      assert.match(answer.name!, /^[0-9a-f-]{36}$/);
    });

    test('TimeoutSeconds, and at most 5 minutes, end an Express execution TIMED_OUT', async () => {
      const limited = await createMachine(waitFor(60, 10));
      const short = await advancedUntilAnswered(
        sfn.send(new StartSyncExecutionCommand({ stateMachineArn: limited.arn })),
        60,
      );
      assert.equal(short.status, 'TIMED_OUT');
      assert.equal(short.error, 'States.Timeout');
      assert.equal(short.stopDate!.getTime() - short.startDate!.getTime(), 10_000);
      const long = await createMachine(waitFor(400));
      const capped = await advancedUntilAnswered(
        sfn.send(new StartSyncExecutionCommand({ stateMachineArn: long.arn })),
        400,
      );
      assert.equal(capped.status, 'TIMED_OUT');
      assert.equal(capped.stopDate!.getTime() - capped.startDate!.getTime(), 300_000);
      assert.deepEqual(capped.billingDetails, {
        billedDurationInMilliseconds: 300_000,
        billedMemoryUsedInMB: 64,
      });
    });

    test('StartExecution runs Express executions behind, a new one each time, logged at level ALL', async () => {
      const machine = await createMachine(GREET, {
        logging: {
          level: 'ALL',
          includeExecutionData: true,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: GROUP_ARN } }],
        },
      });
      const start = () =>
        sfn.send(
          new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'same', input: '{"who":"log"}' }),
        );
      const first = await start();
      assert.match(first.executionArn!, new RegExp(`:express:${machine.name}:same:[0-9a-f-]{36}$`));
      const lines = await loggedLines(machine.name, 8);
      assert.deepEqual(
        lines.map((line) => line['type']),
        [
          'ExecutionStarted',
          'PassStateEntered',
          'PassStateExited',
          'ChoiceStateEntered',
          'ChoiceStateExited',
          'SucceedStateEntered',
          'SucceedStateExited',
          'ExecutionSucceeded',
        ],
      );
      const [started] = lines;
      assert.deepEqual(started, {
        id: '1',
        type: 'ExecutionStarted',
        details: { input: '{"who":"log"}', inputDetails: { truncated: false }, roleArn: ROLE },
        previous_event_id: '0',
        event_timestamp: String(first.startDate!.getTime()),
        execution_arn: first.executionArn,
        redrive_count: '0',
      });
      const second = await start();
      assert.notEqual(second.executionArn, first.executionArn);
    });

    test('level ERROR logs the failures only, and without execution data', async () => {
      const machine = await createMachine(GREET, {
        logging: {
          level: 'ERROR',
          includeExecutionData: false,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: GROUP_ARN } }],
        },
      });
      await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, input: '{"who":"fail"}' }));
      const lines = await loggedLines(machine.name, 2);
      assert.deepEqual(
        lines.map((line) => [line['type'], line['details']]),
        [
          ['FailStateEntered', { name: 'Fail' }],
          ['ExecutionFailed', { error: 'Greeting.Refused', cause: 'not that one' }],
        ],
      );
    });

    test('a Standard execution logs its events as they are saved, and ExecutionAborted at level FATAL', async () => {
      const logging = (level: string) => ({
        level,
        includeExecutionData: true,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: GROUP_ARN } }],
      });
      const all = await createMachine(GREET, { type: 'STANDARD', logging: logging('ALL') });
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: all.arn, input: '{"who":"standard"}' }),
      );
      await ended(sfn, executionArn!);
      const lines = await loggedLines(all.name, 8);
      assert.deepEqual(
        lines.map((line) => [line['id'], line['execution_arn']]),
        ['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => [id, executionArn]),
      );
      assert.equal(lines[7]!['type'], 'ExecutionSucceeded');
      const fatal = await createMachine(waitFor(600), { type: 'STANDARD', logging: logging('FATAL') });
      const waiting = await sfn.send(new StartExecutionCommand({ stateMachineArn: fatal.arn }));
      await sfn.send(
        new StopExecutionCommand({ executionArn: waiting.executionArn, error: 'Stopped.ByTest' }),
      );
      const [aborted] = await loggedLines(fatal.name, 1);
      assert.equal(aborted!['type'], 'ExecutionAborted');
      assert.deepEqual(aborted!['details'], { error: 'Stopped.ByTest' });
    });

    test('operations of kept executions refuse Express ones, and StartSyncExecution Standard machines', async () => {
      const express = await createMachine(GREET);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: express.arn }));
      const notKept = {
        name: 'InvalidArn',
        message: "Invalid Arn: 'Resource type not valid in this context: express'",
      };
      await rejects(sfn.send(new DescribeExecutionCommand({ executionArn })), notKept);
      await rejects(sfn.send(new GetExecutionHistoryCommand({ executionArn })), notKept);
      await rejects(sfn.send(new StopExecutionCommand({ executionArn })), notKept);
      const notSupported = {
        name: 'StateMachineTypeNotSupported',
        message: 'This operation is not supported by this type of state machine',
      };
      await rejects(sfn.send(new ListExecutionsCommand({ stateMachineArn: express.arn })), notSupported);
      const standard = await createMachine(GREET, { type: 'STANDARD' });
      await rejects(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard.arn })), notSupported);
      await rejects(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express.arn, input: '{' })), {
        name: 'InvalidExecutionInput',
      });
    });

    test('a Standard execution past its TimeoutSeconds ends TIMED_OUT with ExecutionTimedOut', async () => {
      const machine = await createMachine(waitFor(60, 10), { type: 'STANDARD' });
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn }));
      for (let second = 0; second < 10; second++) await nubis.advanceClock(1_000);
      const described = await ended(sfn, executionArn!);
      assert.equal(described.status, 'TIMED_OUT');
      assert.equal(described.error, 'States.Timeout');
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      assert.deepEqual(
        events.map((event) => event.type),
        ['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut'],
      );
      assert.deepEqual(events[2]!.executionTimedOutEventDetails, { error: 'States.Timeout' });
    });
  });
}
