// SQS across processes: two nodes on one PostgreSQL database, and a restart in the middle of a task.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { createQueue, eventually, receive } from './support.js';

if (storages().includes('postgres')) {
  describe('SQS FIFO on two nodes sharing PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let nodes: NubisProcess[] = [];
    let clients: SQSClient[] = [];
    before(async () => {
      database = await createTestDatabase();
      nodes = await Promise.all(
        [0, 1].map(() => startNubis({ storage: 'postgres', postgresUrl: database.url })),
      );
      clients = nodes.map((node) => new SQSClient({ ...sdkConfig(node.endpoint), maxAttempts: 1 }));
    });
    after(async () => {
      for (const client of clients) client.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
      await database?.drop();
    });

    test('no group ever has two messages out at once, and each group stays in order', async () => {
      const url = await createQueue(clients[0]!, 'shared.fifo', {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
      });
      const groups = ['a', 'b', 'c'];
      for (const group of groups) {
        const entries = Array.from({ length: 8 }, (_, i) => ({
          Id: `${group}${i}`,
          MessageBody: `${group}-${i}`,
          MessageGroupId: group,
        }));
        await clients[1]!.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries.slice(0, 4) }));
        await clients[0]!.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries.slice(4) }));
      }
      const seen = new Map<string, number[]>();
      const out = new Set<string>();
      const consume = async (client: SQSClient) => {
        for (let idle = 0; idle < 3;) {
          const { Messages = [] } = await client.send(
            new ReceiveMessageCommand({
              QueueUrl: url,
              MaxNumberOfMessages: 2,
              MessageSystemAttributeNames: ['MessageGroupId'],
            }),
          );
          if (Messages.length === 0) {
            idle++;
            continue;
          }
          idle = 0;
          const batchGroups = new Set(Messages.map((m) => m.Attributes!['MessageGroupId']!));
          for (const group of batchGroups) {
            assert.ok(!out.has(group), `group ${group} handed out while in flight`);
            out.add(group);
          }
          for (const message of Messages) {
            const [group, index] = message.Body!.split('-') as [string, string];
            seen.set(group, [...(seen.get(group) ?? []), Number(index)]);
          }
          for (const group of batchGroups) out.delete(group);
          for (const message of Messages) {
            await client.send(
              new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
            );
          }
        }
      };
      await Promise.all([
        consume(clients[0]!),
        consume(clients[1]!),
        consume(clients[0]!),
        consume(clients[1]!),
      ]);
      for (const group of groups)
        assert.deepEqual(seen.get(group), [0, 1, 2, 3, 4, 5, 6, 7], `group ${group}`);
    });
  });
}

for (const storage of storages()) {
  test(`a message move task goes on after the process restarts (${storage})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nubis-sqs-restart-'));
    const database = storage === 'postgres' ? await createTestDatabase() : undefined;
    const options = { storage, dataDir, postgresUrl: database?.url, manualClock: true };
    try {
      const first = await startNubis(options);
      const sqs = new SQSClient({ ...sdkConfig(first.endpoint), maxAttempts: 1 });
      const arn = 'arn:aws:sqs:us-east-1:000000000000:restart-dlq';
      await createQueue(sqs, 'restart-dlq');
      const source = await createQueue(sqs, 'restart-src', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1 }),
      });
      const entries = Array.from({ length: 6 }, (_, i) => ({ Id: `m${i}`, MessageBody: `m${i}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: source, Entries: entries }));
      for (const message of await receive(sqs, source, { MaxNumberOfMessages: 10 })) {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: source,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
      assert.deepEqual(await receive(sqs, source, { MaxNumberOfMessages: 10 }), []);
      await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn, MaxNumberOfMessagesPerSecond: 1 }));
      await first.kill();
      sqs.destroy();

      const second = await startNubis(options);
      const again = new SQSClient({ ...sdkConfig(second.endpoint), maxAttempts: 1 });
      try {
        const status = async () =>
          (await again.send(new ListMessageMoveTasksCommand({ SourceArn: arn }))).Results?.[0]?.Status;
        // A claim the killed process held lapses after a minute; then the task goes on at its rate.
        await eventually(second, async () => (await status()) === 'COMPLETED', 5_000, 30);
        const url = source.replace(first.endpoint, second.endpoint);
        assert.equal((await receive(again, url, { MaxNumberOfMessages: 10 })).length, 6);
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
