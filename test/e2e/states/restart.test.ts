// A Standard execution acknowledged by StartExecution survives kill -9: after the restart the
// claim of the killed process lapses (a minute of the manual clock) and the execution runs again
// from its start, through its Wait, to its end.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages } from '../../support/nubis.js';
import { eventually } from '../sqs/support.js';

const DEFINITION = JSON.stringify({
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 30, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'finished', End: true },
  },
});

for (const storage of storages()) {
  test(`a Standard execution goes on after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-restart-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    try {
      const first = await startNubis(options);
      const sfn = new SFNClient({ ...sdkConfig(first.endpoint), maxAttempts: 1 });
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'slow',
          definition: DEFINITION,
          roleArn: 'arn:aws:iam::000000000000:role/r',
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, name: 'survivor' }),
      );
      await first.kill();
      sfn.destroy();

      const second = await startNubis(options);
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        assert.equal((await described()).status, 'RUNNING');
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 40);
        assert.equal((await described()).output, '"finished"');
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
