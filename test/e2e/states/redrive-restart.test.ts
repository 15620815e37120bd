// A redriven execution is an ordinary Standard run: acknowledged by RedriveExecution, it survives
// kill -9 and goes on where its re-run was — killed 60 s into the 100 s Wait it was stopped in and
// redriven to, it is taken up again once the killed process's lease lapses, without entering that
// Wait a third time, and ends as a redriven execution (its count in the context object).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages } from '../../support/nubis.js';
import { eventually } from '../sqs/support.js';

const DEFINITION = JSON.stringify({
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 100, Next: 'Done' },
    Done: { Type: 'Pass', Parameters: { 'redriveCount.$': '$$.Execution.RedriveCount' }, End: true },
  },
});

for (const storage of storages()) {
  test(`a redriven execution goes on after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-redrive-restart-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const startMs = Date.UTC(2026, 5, 1);
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    try {
      const first = await startNubis({ ...options, clockStartMs: startMs });
      const sfn = new SFNClient({ ...sdkConfig(first.endpoint), maxAttempts: 1 });
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'stopped',
          definition: DEFINITION,
          roleArn: 'arn:aws:iam::000000000000:role/r',
        }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'again' }));
      const types = async (client: SFNClient) =>
        ((await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []).map(
          (event) => event.type,
        );
      const waitsEntered = async () =>
        (await types(sfn)).filter((type) => type === 'WaitStateEntered').length;
      await eventually(first, async () => (await waitsEntered()) === 1, 0, 200);
      await sfn.send(new StopExecutionCommand({ executionArn }));
      await sfn.send(new RedriveExecutionCommand({ executionArn }));
      await eventually(first, async () => (await waitsEntered()) === 2, 0, 200);
      await first.advanceClock(60_000);
      await first.kill();
      sfn.destroy();

      const second = await startNubis({ ...options, clockStartMs: startMs + 60_000 });
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        assert.equal((await described()).status, 'RUNNING');
        // As restart.test.ts: taken up by 120 s at the latest, and then due at 100 s; starting the
        // Wait over would end past 160 s.
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 24);
        const done = await described();
        assert.deepEqual(JSON.parse(done.output!), { redriveCount: 1 });
        assert.equal(done.redriveCount, 1);
        assert.ok(done.stopDate!.getTime() - startMs < 130_000);
        assert.deepEqual(await types(again), [
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
