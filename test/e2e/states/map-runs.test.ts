// Distributed Map states through @aws-sdk/client-sfn on both storages: the items run as child
// executions of a Map Run, which the history records as MapRunStarted and MapRunSucceeded or
// MapRunFailed; DescribeMapRun and ListMapRuns show it; UpdateMapRun raises a running Map Run's
// MaxConcurrency (the node runs a manual clock, so that the items' Waits end when the test says);
// an ItemBatcher batches the items; a ResultWriter, which needs S3, says so. The STANDARD
// children are executions: DescribeExecution, GetExecutionHistory and ListExecutions by mapRunArn
// show them; a parent killed during its Map Run aborts that run as it goes on with a new one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { eventually, rejects } from '../sqs/support.js';
import { ended } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;

/** A Distributed Map over `$.items` whose child workflows run `states` from `Item`. */
const distributed = (states: Record<string, object>, fields: object = {}) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      Label: 'Items',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Item',
        States: states,
      },
      ...fields,
      End: true,
    },
  },
});

/** Child workflows that fail for an item whose `ok` is not true. */
const CHECKED = {
  Item: {
    Type: 'Choice',
    Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Fine' }],
    Default: 'Broken',
  },
  Fine: { Type: 'Succeed' },
  Broken: { Type: 'Fail', Error: 'Item.Broken', Cause: 'not ok' },
};

