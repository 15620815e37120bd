// A Standard execution acknowledged by StartExecution survives kill -9 and goes on where it was:
// killed 60 s into a 100 s Wait, it is taken up again once the killed process's lease (and any claim
// it held on the watchdog job) lapses, and ends then or when that Wait was due, without running its
// first state again. A callback task's wait and a Retry's interval go on the same way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages } from '../../support/nubis.js';
import { CreateQueueCommand, DeleteMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { eventually, receive } from '../sqs/support.js';
import { recorded } from './support.js';

const DEFINITION = JSON.stringify({
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 100, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'finished', End: true },
  },
});

for (const storage of storages()) {
  test(`a Standard execution goes on after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-restart-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const startMs = Date.UTC(2026, 5, 1);
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    try {
      const first = await startNubis({ ...options, clockStartMs: startMs });
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
      const types = async (client: SFNClient) =>
        ((await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []).map(
          (event) => event.type,
        );
      // The history shows the execution running, as far as the Wait it is in.
      await eventually(first, async () => (await types(sfn)).includes('WaitStateEntered'), 0, 200);
      await first.advanceClock(60_000);
      await first.kill();
      sfn.destroy();

      const second = await startNubis({ ...options, clockStartMs: startMs + 60_000 });
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        assert.equal((await described()).status, 'RUNNING');
        // The lease lapses by 90 s; a watchdog run takes the execution up after that, at the latest
        // by 120 s when the killed node had just claimed the watchdog job (its claim lasts 60 s).
        // Going on, it ends by then; starting over would wait another 100 s, past 190 s.
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 24);
        const ended = await described();
        assert.equal(ended.output, '"finished"');
        assert.ok(ended.stopDate!.getTime() - startMs < 130_000);
        assert.deepEqual(await types(again), [
          'ExecutionStarted',
          'PassStateEntered',
          'PassStateExited',
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

const CALLBACK = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { 'QueueUrl.$': '$.queueUrl', MessageBody: { 'token.$': '$$.Task.Token' } },
      End: true,
    },
  },
};

// A callback task's wait is saved: answered while no node runs the execution, the node that takes
// it up finds the answer, without sending the message again or recording the task twice.
for (const storage of storages()) {
  test(`a callback task goes on waiting after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-callback-'));
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
      const sqs = new SQSClient(sdkConfig(first.endpoint));
      const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'asks' }));
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'asker',
          definition: JSON.stringify(CALLBACK),
          roleArn: 'arn:aws:iam::000000000000:role/r',
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ queueUrl }) }),
      );
      await recorded(sfn, executionArn!, 'TaskSubmitted');
      const [message] = await receive(sqs, queueUrl!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message!.ReceiptHandle }));
      const { token } = JSON.parse(message!.Body!) as { token: string };
      await first.kill();
      sfn.destroy();
      sqs.destroy();

      const second = await startNubis(options);
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      const queue = new SQSClient(sdkConfig(second.endpoint));
      try {
        await again.send(new SendTaskSuccessCommand({ taskToken: token, output: '"answered"' }));
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 24);
        assert.equal((await described()).output, '"answered"');
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
        assert.deepEqual(await receive(queue, queueUrl!), []);
      } finally {
        again.destroy();
        queue.destroy();
        await second.stop();
      }
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

const RETRIED = {
  StartAt: 'Send',
  States: {
    Send: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { QueueUrl: 'http://127.0.0.1/000000000000/missing', MessageBody: 'never sent' },
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 100, MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'GaveUp' }],
      End: true,
    },
    GaveUp: { Type: 'Pass', Result: 'gave up', End: true },
  },
};

// A Retry's interval is saved: killed 60 s into a 100 s interval, the node that takes the execution
// up makes the second attempt when the interval was due, not a first attempt over again.
for (const storage of storages()) {
  test(`a retry interval goes on after the process is killed (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-states-retry-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const startMs = Date.UTC(2026, 5, 1);
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    try {
      const first = await startNubis({ ...options, clockStartMs: startMs });
      const sfn = new SFNClient({ ...sdkConfig(first.endpoint), maxAttempts: 1 });
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'retrier',
          definition: JSON.stringify(RETRIED),
          roleArn: 'arn:aws:iam::000000000000:role/r',
        }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      await recorded(sfn, executionArn!, 'TaskFailed');
      await first.advanceClock(60_000);
      await first.kill();
      sfn.destroy();

      const second = await startNubis({ ...options, clockStartMs: startMs + 60_000 });
      const again = new SFNClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const described = () => again.send(new DescribeExecutionCommand({ executionArn }));
        await eventually(second, async () => (await described()).status === 'SUCCEEDED', 5_000, 24);
        const ended = await described();
        assert.equal(ended.output, '"gave up"');
        // Due at 100 s, made once the execution is taken up (by 120 s); a first attempt over again
        // would wait another 100 s.
        assert.ok(ended.stopDate!.getTime() - startMs < 130_000);
        const { events = [] } = await again.send(new GetExecutionHistoryCommand({ executionArn }));
        assert.deepEqual(
          events.map((event) => event.type),
          [
            'ExecutionStarted',
            'TaskStateEntered',
            'TaskScheduled',
            'TaskStarted',
            'TaskFailed',
            'TaskScheduled',
            'TaskStarted',
            'TaskFailed',
            'TaskStateExited',
            'PassStateEntered',
            'PassStateExited',
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
