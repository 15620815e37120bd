// Invocations the test holds in flight: the function tells the test it has started (a message on
// one queue) and stays in its handler until the test sends to another, so concurrency is tested
// without sleeping.
import assert from 'node:assert/strict';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Module source: `sqs(target, body)` calls SQS from inside a function; `hold(event)` waits. */
export const HOLD_HELPERS = `
  const sqs = (target, body) => fetch(process.env.AWS_ENDPOINT_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.' + target },
    body: JSON.stringify(body),
  }).then((response) => response.json());
  const holdUntilReleased = async (event) => {
    await sqs('SendMessage', { QueueUrl: event.started, MessageBody: 'started' });
    await sqs('ReceiveMessage', { QueueUrl: event.release, WaitTimeSeconds: 20 });
  };`;

/**
 * Starts an invocation whose handler calls `holdUntilReleased(event)` and resolves once it is
 * running; `release` ends it and answers its payload as text.
 */
export async function holdOne(
  lambda: LambdaClient,
  sqs: SQSClient,
  target: { FunctionName: string; Qualifier?: string },
  queuePrefix: string,
) {
  const started = (await sqs.send(new CreateQueueCommand({ QueueName: `${queuePrefix}-started` }))).QueueUrl!;
  const release = (await sqs.send(new CreateQueueCommand({ QueueName: `${queuePrefix}-release` }))).QueueUrl!;
  const running = lambda.send(
    new InvokeCommand({ ...target, Payload: Buffer.from(JSON.stringify({ started, release })) }),
  );
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: started, WaitTimeSeconds: 20 }));
  assert.equal(Messages?.[0]?.Body, 'started');
  return {
    async release(): Promise<string> {
      await sqs.send(new SendMessageCommand({ QueueUrl: release, MessageBody: 'go' }));
      return Buffer.from((await running).Payload ?? []).toString();
    },
  };
}
