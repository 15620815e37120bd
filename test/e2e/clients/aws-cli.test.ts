import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

// Debian's awscli (2.9) speaks SQS's query protocol.

for (const storage of storages()) {
  describe(`AWS CLI against SQS and STS (${storage})`, () => {
    let nubis: NubisProcess;
    let aws: (...args: string[]) => Promise<any>;
    before(async () => {
      nubis = await startNubis({ storage });
      aws = async (...args) => {
        const stdout = await awsCli(nubis.endpoint, '--output', 'json', ...args);
        return stdout.trim() ? JSON.parse(stdout) : {};
      };
    });
    after(() => nubis.stop());

    test('STS get-caller-identity', async () => {
      const identity = await aws('sts', 'get-caller-identity');
      assert.equal(identity.Account, '000000000000');
    });

    test('a queue from creation to deletion', async () => {
      const { QueueUrl } = await aws(
        'sqs',
        'create-queue',
        '--queue-name',
        'cli-queue',
        '--attributes',
        'DelaySeconds=0',
      );
      assert.equal(QueueUrl, `${nubis.endpoint}/000000000000/cli-queue`);
      assert.deepEqual((await aws('sqs', 'list-queues')).QueueUrls, [QueueUrl]);
      const sent = await aws(
        'sqs',
        'send-message',
        '--queue-url',
        QueueUrl,
        '--message-body',
        'from the cli',
        '--message-attributes',
        '{"origin":{"DataType":"String","StringValue":"cli"}}',
      );
      assert.match(sent.MessageId, /^[0-9a-f-]{36}$/);
      const { Messages } = await aws(
        'sqs',
        'receive-message',
        '--queue-url',
        QueueUrl,
        '--attribute-names',
        'All',
        '--message-attribute-names',
        'All',
        '--wait-time-seconds',
        '1',
      );
      assert.equal(Messages.length, 1);
      assert.equal(Messages[0].Body, 'from the cli');
      assert.equal(Messages[0].MessageAttributes.origin.StringValue, 'cli');
      assert.equal(Messages[0].Attributes.ApproximateReceiveCount, '1');
      await aws(
        'sqs',
        'delete-message',
        '--queue-url',
        QueueUrl,
        '--receipt-handle',
        Messages[0].ReceiptHandle,
      );
      const attributes = await aws(
        'sqs',
        'get-queue-attributes',
        '--queue-url',
        QueueUrl,
        '--attribute-names',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      );
      assert.deepEqual(attributes.Attributes, {
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
      await aws('sqs', 'tag-queue', '--queue-url', QueueUrl, '--tags', 'env=dev');
      assert.deepEqual((await aws('sqs', 'list-queue-tags', '--queue-url', QueueUrl)).Tags, { env: 'dev' });
      await aws('sqs', 'delete-queue', '--queue-url', QueueUrl);
      assert.equal((await aws('sqs', 'list-queues')).QueueUrls, undefined);
    });

    test('errors carry the query protocol codes', async () => {
      await assert.rejects(aws('sqs', 'get-queue-url', '--queue-name', 'missing'), (error: any) => {
        assert.match(error.stderr, /AWS\.SimpleQueueService\.NonExistentQueue/);
        assert.match(error.stderr, /The specified queue does not exist/);
        return true;
      });
    });
  });
}
