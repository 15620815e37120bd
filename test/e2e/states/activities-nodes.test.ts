// Activity tasks live in the database: a task queued when its node is killed (kill -9) is taken by
// a worker of the next node, and the execution, taken up again there, goes on waiting for it and
// records it once, without scheduling it again. On PostgreSQL, several nodes share the queue: a
// worker polling one node is woken by a task scheduled on another, and answers cross nodes too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { eventually } from '../sqs/support.js';
import { recorded } from './support.js';

const ROLE = 'arn:aws:iam::000000000000:role/r';

function clientOf(node: NubisProcess): SFNClient {
  return new SFNClient({ ...sdkConfig(node.endpoint), maxAttempts: 1 });
}

/** Makes an activity and a machine of one Task state on it per name in `tasks`, in a row. */
async function setUp(sfn: SFNClient, tasks: string[]) {
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'shared-work' }));
  const states = Object.fromEntries(
    tasks.map((name, index) => [
      name,
      {
        Type: 'Task',
        Resource: activityArn,
        ...(index === tasks.length - 1 ? { End: true } : { Next: tasks[index + 1] }),
      },
    ]),
  );
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: 'worked',
      definition: JSON.stringify({ StartAt: tasks[0], States: states }),
      roleArn: ROLE,
    }),
  );
  return { activityArn: activityArn!, stateMachineArn: stateMachineArn! };
}

const typesOf = async (sfn: SFNClient, executionArn: string) =>
  ((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []).map(
    (event) => event.type,
  );

for (const storage of storages()) {
  test(`a queued activity task survives kill -9 and is worked on the next node (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-activity-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const options = {
      storage,
      dataDir,
      postgresUrl: database?.url,
      manualClock: true,
      clockStartMs: Date.UTC(2026, 5, 1),
    };
    try {
      const first = await startNubis(options);
      const sfn = clientOf(first);
      const { activityArn, stateMachineArn } = await setUp(sfn, ['Work']);
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: '{"job":7}' }),
      );
      await recorded(sfn, executionArn!, 'ActivityScheduled');
      await first.kill();
      sfn.destroy();

      const second = await startNubis(options);
      const again = clientOf(second);
      try {
        const task = await again.send(new GetActivityTaskCommand({ activityArn, workerName: 'after' }));
        assert.deepEqual(JSON.parse(task.input!), { job: 7 });
        await again.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"worked"' }));
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        // Taken up again once the killed node's lease lapses (see restart.test.ts).
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 24);
        assert.equal((await described()).output, '"worked"');
        assert.deepEqual(await typesOf(again, executionArn!), [
          'ExecutionStarted',
          'TaskStateEntered',
          'ActivityScheduled',
          'ActivityStarted',
          'ActivitySucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ]);
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

if (storages().includes('postgres')) {
  test('a worker on one node is woken by a task scheduled on another (postgres)', async () => {
    const database = await createTestDatabase();
    const options = {
      storage: 'postgres' as const,
      postgresUrl: database.url,
      manualClock: true,
      clockStartMs: Date.UTC(2026, 5, 1),
    };
    const nodes: NubisProcess[] = [];
    const clients: SFNClient[] = [];
    try {
      nodes.push(await startNubis(options));
      clients.push(clientOf(nodes[0]!));
      const [onA] = clients as [SFNClient];
      const { activityArn, stateMachineArn } = await setUp(onA, ['First', 'Second']);
      // Node A alone runs the execution: it holds its lease from here on.
      const { executionArn } = await onA.send(new StartExecutionCommand({ stateMachineArn, input: '1' }));
      const firstTask = await onA.send(new GetActivityTaskCommand({ activityArn }));
      nodes.push(await startNubis(options));
      clients.push(clientOf(nodes[1]!));
      const onB = clients[1]!;

      // B's worker waits for the second task, which A schedules once B answers the first.
      const waiting = onB.send(new GetActivityTaskCommand({ activityArn, workerName: 'on-b' }));
      await onB.send(new SendTaskSuccessCommand({ taskToken: firstTask.taskToken, output: '2' }));
      const secondTask = await waiting;
      assert.equal(secondTask.input, '2');
      await onB.send(new SendTaskSuccessCommand({ taskToken: secondTask.taskToken, output: '3' }));
      await eventually(
        nodes[0]!,
        async () => (await onA.send(new DescribeExecutionCommand({ executionArn }))).status === 'SUCCEEDED',
        0,
        200,
      );
      const types = await typesOf(onB, executionArn!);
      assert.equal(types.filter((type) => type === 'ActivityScheduled').length, 2);
      assert.equal(types.filter((type) => type === 'ActivitySucceeded').length, 2);
    } finally {
      for (const client of clients) client.destroy();
      for (const node of nodes) await node.stop();
      await database.drop();
    }
  });
}
