// The SQS trigger across processes: after a restart a mapping is polled again without any Lambda
// request; on two nodes sharing PostgreSQL, a mapping made on one node is polled, and when the node
// polling it dies, the other takes the mapping over once its lease has lapsed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, zipOf } from './support.js';

const CODE = {
  'index.mjs': `
    export const handler = async (event) => {
      await fetch(process.env.AWS_ENDPOINT_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
        body: JSON.stringify({ QueueUrl: process.env.RESULTS, MessageBody: event.Records[0].body }),
      });
    };`,
};
/** A lease lapses after 60 s unrenewed; nodes look again every 20 s. */
const TAKEOVER_MS = 80_000;

async function nextResult(sqs: SQSClient, url: string): Promise<string> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    const message = Messages?.[0];
    if (!message) continue;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    return message.Body!;
  }
}

for (const storage of storages()) {
  describe(`Lambda SQS trigger after a restart (${storage})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-esm-restart-'));
    let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    after(async () => {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a mapping is polled again by a restarted process before any Lambda request', async () => {
      database = storage === 'postgres' ? await createTestDatabase() : undefined;
      const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
      const before = await startNubis(options);
      const lambda = new LambdaClient({ ...sdkConfig(before.endpoint, ACCOUNT), maxAttempts: 1 });
      const sqs = new SQSClient({ ...sdkConfig(before.endpoint, ACCOUNT), maxAttempts: 1 });
      await sqs.send(new CreateQueueCommand({ QueueName: 'restart-source' }));
      const { QueueUrl: results } = await sqs.send(new CreateQueueCommand({ QueueName: 'restart-results' }));
      await createFunction(lambda, 'restarted', {
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results! } },
      });
      await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:restart-source`,
          FunctionName: 'restarted',
        }),
      );
      lambda.destroy();
      sqs.destroy();
      await before.stop(); // a clean stop hands the mapping's lease back at once

      const restarted = await startNubis(options);
      const client = new SQSClient({ ...sdkConfig(restarted.endpoint, ACCOUNT), maxAttempts: 1 });
      try {
        const { QueueUrl: source } = await client.send(
          new CreateQueueCommand({ QueueName: 'restart-source' }),
        );
        await client.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'after restart' }));
        assert.equal(await nextResult(client, results!), 'after restart');
      } finally {
        client.destroy();
        await restarted.stop();
      }
    });
  });
}

if (storages().includes('postgres')) {
  describe('Lambda SQS trigger on two nodes sharing PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let nodes: NubisProcess[] = [];
    let lambdas: LambdaClient[] = [];
    let queues: SQSClient[] = [];

    before(async () => {
      database = await createTestDatabase();
      const clockStartMs = Date.now();
      nodes = await Promise.all(
        [0, 1].map(() =>
          startNubis({ storage: 'postgres', postgresUrl: database.url, manualClock: true, clockStartMs }),
        ),
      );
      lambdas = nodes.map(
        (node) => new LambdaClient({ ...sdkConfig(node.endpoint, ACCOUNT), maxAttempts: 1 }),
      );
      queues = nodes.map((node) => new SQSClient({ ...sdkConfig(node.endpoint, ACCOUNT), maxAttempts: 1 }));
    });
    after(async () => {
      for (const client of [...lambdas, ...queues]) client.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
      await database?.drop();
    });

    async function drained(sqs: SQSClient, url: string): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
        );
        const left =
          Number(Attributes['ApproximateNumberOfMessages']) +
          Number(Attributes['ApproximateNumberOfMessagesNotVisible']);
        if (left === 0) return;
        assert.ok(Date.now() < deadline, `${left} messages still in the queue`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    test('one node polls a mapping made on either; the survivor takes over from a dead node', async () => {
      const [first, second] = queues as [SQSClient, SQSClient];
      const { QueueUrl: source } = await first.send(new CreateQueueCommand({ QueueName: 'shared-source' }));
      const { QueueUrl: results } = await first.send(new CreateQueueCommand({ QueueName: 'shared-results' }));
      await createFunction(lambdas[0]!, 'shared', {
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results! } },
      });
      // The second node's Lambda service loads on its first request; from then on it hears of mappings.
      await lambdas[1]!.send(new ListEventSourceMappingsCommand({}));
      await lambdas[0]!.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:shared-source`,
          FunctionName: 'shared',
        }),
      );
      for (const body of ['one', 'two', 'three']) {
        await second.send(new SendMessageCommand({ QueueUrl: source, MessageBody: body }));
        assert.equal(await nextResult(second, results!), body);
      }

      // Killed only once the last batch is deleted: a batch in flight would come back (at least once).
      await drained(second, source!);
      await nodes[0]!.kill();
      await nodes[1]!.advanceClock(TAKEOVER_MS);
      await second.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'after the crash' }));
      assert.equal(await nextResult(second, results!), 'after the crash');
    });
  });
}
