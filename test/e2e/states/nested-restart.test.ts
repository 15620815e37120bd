// A `.sync` task's wait for its child execution is saved with the parent: a node killed (-9)
// while the parent waits leaves both to the next node, where the parent goes on waiting for the
// same child, without starting another, and ends with the child's description once it ends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages } from '../../support/nubis.js';
import { eventually } from '../sqs/support.js';
import { recorded } from './support.js';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const CHILD = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 100, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'child', End: true },
  },
};
const parentOf = (childArn: string) => ({
  StartAt: 'Nest',
  States: {
    Nest: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: childArn, Name: 'only-child' },
      End: true,
    },
  },
});

for (const storage of storages()) {
  test(`a parent waiting for its child goes on waiting after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-nested-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const startMs = Date.UTC(2026, 5, 1);
    const options = {
      storage,
      dataDir,
      postgresUrl: database?.url,
      manualClock: true,
      clockStartMs: startMs,
    };
    try {
      const first = await startNubis(options);
      const sfn = new SFNClient({ ...sdkConfig(first.endpoint), maxAttempts: 1 });
      const child = await sfn.send(
        new CreateStateMachineCommand({ name: 'child', definition: JSON.stringify(CHILD), roleArn: ROLE }),
      );
      const definition = JSON.stringify(parentOf(child.stateMachineArn!));
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name: 'parent', definition, roleArn: ROLE }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      await recorded(sfn, executionArn!, 'TaskSubmitted');
      await first.kill();
      sfn.destroy();

      const second = await startNubis(options);
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        assert.equal((await described()).status, 'RUNNING');
        // Both leases lapse by 30 s and the watchdogs take both up by 120 s at the latest; the child
        // ends 100 s after it began, and the parent with it.
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 30);
        const output = JSON.parse((await described()).output!);
        const childArn = output.ExecutionArn as string;
        assert.equal(
          childArn,
          child.stateMachineArn!.replace(':stateMachine:', ':execution:') + ':only-child',
        );
        assert.equal(output.Output, 'child');
        const { executions = [] } = await again.send(
          new ListExecutionsCommand({ stateMachineArn: child.stateMachineArn }),
        );
        assert.deepEqual(
          executions.map((execution) => execution.executionArn),
          [childArn],
        );
        const { events = [] } = await again.send(new GetExecutionHistoryCommand({ executionArn }));
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
