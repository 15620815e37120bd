// The callback pattern through @aws-sdk/client-sfn on both storages: a `.waitForTaskToken` task
// hands its token on (here in an SQS message), waits, and goes on with SendTaskSuccess's output or
// SendTaskFailure's error; SendTaskHeartbeat keeps HeartbeatSeconds from running out; a token
// answered twice, or after its time ran out, is TaskTimedOut. The node runs a manual clock, so
// that timeouts happen when the test says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { receive, rejects } from '../sqs/support.js';
import { ended, recorded } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;

/** Sends the token in an SQS message and waits; failures are caught into `$.error`. */
function machine(limits: Record<string, number> = {}) {
  return {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: {
          'QueueUrl.$': '$.queueUrl',
          MessageBody: { 'question.$': '$.question', 'token.$': '$$.Task.Token' },
        },
        ...limits,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };
}

for (const storage of storages()) {
  describe(`Step Functions callbacks (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;
    let sqs: SQSClient;
    let queueUrl: string;
    let machines = 0;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      const config = sdkConfig(nubis.endpoint, ACCOUNT);
      sfn = new SFNClient({ ...config, maxAttempts: 1 });
      sqs = new SQSClient(config);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'questions' }))).QueueUrl!;
    });
    after(async () => {
      sfn.destroy();
      sqs.destroy();
      await nubis.stop();
    });

    /** Starts an execution of `definition` and answers it with the token its message carried. */
    async function asked(definition: object, question: string) {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: `callback-${++machines}`,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ queueUrl, question }) }),
      );
      await recorded(sfn, executionArn!, 'TaskSubmitted');
      const [message] = await receive(sqs, queueUrl, { MaxNumberOfMessages: 1 });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message!.ReceiptHandle }));
      const body = JSON.parse(message!.Body!) as { question: string; token: string };
      assert.equal(body.question, question);
      return { executionArn: executionArn!, token: body.token };
    }

    const types = async (executionArn: string) =>
      ((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []).map(
        (event) => event.type,
      );

    test('SendTaskSuccess: the task goes on with its output; answering again is TaskTimedOut', async () => {
      const { executionArn, token } = await asked(machine({ TimeoutSeconds: 600 }), 'yes?');
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const scheduled = events.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!;
      assert.equal(scheduled.resource, 'sendMessage.waitForTaskToken');
      assert.equal(scheduled.resourceType, 'sqs');
      assert.equal(scheduled.timeoutInSeconds, 600);
      assert.equal(JSON.parse(scheduled.parameters!).MessageBody.token, token);
      const submitted = events.find((event) => event.type === 'TaskSubmitted')!.taskSubmittedEventDetails!;
      assert.ok(JSON.parse(submitted.output!).MessageId);

      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"answer":"yes"}' }));
      const execution = await ended(sfn, executionArn);
      assert.equal(execution.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(execution.output!), { answer: 'yes' });
      assert.deepEqual(await types(executionArn), [
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
      await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })), {
        name: 'TaskTimedOut',
      });
    });

    test("SendTaskFailure: its error and cause are the task's, caught as such; none given are null", async () => {
      const named = await asked(machine(), 'no?');
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: named.token, error: 'Refused', cause: 'not today' }),
      );
      const failed = await ended(sfn, named.executionArn);
      assert.equal(failed.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(failed.output!).error, { Error: 'Refused', Cause: 'not today' });
      const { events = [] } = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: named.executionArn }),
      );
      const details = events.find((event) => event.type === 'TaskFailed')!.taskFailedEventDetails!;
      assert.equal(details.error, 'Refused');
      assert.equal(details.cause, 'not today');

      const unnamed = await asked(machine(), 'maybe?');
      await sfn.send(new SendTaskFailureCommand({ taskToken: unnamed.token }));
      const caught = await ended(sfn, unnamed.executionArn);
      assert.deepEqual(JSON.parse(caught.output!).error, { Error: null, Cause: null });
    });

    test('HeartbeatSeconds: each SendTaskHeartbeat gives the task that long again, then it times out', async () => {
      const { executionArn, token } = await asked(machine({ HeartbeatSeconds: 10 }), 'alive?');
      await nubis.advanceClock(8_000);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await nubis.advanceClock(8_000);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await nubis.advanceClock(8_000);
      assert.ok(!(await types(executionArn)).includes('TaskTimedOut'));
      await nubis.advanceClock(3_000);
      const execution = await ended(sfn, executionArn);
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'States.HeartbeatTimeout', Cause: '' });
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const timedOut = events.find((event) => event.type === 'TaskTimedOut')!.taskTimedOutEventDetails!;
      assert.equal(timedOut.error, 'States.HeartbeatTimeout');
      await rejects(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })), {
        name: 'TaskTimedOut',
      });
    });

    test('TimeoutSeconds: an unanswered task fails with States.Timeout', async () => {
      const { executionArn, token } = await asked(machine({ TimeoutSeconds: 30 }), 'anyone?');
      await nubis.advanceClock(31_000);
      const execution = await ended(sfn, executionArn);
      assert.deepEqual(JSON.parse(execution.output!).error, { Error: 'States.Timeout', Cause: '' });
      await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })), {
        name: 'TaskTimedOut',
      });
    });

    test('bad answers: a token that is none, output that is not JSON, members over their limits', async () => {
      await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })), {
        name: 'InvalidToken',
        status: 400,
      });
      await rejects(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'x'.repeat(2049) })), {
        name: 'ValidationException',
      });
      const { executionArn, token } = await asked(machine(), 'json?');
      await rejects(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{nope' })), {
        name: 'InvalidOutput',
      });
      await rejects(sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'e'.repeat(257) })), {
        name: 'ValidationException',
      });
      // The task still waits: a good answer is taken.
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"fine"' }));
      assert.equal((await ended(sfn, executionArn)).output, '"fine"');
    });
  });
}
