import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  TagQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, type NubisProcess } from '../../support/nubis.js';

describe('two nodes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let nodeA: NubisProcess;
  let nodeB: NubisProcess;
  let sqsA: SQSClient;
  let sqsB: SQSClient;
  before(async () => {
    database = await createTestDatabase();
    // Both start at once: migrations must be applied exactly once between them. Their clocks are
    // manual, so a long poll can end only by being woken, never by its wait time running out.
    const clock = { manualClock: true, clockStartMs: Date.now() };
    [nodeA, nodeB] = await Promise.all([
      startNubis({ storage: 'postgres', postgresUrl: database.url, ...clock }),
      startNubis({ storage: 'postgres', postgresUrl: database.url, ...clock }),
    ]);
    sqsA = new SQSClient(sdkConfig(nodeA.endpoint));
    sqsB = new SQSClient(sdkConfig(nodeB.endpoint));
  });
  after(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.drop();
  });

  test('a queue created through one node is used through the other', async () => {
    const { QueueUrl } = await sqsA.send(new CreateQueueCommand({ QueueName: 'shared' }));
    await sqsB.send(new SendMessageCommand({ QueueUrl, MessageBody: 'from B' }));
    const { Messages } = await sqsA.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages?.[0]?.Body, 'from B');
    await sqsA.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
  });

  test('each message is received exactly once per visibility window across both nodes', async () => {
    const { QueueUrl } = await sqsA.send(
      new CreateQueueCommand({ QueueName: 'exactly-once', Attributes: { VisibilityTimeout: '600' } }),
    );
    const count = 60;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        (i % 2 ? sqsA : sqsB).send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` })),
      ),
    );
    const seen: string[] = [];
    const drain = async (client: SQSClient) => {
      for (;;) {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3 }),
        );
        if (Messages.length === 0) return;
        seen.push(...Messages.map((m) => m.Body!));
      }
    };
    // Four competing consumers, two per node.
    await Promise.all([drain(sqsA), drain(sqsB), drain(sqsA), drain(sqsB)]);
    assert.equal(seen.length, count);
    assert.equal(new Set(seen).size, count);
  });

  test('concurrent changes of one queue through both nodes are all kept', async () => {
    const { QueueUrl } = await sqsA.send(new CreateQueueCommand({ QueueName: 'tagged' }));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? sqsA : sqsB).send(new TagQueueCommand({ QueueUrl, Tags: { [`key${i}`]: `value${i}` } })),
      ),
    );
    const { Tags } = await sqsB.send(new ListQueueTagsCommand({ QueueUrl }));
    assert.equal(Object.keys(Tags ?? {}).length, 20);
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((label, i) =>
        (i % 2 ? sqsA : sqsB).send(
          new AddPermissionCommand({
            QueueUrl,
            Label: label,
            AWSAccountIds: ['111122223333'],
            Actions: ['SendMessage'],
          }),
        ),
      ),
    );
    const { Attributes } = await sqsA.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }),
    );
    const policy = JSON.parse(Attributes!['Policy']!) as { Statement: Array<{ Sid: string }> };
    assert.deepEqual(policy.Statement.map((statement) => statement.Sid).sort(), ['a', 'b', 'c', 'd']);
  });

  test('a long poll on one node wakes when the other receives a send', async () => {
    const { QueueUrl } = await sqsA.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const polling = sqsA.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    // Send only once the poll is surely waiting: the other node is asked after a receive on A returned empty.
    await sqsA.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    await sqsB.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
    const { Messages } = await polling;
    assert.equal(Messages?.[0]?.Body, 'wake up');
  });
});
