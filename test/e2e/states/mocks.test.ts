// Mocked service integrations, as Step Functions Local has them, on both storages: the mock
// configuration file (SFN_MOCK_CONFIG) and `<machine arn>#<test case>` starts; Return and Throw
// answers with Retry and Catch, invocation counts and ranges, states the test case does not name
// calling their services, the errors of a test case or machine the file lacks, a bad file refusing
// the start. Then NUBIS_STATES_WAIT_SCALE: Wait states and retry intervals on a manual clock.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { createFunction, zipOf } from '../lambda/support.js';
import { advanceUntil, rejects } from '../sqs/support.js';
import { ended, recorded } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;

/** Resolves `sync-<host>` as `<host>`, as a DNS entry for the prefixed name would. */
const syncHostAgent = new Agent({
  lookup: (hostname, options, callback) => lookup(hostname.replace(/^sync-/, ''), options, callback),
});

const LAMBDA_OK = { StatusCode: 200, Payload: { body: 'charged' } };
const throwing = (Error: string) => ({ Throw: { Error, Cause: `${Error} (mocked)` } });

const MOCK_CONFIG = {
  StateMachines: {
    Orders: {
      TestCases: {
        HappyPath: { Charge: 'ChargeSucceeds' },
        NotReady: { Charge: 'ChargeNotReady' },
        RetryPath: { Charge: 'ChargeTimesOutOnce' },
        RangePath: { Charge: 'ChargeTimesOutThrice' },
        Exhausted: { Charge: 'ChargeTimesOutTwice' },
      },
    },
    Fast: { TestCases: { HappyPath: { Charge: 'ChargeSucceeds' } } },
    Patient: { TestCases: { SecondTime: { Flaky: 'ChargeTimesOutOnce' } } },
  },
  MockedResponses: {
    ChargeSucceeds: { '0': { Return: LAMBDA_OK } },
    ChargeNotReady: { '0': throwing('Lambda.ResourceNotReadyException') },
    ChargeTimesOutOnce: { '0': throwing('Lambda.TimeoutException'), '1': { Return: LAMBDA_OK } },
    ChargeTimesOutThrice: { '0-2': throwing('Lambda.TimeoutException'), '3': { Return: LAMBDA_OK } },
    ChargeTimesOutTwice: { '0-1': throwing('Lambda.TimeoutException') },
  },
};

/** Charges through a function that does not exist (only a mock answers), then doubles for real. */
const ORDERS = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'no-such-function', 'Payload.$': '$' },
      ResultSelector: { 'body.$': '$.Payload.body', 'status.$': '$.StatusCode' },
      ResultPath: '$.charged',
      Retry: [
        { ErrorEquals: ['Lambda.TimeoutException'], IntervalSeconds: 0, MaxAttempts: 3, BackoffRate: 1 },
      ],
      Catch: [{ ErrorEquals: ['Lambda.ResourceNotReadyException'], ResultPath: '$.error', Next: 'Refused' }],
      Next: 'Double',
    },
    Double: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'doubler', 'Payload.$': '$' },
      ResultSelector: { 'doubled.$': '$.Payload.doubled' },
      ResultPath: '$.double',
      End: true,
    },
    Refused: { Type: 'Pass', End: true },
  },
};

const DOUBLER = {
  'index.mjs': `export const handler = async (event) => ({ doubled: event.n * 2 });`,
};

