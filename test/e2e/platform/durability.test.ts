import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis } from '../../support/nubis.js';

test('every acknowledged SendMessage survives kill -9 of the process (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubis-durable-'));
  try {
    const first = await startNubis({ dataDir });
    const sqs = new SQSClient(sdkConfig(first.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }));
    const acknowledged: string[] = [];
    // Sends in flight when the process dies may or may not land; every acknowledged one must.
    const sending = (async () => {
      for (let i = 0; ; i++) {
        try {
          await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
          acknowledged.push(`m${i}`);
        } catch {
          return;
        }
        if (i === 50) void first.kill();
      }
    })();
    await sending;
    await first.kill();
    assert.ok(acknowledged.length >= 50);

    const second = await startNubis({ dataDir });
    try {
      const again = new SQSClient(sdkConfig(second.endpoint));
      const url = QueueUrl!.replace(first.endpoint, second.endpoint);
      const bodies = new Set<string>();
      for (;;) {
        const { Messages = [] } = await again.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
        );
        if (Messages.length === 0) break;
        for (const message of Messages) bodies.add(message.Body!);
      }
      for (const body of acknowledged) assert.ok(bodies.has(body), `acknowledged ${body} was lost`);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
