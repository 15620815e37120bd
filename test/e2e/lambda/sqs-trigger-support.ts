// Shared set-up for the SQS trigger suites: one Nubis process with a manual clock, SDK clients, a
// results queue the test functions report their events to, and helpers to observe the queues.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, type NubisProcess, type StorageKind } from '../../support/nubis.js';
import { ACCOUNT, createFunction, zipOf } from './support.js';

/** Each handler reports the event it got to the RESULTS queue, then answers as its name says. */
export const TRIGGER_CODE = {
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

export const VISIBILITY_S = 30;

export interface QueueCounts {
  visible: number;
  inFlight: number;
}

export class TriggerFixture {
  nubis!: NubisProcess;
  lambda!: LambdaClient;
  sqs!: SQSClient;
  results!: string;

  async queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
    const { QueueUrl } = await this.sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { VisibilityTimeout: String(VISIBILITY_S), ...attributes },
      }),
    );
    return QueueUrl!;
  }

  arnOf(queueName: string): string {
    return `arn:aws:sqs:us-east-1:${ACCOUNT}:${queueName}`;
  }

  /** A function running `handler` of TRIGGER_CODE. */
  async handler(name: string, handler: string): Promise<void> {
    await createFunction(this.lambda, name, {
      Handler: handler,
      Code: { ZipFile: await zipOf(TRIGGER_CODE) },
      Environment: { Variables: { RESULTS: this.results } },
    });
  }

  /** A queue `<name>-source` mapped to a new function `name`. */
  async trigger(
    name: string,
    handler: string,
    mapping: Partial<CreateEventSourceMappingCommandInput> = {},
  ): Promise<{ url: string; uuid: string }> {
    const url = await this.queue(`${name}-source`);
    await this.handler(name, handler);
    const created = await this.lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: this.arnOf(`${name}-source`),
        FunctionName: name,
        ...mapping,
      }),
    );
    return { url, uuid: created.UUID! };
  }

  /**
   * The next event reported for messages of `source` (other sources' are skipped). The long poll
   * waits on the results queue, not on a clock.
   */
  async nextEvent(source: string): Promise<{ Records: any[] }> {
    for (;;) {
      const { Messages } = await this.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: this.results, WaitTimeSeconds: 20 }),
      );
      const message = Messages?.[0];
      if (!message) continue;
      await this.sqs.send(
        new DeleteMessageCommand({ QueueUrl: this.results, ReceiptHandle: message.ReceiptHandle! }),
      );
      const event = JSON.parse(message.Body!);
      if (event.Records[0]?.eventSourceARN === this.arnOf(source)) return event;
    }
  }

  async counts(url: string): Promise<QueueCounts> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    return {
      visible: Number(Attributes['ApproximateNumberOfMessages']),
      inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible']),
    };
  }

  /** The poller deletes after the function returns, on its own time: wait for what it leaves. */
  async eventually(url: string, expected: QueueCounts): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = await this.counts(url);
      if (now.visible === expected.visible && now.inFlight === expected.inFlight) return;
      if (Date.now() > deadline) assert.deepEqual(now, expected);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The poller writes LastProcessingResult on its own time too. */
  async eventuallyResult(uuid: string, expected: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mapping = await this.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      if (mapping.LastProcessingResult === expected) return;
      if (Date.now() > deadline) assert.equal(mapping.LastProcessingResult, expected);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export function useTrigger(storage: StorageKind): TriggerFixture {
  const fixture = new TriggerFixture();
  before(async () => {
    fixture.nubis = await startNubis({ storage, manualClock: true });
    fixture.lambda = new LambdaClient({ ...sdkConfig(fixture.nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    fixture.sqs = new SQSClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));
    fixture.results = await fixture.queue('results');
  });
  after(async () => {
    fixture.lambda?.destroy();
    fixture.sqs?.destroy();
    await fixture.nubis?.stop();
  });
  return fixture;
}