function writeMockFile(content: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nubis-mocks-'));
  const path = join(dir, 'MockConfigFile.json');
  writeFileSync(path, content);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const typesOf = (events: HistoryEvent[]) => events.map((event) => event.type);

for (const storage of storages()) {
  describe(`Step Functions mocked service integrations (${storage})`, () => {
    const file = writeMockFile(JSON.stringify(MOCK_CONFIG));
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let orders: string;
    let fast: string;

    before(async () => {
      nubis = await startNubis({ storage, env: { SFN_MOCK_CONFIG: file.path } });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      sfn = new SFNClient({ ...config, maxAttempts: 1, requestHandler: { httpAgent: syncHostAgent } });
      const lambda = new LambdaClient(config);
      await createFunction(lambda, 'doubler', { Code: { ZipFile: await zipOf(DOUBLER) } });
      lambda.destroy();
      orders = await createMachine('Orders', ORDERS);
      fast = await createMachine('Fast', ORDERS, 'EXPRESS');
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
      file.remove();
    });

    async function createMachine(name: string, definition: object, type?: 'EXPRESS') {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }),
      );
      return stateMachineArn!;
    }

    async function run(stateMachineArn: string, name: string, input: object = { n: 21 }) {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      const execution = await ended(sfn, executionArn!);
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return { executionArn: executionArn!, execution, events };
    }

    test('a test case answers the mocked Return; the state it does not name calls its function', async () => {
      const { executionArn, execution, events } = await run(`${orders}#HappyPath`, 'happy');
      // The execution is the machine's: its ARN and stateMachineArn carry no test case.
      assert.equal(executionArn, `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:happy`);
      assert.equal(execution.stateMachineArn, orders);
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.deepEqual(JSON.parse(execution.output!), {
        n: 21,
        charged: { body: 'charged', status: 200 },
        double: { doubled: 42 },
      });
      assert.deepEqual(typesOf(events).slice(1, 6), [
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
      ]);
      const scheduled = events[2]!.taskScheduledEventDetails!;
      assert.deepEqual(JSON.parse(scheduled.parameters!), {
        FunctionName: 'no-such-function',
        Payload: { n: 21 },
      });
      assert.deepEqual(events[4]!.taskSucceededEventDetails, {
        resourceType: 'lambda',
        resource: 'invoke',
        output: JSON.stringify(LAMBDA_OK),
        outputDetails: { truncated: false },
      });
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: orders }));
      assert.ok(executions.some((listed) => listed.executionArn === executionArn));
    });

    test('the plain machine ARN calls the services: the function that does not exist', async () => {
      const { execution } = await run(orders, 'plain');
      assert.equal(execution.status, 'FAILED');
      assert.equal(execution.error, 'Lambda.ResourceNotFoundException');
    });

    test('a Throw fails the task with its Error and Cause, and Catch takes it', async () => {
      const { execution, events } = await run(`${orders}#NotReady`, 'not-ready');
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.deepEqual(JSON.parse(execution.output!).error, {
        Error: 'Lambda.ResourceNotReadyException',
        Cause: 'Lambda.ResourceNotReadyException (mocked)',
      });
      const failed = events.find((event) => event.type === 'TaskFailed')!;
      assert.deepEqual(failed.taskFailedEventDetails, {
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'Lambda.ResourceNotReadyException',
        cause: 'Lambda.ResourceNotReadyException (mocked)',
      });
      assert.equal(typesOf(events).at(-3), 'PassStateEntered');
    });

    test('invocation "0" throws and Retry runs the task again, which answers invocation "1"', async () => {
      const { execution, events } = await run(`${orders}#RetryPath`, 'retried');
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.deepEqual(typesOf(events).slice(2, 8), [
        'TaskScheduled',
        'TaskStarted',
        'TaskFailed',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
      ]);
    });

    test('a range "0-2" answers three invocations; past the last one the execution fails', async () => {
      const { execution, events } = await run(`${orders}#RangePath`, 'ranged');
      assert.equal(execution.status, 'SUCCEEDED', execution.cause);
      assert.equal(typesOf(events).filter((type) => type === 'TaskFailed').length, 3);
      const exhausted = await run(`${orders}#Exhausted`, 'exhausted');
      assert.equal(exhausted.execution.status, 'FAILED');
      assert.equal(exhausted.execution.error, 'States.Runtime');
      assert.match(
        exhausted.execution.cause!,
        /state 'Charge' in test case 'Exhausted' has no answer for invocation 2/,
      );
    });

    test('an Express test case: StartSyncExecution answers with the mocked result', async () => {
      const answer = await sfn.send(
        new StartSyncExecutionCommand({ stateMachineArn: `${fast}#HappyPath`, input: '{"n":4}' }),
      );
      assert.equal(answer.status, 'SUCCEEDED', answer.cause);
      assert.equal(answer.stateMachineArn, fast);
      assert.deepEqual(JSON.parse(answer.output!).charged, { body: 'charged', status: 200 });
      assert.deepEqual(JSON.parse(answer.output!).double, { doubled: 8 });
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${fast}#HappyPath` }));
      assert.match(started.executionArn!, new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:express:Fast:`));
    });

    test('a test case or a machine the file does not have is a ValidationException', async () => {
      await rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: `${orders}#Nope` })), {
        name: 'ValidationException',
        message: /Test case 'Nope' of state machine 'Orders' is not in the mock configuration file/,
      });
      await rejects(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${fast}#Nope` })), {
        name: 'ValidationException',
      });
      const unlisted = await createMachine('Unlisted', ORDERS);
      await rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: `${unlisted}#HappyPath` })), {
        name: 'ValidationException',
        message: /State machine 'Unlisted' is not in the mock configuration file/,
      });
      const ghost = orders.replace(':Orders', ':Ghost');
      await rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: `${ghost}#HappyPath` })), {
        name: 'StateMachineDoesNotExist',
      });
      // Nothing was started by the refusals.
      const described = sfn.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:Orders:x`,
        }),
      );
      await rejects(described, { name: 'ExecutionDoesNotExist' });
    });
  });
}

describe('a mock configuration file that breaks the rules', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"StateMachines":', /SFN_MOCK_CONFIG .*: the file is not JSON/],
    [
      'a range that goes down',
      JSON.stringify({ StateMachines: {}, MockedResponses: { Bad: { '2-1': { Return: 1 } } } }),
      /MockedResponses\.Bad\."2-1": an invocation is a number from 0 \("0"\) or an inclusive range/,
    ],
    [
      'a Throw without a Cause',
      JSON.stringify({ StateMachines: {}, MockedResponses: { Bad: { '0': { Throw: { Error: 'E' } } } } }),
      /MockedResponses\.Bad\."0"\.Throw\.Cause must be a string/,
    ],
    [
      'a test case naming a response that is not there',
      JSON.stringify({ StateMachines: { M: { TestCases: { T: { S: 'Missing' } } } }, MockedResponses: {} }),
      /StateMachines\.M\.TestCases\.T\.S names 'Missing', which MockedResponses does not define/,
    ],
  ];
  for (const [what, content, message] of cases)
    test(`refuses to start: ${what}`, async () => {
      const file = writeMockFile(content);
      try {
        await assert.rejects(startNubis({ env: { SFN_MOCK_CONFIG: file.path } }), (error: Error) => {
          assert.match(error.message, /nubis exited \(2\) before ready/);
          assert.match(error.message, message);
          return true;
        });
      } finally {
        file.remove();
      }
    });
});

for (const storage of storages()) {
  describe(`NUBIS_STATES_WAIT_SCALE: Wait states and retry intervals (${storage})`, () => {
    const file = writeMockFile(JSON.stringify(MOCK_CONFIG));
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let machines = 0;
    const HOUR_MS = 3_600_000;
    /** An hour at the scale of 0.001. */
    const SCALED_MS = 3_600;

    before(async () => {
      nubis = await startNubis({
        storage,
        manualClock: true,
        env: { SFN_MOCK_CONFIG: file.path, NUBIS_STATES_WAIT_SCALE: '0.001' },
      });
      sfn = new SFNClient({
        ...sdkConfig(nubis.endpoint, ACCOUNT),
        maxAttempts: 1,
        requestHandler: { httpAgent: syncHostAgent },
      });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
      file.remove();
    });

    async function start(definition: object, input: object = {}, name = `waits-${++machines}`) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
      );
      return { stateMachineArn: stateMachineArn!, executionArn: executionArn! };
    }

    const status = async (executionArn: string) =>
      (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;

    /** The Wait ends once the scaled time has passed on the clock, not a moment before. */
    async function endsAfterScaledHour(executionArn: string) {
      await recorded(sfn, executionArn, 'WaitStateEntered');
      await nubis.advanceClock(SCALED_MS - 1);
      assert.equal(await status(executionArn), 'RUNNING');
      await nubis.advanceClock(1);
      assert.equal((await ended(sfn, executionArn)).status, 'SUCCEEDED');
    }

    test('a Wait of an hour (Seconds) ends after 3.6 s of the clock', async () => {
      const { executionArn } = await start({
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } },
      });
      await endsAfterScaledHour(executionArn);
    });

    test('a TimestampPath an hour ahead: what is left of it is scaled', async () => {
      const now = (await (await fetch(`${nubis.endpoint}/_nubis/clock`)).json()) as { now: number };
      const until = new Date(now.now + HOUR_MS).toISOString().replace(/\.\d+Z$/, 'Z');
      const { executionArn } = await start(
        { StartAt: 'Wait', States: { Wait: { Type: 'Wait', TimestampPath: '$.until', End: true } } },
        { until },
      );
      await endsAfterScaledHour(executionArn);
    });

    test('a retry interval of an hour is scaled too (a mocked Throw, then its Return)', async () => {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'Patient',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'Flaky',
            States: {
              Flaky: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'no-such-function' },
                Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3600, MaxAttempts: 1 }],
                OutputPath: '$.Payload',
                End: true,
              },
            },
          }),
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#SecondTime` }),
      );
      // The retry's timer starts once the first attempt failed: the clock moves in steps until
      // the execution ends, at least the scaled interval and far less than the hour.
      const { value, advancedMs } = await advanceUntil(nubis, ended(sfn, executionArn!), 100, 200);
      assert.equal(value.status, 'SUCCEEDED', value.cause);
      assert.equal(value.output, JSON.stringify({ body: 'charged' }));
      assert.ok(advancedMs >= SCALED_MS, `advanced ${advancedMs} ms`);
      assert.ok(advancedMs < 20_000, `advanced ${advancedMs} ms`);
    });

    test('an Express execution scales its Wait as well', async () => {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `express-${++machines}`,
          roleArn: ROLE,
          type: 'EXPRESS',
          definition: JSON.stringify({
            StartAt: 'Wait',
            States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } },
          }),
        }),
      );
      const pending = sfn.send(new StartSyncExecutionCommand({ stateMachineArn }));
      const { value, advancedMs } = await advanceUntil(nubis, pending, 100, 200);
      assert.equal(value.status, 'SUCCEEDED');
      assert.ok(advancedMs >= SCALED_MS && advancedMs < 20_000, `advanced ${advancedMs} ms`);
    });
  });
}
