import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, zipOf } from './support.js';

/** Each handler reports the event it got to the RESULTS queue, then answers as its name says. */
const CODE = {
  'index.mjs': `
    const report = (event) => fetch(process.env.AWS_ENDPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: process.env.RESULTS, MessageBody: JSON.stringify(event) }),
    });
    export const record = async (event) => { await report(event); };
    export const fails = async (event) => { await report(event); throw new Error('cannot handle'); };
    export const partial = async (event) => {
      await report(event);
      const failed = event.Records.filter((record) => record.body.startsWith('fail'));
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
    };
    export const invalid = async (event) => {
      await report(event);
      return { batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] };
    };`,
};

const VISIBILITY_S = 30;

for (const storage of storages()) {
  describe(`Lambda SQS trigger (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    let sqs: SQSClient;
    let results: string;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      results = await queue('results');
    });
    after(async () => {
      lambda?.destroy();
      sqs?.destroy();
      await nubis?.stop();
    });

    async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: { VisibilityTimeout: String(VISIBILITY_S), ...attributes },
        }),
      );
      return QueueUrl!;
    }

    function arnOf(queueName: string): string {
      return `arn:aws:sqs:us-east-1:${ACCOUNT}:${queueName}`;
    }

    async function trigger(
      name: string,
      handler: string,
      mapping: Partial<CreateEventSourceMappingCommandInput> = {},
    ): Promise<{ url: string; uuid: string }> {
      const url = await queue(`${name}-source`);
      await createFunction(lambda, name, {
        Handler: handler,
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results } },
      });
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: arnOf(`${name}-source`),
          FunctionName: name,
          ...mapping,
        }),
      );
      return { url, uuid: created.UUID! };
    }

    /** The next event a function reported (the long poll waits on the results queue, not a clock). */
    async function nextEvent(): Promise<{ Records: any[] }> {
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: results, WaitTimeSeconds: 20 }),
        );
        const message = Messages?.[0];
        if (!message) continue;
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: results, ReceiptHandle: message.ReceiptHandle! }),
        );
        return JSON.parse(message.Body!);
      }
    }

    async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      return {
        visible: Number(Attributes['ApproximateNumberOfMessages']),
        inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible']),
      };
    }

    /** The poller deletes after the function returns, on its own time: wait for what it leaves. */
    async function eventually(url: string, expected: { visible: number; inFlight: number }): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const now = await counts(url);
        if (now.visible === expected.visible && now.inFlight === expected.inFlight) return;
        if (Date.now() > deadline) assert.deepEqual(now, expected);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    test('a message invokes the function with Lambda’s SQS event, and is deleted', async () => {
      const { url, uuid } = await trigger('echo', 'index.record');
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.State, 'Enabled');
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'hello',
          MessageAttributes: {
            colour: { DataType: 'String', StringValue: 'blue' },
            blob: { DataType: 'Binary', BinaryValue: Buffer.from('bytes') },
          },
        }),
      );
      const { Records } = await nextEvent();
      assert.equal(Records.length, 1);
      const record = Records[0];
      assert.match(record.messageId, /^[0-9a-f-]{36}$/);
      assert.equal(typeof record.receiptHandle, 'string');
      assert.equal(record.body, 'hello');
      assert.equal(record.md5OfBody, createHash('md5').update('hello').digest('hex'));
      assert.equal(record.eventSource, 'aws:sqs');
      assert.equal(record.eventSourceARN, arnOf('echo-source'));
      assert.equal(record.awsRegion, 'us-east-1');
      assert.deepEqual(Object.keys(record.attributes).sort(), [
        'ApproximateFirstReceiveTimestamp',
        'ApproximateReceiveCount',
        'SenderId',
        'SentTimestamp',
      ]);
      assert.equal(record.attributes.ApproximateReceiveCount, '1');
      assert.deepEqual(record.messageAttributes, {
        colour: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: {
          binaryValue: Buffer.from('bytes').toString('base64'),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      });
      await eventually(url, { visible: 0, inFlight: 0 });
    });
  });
}