for (const storage of storages()) {
  describe(`Step Functions Map Runs (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let machines = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    async function start(definition: object, input: object) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `map-runs-${++machines}`,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
      );
      return { stateMachineArn: stateMachineArn!, executionArn: executionArn! };
    }

    /** The execution's Map Run, once it has one. */
    async function mapRunOf(executionArn: string) {
      for (let attempt = 0; attempt < 500; attempt++) {
        const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
        if (mapRuns.length > 0) return mapRuns[0]!;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.fail(`${executionArn} has no Map Run`);
    }

    test('a Distributed Map runs its items as a Map Run, shown by DescribeMapRun and ListMapRuns', async () => {
      const item = { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true };
      const { stateMachineArn, executionArn } = await start(
        distributed({ Item: item }, { MaxConcurrency: 2 }),
        {
          items: [{ n: 1 }, { n: 2 }, { n: 3 }],
        },
      );
      const described = await ended(sfn, executionArn);
      assert.equal(described.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(described.output!), [{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }]);
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      assert.deepEqual(
        events.map((event) => event.type),
        [
          'ExecutionStarted',
          'MapStateEntered',
          'MapStateStarted',
          'MapRunStarted',
          'MapRunSucceeded',
          'MapStateSucceeded',
          'MapStateExited',
          'ExecutionSucceeded',
        ],
      );
      const mapRunArn = events[3]!.mapRunStartedEventDetails!.mapRunArn!;
      const name = stateMachineArn.split(':').pop();
      assert.match(
        mapRunArn,
        new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:mapRun:${name}/Items:[0-9a-f-]{36}$`),
      );
      const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
      assert.deepEqual(
        mapRuns.map((run) => [
          run.mapRunArn,
          run.executionArn,
          run.stateMachineArn,
          run.stopDate !== undefined,
        ]),
        [[mapRunArn, executionArn, stateMachineArn, true]],
      );
      const mapRun = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      assert.equal(mapRun.status, 'SUCCEEDED');
      assert.equal(mapRun.executionArn, executionArn);
      assert.equal(mapRun.maxConcurrency, 2);
      assert.equal(mapRun.toleratedFailureCount, 0);
      assert.equal(mapRun.toleratedFailurePercentage, 0);
      assert.deepEqual(mapRun.itemCounts, {
        ...{ pending: 0, running: 0, succeeded: 3, failed: 0, timedOut: 0, aborted: 0, total: 3 },
        ...{ resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 },
      });
      assert.deepEqual(mapRun.executionCounts, mapRun.itemCounts);
    });

    test('a failed child beyond the tolerance fails the Map Run with States.ExceedToleratedFailureThreshold', async () => {
      const tolerant = await start(distributed(CHECKED, { ToleratedFailureCount: 1 }), {
        items: [{ ok: true }, { ok: false }],
      });
      assert.equal((await ended(sfn, tolerant.executionArn)).status, 'SUCCEEDED');
      const strict = await start(distributed(CHECKED), {
        items: [{ ok: true }, { ok: false }, { ok: false }],
      });
      const described = await ended(sfn, strict.executionArn);
      assert.equal(described.status, 'FAILED');
      assert.equal(described.error, 'States.ExceedToleratedFailureThreshold');
      const { events = [] } = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: strict.executionArn }),
      );
      const failed = events.find((event) => event.type === 'MapRunFailed')!;
      assert.deepEqual(failed.mapRunFailedEventDetails, {
        error: 'States.ExceedToleratedFailureThreshold',
        cause: 'The specified tolerated failure threshold was exceeded',
      });
      const mapRun = await sfn.send(
        new DescribeMapRunCommand({ mapRunArn: (await mapRunOf(strict.executionArn)).mapRunArn }),
      );
      assert.equal(mapRun.status, 'FAILED');
      assert.ok(mapRun.itemCounts!.failed! >= 1);
    });

    test('the children of a Map Run are executions: described, with their history, listed by mapRunArn', async () => {
      const { stateMachineArn, executionArn } = await start(
        distributed(CHECKED, { ToleratedFailureCount: 1 }),
        { items: [{ ok: true }, { ok: false }, { ok: true }] },
      );
      assert.equal((await ended(sfn, executionArn)).status, 'SUCCEEDED');
      const { mapRunArn } = await mapRunOf(executionArn);
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
      const labelled = `${stateMachineArn}/Items`;
      assert.equal(executions.length, 3);
      for (const child of executions) {
        assert.match(
          child.executionArn!,
          new RegExp(`:execution:${labelled.split(':').pop()}:[0-9a-f-]{36}$`),
        );
        assert.deepEqual([child.stateMachineArn, child.mapRunArn, child.itemCount], [labelled, mapRunArn, 1]);
      }
      assert.deepEqual(executions.map((child) => child.status).sort(), ['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
      const failed = await sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
      assert.equal(failed.executions!.length, 1);
      const childArn = failed.executions![0]!.executionArn!;
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: childArn }));
      assert.deepEqual(
        [described.status, described.error, described.cause, described.mapRunArn, described.stateMachineArn],
        ['FAILED', 'Item.Broken', 'not ok', mapRunArn, labelled],
      );
      assert.deepEqual(JSON.parse(described.input!), { ok: false });
      assert.equal(described.redriveStatus, 'NOT_REDRIVABLE');
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: childArn }));
      assert.deepEqual(
        events.map((event) => [event.id, event.type]),
        [
          [1, 'ExecutionStarted'],
          [2, 'ChoiceStateEntered'],
          [3, 'ChoiceStateExited'],
          [4, 'FailStateEntered'],
          [5, 'ExecutionFailed'],
        ],
      );
      assert.deepEqual(events[4]!.executionFailedEventDetails, { error: 'Item.Broken', cause: 'not ok' });
      const definition = await sfn.send(
        new DescribeStateMachineForExecutionCommand({ executionArn: childArn }),
      );
      assert.deepEqual([definition.mapRunArn, definition.label], [mapRunArn, 'Items']);
      assert.deepEqual(Object.keys(JSON.parse(definition.definition!).States), ['Item', 'Fine', 'Broken']);
      // Pages of the children; the parent machine lists the parent alone.
      const first = await sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2 }));
      assert.equal(first.executions!.length, 2);
      const rest = await sfn.send(new ListExecutionsCommand({ mapRunArn, nextToken: first.nextToken }));
      assert.equal(rest.executions!.length, 1);
      assert.equal(rest.nextToken, undefined);
      const own = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      assert.deepEqual(
        own.executions!.map((execution) => [execution.executionArn, execution.mapRunArn]),
        [[executionArn, undefined]],
      );
      const counts = (await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).executionCounts!;
      assert.deepEqual([counts.total, counts.succeeded, counts.failed, counts.aborted], [3, 2, 1, 0]);
    });

    test('UpdateMapRun raises the MaxConcurrency of a Map Run under way', async () => {
      const waiting = { Item: { Type: 'Wait', Seconds: 10, End: true } };
      const { executionArn } = await start(distributed(waiting, { MaxConcurrency: 1 }), { items: [1, 2, 3] });
      const { mapRunArn } = await mapRunOf(executionArn);
      const running = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      assert.equal(running.status, 'RUNNING');
      assert.equal(running.itemCounts!.total, 3);
      await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3 }));
      assert.equal((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).maxConcurrency, 3);
      // One at a time, the items would take 30 s; after the first, the other two run together.
      let status: string | undefined;
      for (let second = 0; second < 40 && status !== 'SUCCEEDED'; second++) {
        await nubis.advanceClock(1_000);
        status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
      }
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      assert.equal(described.status, 'SUCCEEDED');
      assert.ok(described.stopDate!.getTime() - described.startDate!.getTime() < 30_000);
    });

    test('an ItemBatcher hands each child a batch of items, with its BatchInput', async () => {
      const counted = {
        Item: {
          Type: 'Pass',
          Parameters: { 'count.$': 'States.ArrayLength($.Items)', 'batch.$': '$.BatchInput' },
          End: true,
        },
      };
      const batcher = { MaxItemsPerBatch: 2, BatchInput: { 'of.$': '$.name' } };
      const { executionArn } = await start(
        distributed(counted, { ItemBatcher: batcher, ItemSelector: { 'value.$': '$$.Map.Item.Value' } }),
        { name: 'letters', items: ['a', 'b', 'c', 'd', 'e'] },
      );
      const described = await ended(sfn, executionArn);
      assert.equal(described.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(described.output!), [
        { count: 2, batch: { of: 'letters' } },
        { count: 2, batch: { of: 'letters' } },
        { count: 1, batch: { of: 'letters' } },
      ]);
      const { mapRunArn } = await mapRunOf(executionArn);
      const mapRun = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      const counts = mapRun.itemCounts!;
      assert.deepEqual([counts.total, counts.succeeded, counts.failed], [5, 5, 0]);
      // A batch is one child execution, of its items.
      const executions = mapRun.executionCounts!;
      assert.deepEqual([executions.total, executions.succeeded, executions.failed], [3, 3, 0]);
      const children = (await sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions!;
      assert.deepEqual(children.map((child) => child.itemCount).sort(), [1, 2, 2]);
      const echoed = { Item: { Type: 'Pass', End: true } };
      const bytes = await start(distributed(echoed, { ItemBatcher: { MaxInputBytesPerBatch: 40 } }), {
        items: ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'],
      });
      assert.deepEqual(JSON.parse((await ended(sfn, bytes.executionArn)).output!), [
        { Items: ['aaaaaaaaaa', 'bbbbbbbbbb'] },
        { Items: ['cccccccccc'] },
      ]);
    });

    test('a ResultWriter says that it needs Amazon S3', async () => {
      const writer = {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'results', Prefix: 'out' },
      };
      const { executionArn } = await start(
        distributed({ Item: { Type: 'Pass', End: true } }, { ResultWriter: writer }),
        {
          items: [1],
        },
      );
      const described = await ended(sfn, executionArn);
      assert.equal(described.status, 'FAILED');
      assert.equal(described.error, 'States.Runtime');
      assert.match(
        described.cause!,
        /ResultWriter writes to arn:aws:states:::s3:putObject: Amazon S3 is not served by Nubis yet/,
      );
    });

    test('the Map Run operations answer AWS errors', async () => {
      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:mapRun:nothing/Items:00000000-0000-0000-0000-000000000000`;
      await rejects(sfn.send(new DescribeMapRunCommand({ mapRunArn: missing })), {
        name: 'ResourceNotFound',
        message: `Resource not found: '${missing}'`,
      });
      await rejects(sfn.send(new DescribeMapRunCommand({ mapRunArn: 'not-an-arn' })), { name: 'InvalidArn' });
      const execution = `arn:aws:states:us-east-1:${ACCOUNT}:execution:nothing:none`;
      await rejects(sfn.send(new ListMapRunsCommand({ executionArn: execution })), {
        name: 'ExecutionDoesNotExist',
      });
      await rejects(sfn.send(new ListExecutionsCommand({ mapRunArn: missing })), {
        name: 'ResourceNotFound',
        message: `Resource not found: '${missing}'`,
      });
      await rejects(sfn.send(new ListExecutionsCommand({ mapRunArn: 'not-an-arn' })), { name: 'InvalidArn' });
      const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:nothing`;
      await rejects(sfn.send(new ListExecutionsCommand({ mapRunArn: missing, stateMachineArn: machine })), {
        name: 'ValidationException',
      });
      await rejects(sfn.send(new ListExecutionsCommand({})), { name: 'ValidationException' });
      const child = `arn:aws:states:us-east-1:${ACCOUNT}:execution:nothing/Items:00000000-0000-0000-0000-000000000000`;
      await rejects(sfn.send(new DescribeExecutionCommand({ executionArn: child })), {
        name: 'ExecutionDoesNotExist',
      });
      await rejects(
        sfn.send(new UpdateMapRunCommand({ mapRunArn: missing, toleratedFailurePercentage: 101 })),
        {
          name: 'ValidationException',
          message:
            "1 validation error detected: Value '101' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
        },
      );
    });
  });
}

