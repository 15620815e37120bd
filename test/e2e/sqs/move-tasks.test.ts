import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityCommand,
  DeleteQueueCommand,
  ListMessageMoveTasksCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { attributes, createQueue, eventually, receive, rejects, useSqs } from './support.js';

const arnOf = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

for (const storage of storages()) {
  describe(`SQS message move tasks (${storage})`, () => {
    const f = useSqs(storage);

    /** A source queue whose messages all end up in its dead-letter queue. */
    async function deadLetters(prefix: string, count: number) {
      const dlq = await createQueue(f.sqs, `${prefix}-dlq`);
      const source = await createQueue(f.sqs, `${prefix}-src`, {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(`${prefix}-dlq`), maxReceiveCount: 1 }),
      });
      const entries = Array.from({ length: count }, (_, i) => ({
        Id: `m${i}`,
        MessageBody: `${prefix}-${i}`,
      }));
      await f.sqs.send(new SendMessageBatchCommand({ QueueUrl: source, Entries: entries }));
      for (const message of await receive(f.sqs, source, { MaxNumberOfMessages: 10 })) {
        await f.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: source,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
      assert.deepEqual(await receive(f.sqs, source, { MaxNumberOfMessages: 10 }), []);
      assert.equal(
        (await attributes(f.sqs, dlq, 'ApproximateNumberOfMessages'))['ApproximateNumberOfMessages'],
        String(count),
      );
      return { dlq, source };
    }

    const list = async (name: string, MaxResults?: number) =>
      (await f.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(name), MaxResults }))).Results ??
      [];

    test('messages go back to their source queue', async () => {
      const { source } = await deadLetters('back', 3);
      const { TaskHandle } = await f.sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: arnOf('back-dlq') }),
      );
      assert.ok(TaskHandle);
      await eventually(f.nubis, async () => (await list('back-dlq'))[0]?.Status === 'COMPLETED');
      const [task] = await list('back-dlq');
      assert.equal(task?.ApproximateNumberOfMessagesMoved, 3);
      assert.equal(task?.ApproximateNumberOfMessagesToMove, 3);
      assert.equal(task?.SourceArn, arnOf('back-dlq'));
      assert.equal(task?.DestinationArn, undefined);
      assert.equal(task?.TaskHandle, undefined, 'only running tasks carry a handle');
      assert.ok(task?.StartedTimestamp);
      const back = await receive(f.sqs, source, {
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      });
      assert.deepEqual(back.map((m) => m.Body).sort(), ['back-0', 'back-1', 'back-2']);
    });

    test('to a chosen destination, at a chosen rate', async () => {
      await deadLetters('rated', 3);
      const target = await createQueue(f.sqs, 'rated-target');
      await f.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: arnOf('rated-dlq'),
          DestinationArn: arnOf('rated-target'),
          MaxNumberOfMessagesPerSecond: 1,
        }),
      );
      const [running] = await list('rated-dlq');
      assert.equal(running?.Status, 'RUNNING');
      assert.equal(running?.MaxNumberOfMessagesPerSecond, 1);
      assert.equal(running?.DestinationArn, arnOf('rated-target'));
      assert.ok(running?.TaskHandle);
      assert.ok((running?.ApproximateNumberOfMessagesMoved ?? 0) <= 1);
      await eventually(f.nubis, async () => (await list('rated-dlq'))[0]?.Status === 'COMPLETED');
      assert.equal((await receive(f.sqs, target, { MaxNumberOfMessages: 10 })).length, 3);
      await rejects(
        f.sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: arnOf('rated-dlq'),
            MaxNumberOfMessagesPerSecond: 501,
          }),
        ),
        {
          name: 'InvalidParameterValue',
          message:
            "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.",
        },
      );
    });

    test('a running task can be cancelled; one active task per source', async () => {
      await deadLetters('cancel', 5);
      await f.sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: arnOf('cancel-dlq'), MaxNumberOfMessagesPerSecond: 1 }),
      );
      await rejects(f.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('cancel-dlq') })), {
        name: 'InvalidParameterValue',
        message:
          'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      });
      const [running] = await list('cancel-dlq');
      const cancelled = await f.sqs.send(
        new CancelMessageMoveTaskCommand({ TaskHandle: running!.TaskHandle }),
      );
      assert.ok((cancelled.ApproximateNumberOfMessagesMoved ?? -1) >= 0);
      await f.nubis.advanceClock(10_000);
      const [after] = await list('cancel-dlq');
      assert.equal(after?.Status, 'CANCELLED');
      assert.equal(after?.ApproximateNumberOfMessagesMoved, cancelled.ApproximateNumberOfMessagesMoved);
      await rejects(f.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: running!.TaskHandle })), {
        name: 'InvalidParameterValue',
      });
      await f.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('cancel-dlq') }));
      const tasks = await list('cancel-dlq', 10);
      assert.deepEqual(tasks.map((task) => task.Status).slice(1), ['CANCELLED']);
    });

    test('a task fails when the destination disappears', async () => {
      await deadLetters('failing', 2);
      const target = await createQueue(f.sqs, 'failing-target');
      await f.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: arnOf('failing-dlq'),
          DestinationArn: arnOf('failing-target'),
          MaxNumberOfMessagesPerSecond: 1,
        }),
      );
      await f.sqs.send(new DeleteQueueCommand({ QueueUrl: target }));
      await eventually(f.nubis, async () => (await list('failing-dlq'))[0]?.Status === 'FAILED');
      assert.equal((await list('failing-dlq'))[0]?.FailureReason, 'AWS.SimpleQueueService.NonExistentQueue');
    });

    test('errors of the move task operations', async () => {
      const plain = await createQueue(f.sqs, 'not-a-dlq');
      await f.sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x' }));
      await rejects(f.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('not-a-dlq') })), {
        name: 'InvalidParameterValue',
        message: 'Source queue must be configured as a Dead Letter Queue.',
      });
      await rejects(f.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('nowhere') })), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: "The resource that you specified for the SourceArn parameter doesn't exist.",
      });
      await rejects(f.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: 'not-an-arn' })), {
        name: 'InvalidParameterValue',
        message:
          'You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>',
      });
      await deadLetters('errs', 1);
      await rejects(
        f.sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: arnOf('errs-dlq'),
            DestinationArn: arnOf('missing-target'),
          }),
        ),
        {
          name: 'ResourceNotFoundException',
          message: "The resource that you specified for the DestinationArn parameter doesn't exist.",
        },
      );
      await rejects(
        f.sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: arnOf('errs-dlq'),
            DestinationArn: arnOf('errs-dlq'),
          }),
        ),
        {
          name: 'InvalidParameterValue',
          message: 'Source queue arn and destination queue arn cannot be the same.',
        },
      );
      await rejects(f.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'garbage' })), {
        name: 'InvalidParameterValue',
        message: 'Value for parameter TaskHandle is invalid.',
      });
      const unknownTask = Buffer.from(
        JSON.stringify({ taskId: 'nope', sourceArn: arnOf('errs-dlq') }),
      ).toString('base64');
      await rejects(f.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: unknownTask })), {
        name: 'ResourceNotFoundException',
        message: 'Task does not exist.',
      });
      await rejects(list('errs-dlq', 11), {
        name: 'InvalidParameterValue',
        message:
          "Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.",
      });
      assert.deepEqual(await list('errs-dlq'), []);
    });
  });
}