// Killed during its Map Run, a parent goes on from its Map state (its last checkpoint), which
// starts a new Map Run: the interrupted one, and its child still RUNNING, end ABORTED, the child's
// history with ExecutionAborted, and nothing of it runs or is recorded again.
for (const storage of storages()) {
  test(`a parent killed during its Map Run aborts that run and goes on with a new one (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-map-run-restart-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    const startMs = Date.UTC(2026, 5, 1);
    const waiting = distributed({ Item: { Type: 'Wait', Seconds: 100, End: true } });
    try {
      const first = await startNubis({ ...options, clockStartMs: startMs });
      const sfn = new SFNClient({ ...sdkConfig(first.endpoint, ACCOUNT), maxAttempts: 1 });
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name: 'killed', definition: JSON.stringify(waiting), roleArn: ROLE }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items: [1] }) }),
      );
      const mapRuns = async (client: SFNClient) =>
        (await client.send(new ListMapRunsCommand({ executionArn }))).mapRuns ?? [];
      const children = async (client: SFNClient, mapRunArn: string) =>
        (await client.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? [];
      let interrupted = '';
      await eventually(
        first,
        async () => {
          interrupted = (await mapRuns(sfn))[0]?.mapRunArn ?? '';
          return interrupted !== '' && (await children(sfn, interrupted)).length === 1;
        },
        0,
        200,
      );
      await first.kill();
      sfn.destroy();

      const second = await startNubis({ ...options, clockStartMs: startMs + 10_000 });
      const again = new SFNClient({ ...sdkConfig(second.endpoint, ACCOUNT), maxAttempts: 1 });
      try {
        const status = async () => (await again.send(new DescribeExecutionCommand({ executionArn }))).status;
        await eventually(second, async () => (await status()) === 'SUCCEEDED', 5_000, 80);
        const runs = await mapRuns(again);
        assert.equal(runs.length, 2);
        const old = await again.send(new DescribeMapRunCommand({ mapRunArn: interrupted }));
        assert.equal(old.status, 'ABORTED');
        assert.deepEqual([old.executionCounts!.aborted, old.itemCounts!.aborted], [1, 1]);
        const [child] = await children(again, interrupted);
        assert.equal(child!.status, 'ABORTED');
        const { events = [] } = await again.send(
          new GetExecutionHistoryCommand({ executionArn: child!.executionArn }),
        );
        assert.deepEqual(
          events.map((event) => event.type),
          ['ExecutionStarted', 'ExecutionAborted'],
        );
        const resumed = runs.find((run) => run.mapRunArn !== interrupted)!;
        assert.equal(
          (await again.send(new DescribeMapRunCommand({ mapRunArn: resumed.mapRunArn }))).status,
          'SUCCEEDED',
        );
        const [redone] = await children(again, resumed.mapRunArn!);
        assert.equal(redone!.status, 'SUCCEEDED');
      } finally {
        again.destroy();
        await second.stop();
      }
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
