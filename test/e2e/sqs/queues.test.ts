import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, storages } from '../../support/nubis.js';
import { attributes, createQueue, receive, rejects, useSqs } from './support.js';

for (const storage of storages()) {
  describe(`SQS queues (${storage})`, () => {
    const f = useSqs(storage);

    test('CreateQueue returns a URL on the host the client used; GetQueueUrl finds it', async () => {
      const url = await createQueue(f.sqs, 'orders');
      assert.equal(url, `${f.nubis.endpoint}/000000000000/orders`);
      const found = await f.sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
      assert.equal(found.QueueUrl, url);
      const viaLocalhost = new SQSClient({
        ...sdkConfig(f.nubis.endpoint.replace('127.0.0.1', 'localhost')),
      });
      const again = await viaLocalhost.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
      assert.match(again.QueueUrl!, /^http:\/\/localhost:\d+\/000000000000\/orders$/);
      viaLocalhost.destroy();
    });

    test('CreateQueue with the same attributes returns the existing queue; different ones fail', async () => {
      const url = await createQueue(f.sqs, 'same', { DelaySeconds: '1', ReceiveMessageWaitTimeSeconds: '1' });
      assert.equal(await createQueue(f.sqs, 'same'), url);
      assert.equal(await createQueue(f.sqs, 'same', { DelaySeconds: '1' }), url);
      await rejects(createQueue(f.sqs, 'same', { DelaySeconds: '2' }), {
        name: 'QueueNameExists',
        code: 'QueueAlreadyExists',
        status: 400,
        message: 'A queue already exists with the same name and a different value for attribute DelaySeconds',
      });
    });

    test('queue names: 1–80 of [A-Za-z0-9_-], FIFO names end in .fifo', async () => {
      const invalid = 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length';
      await rejects(createQueue(f.sqs, 'bad name'), { name: 'InvalidParameterValue', message: invalid });
      await rejects(createQueue(f.sqs, 'a'.repeat(81)), { name: 'InvalidParameterValue', message: invalid });
      await rejects(createQueue(f.sqs, 'standard.fifo'), { name: 'InvalidParameterValue', message: invalid });
      await rejects(createQueue(f.sqs, 'no-suffix', { FifoQueue: 'true' }), {
        name: 'InvalidParameterValue',
        message: /^The name of a FIFO queue can only include/,
      });
      assert.ok(await createQueue(f.sqs, 'a'.repeat(80)));
      assert.ok(await createQueue(f.sqs, `${'b'.repeat(75)}.fifo`, { FifoQueue: 'true' }));
    });

    test('FIFO-only attributes are refused on standard queues', async () => {
      await rejects(createQueue(f.sqs, 'std', { FifoQueue: 'false' }), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute FifoQueue.',
      });
      await rejects(createQueue(f.sqs, 'std', { ContentBasedDeduplication: 'false' }), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute ContentBasedDeduplication.',
      });
      await rejects(createQueue(f.sqs, 'std', { DeduplicationScope: 'queue' }), {
        name: 'InvalidAttributeName',
        message: 'You can specify the DeduplicationScope only when FifoQueue is set to true.',
      });
      await rejects(createQueue(f.sqs, 'std', { QueueArn: 'x' }), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute QueueArn.',
      });
    });

    test('GetQueueUrl of a missing queue: QueueDoesNotExist', async () => {
      await rejects(f.sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })), {
        name: 'QueueDoesNotExist',
        code: 'AWS.SimpleQueueService.NonExistentQueue',
        status: 400,
        message: 'The specified queue does not exist.',
      });
      await rejects(f.sqs.send(new GetQueueUrlCommand({ QueueName: '' })), {
        name: 'InvalidParameterValue',
        message: 'Value for parameter QueueName is invalid. Reason: Must specify a queue name.',
      });
    });

    test('queues are per account; QueueOwnerAWSAccountId reaches another account', async () => {
      const url = await createQueue(f.other, 'theirs');
      assert.equal(url, `${f.nubis.endpoint}/111122223333/theirs`);
      await rejects(f.sqs.send(new GetQueueUrlCommand({ QueueName: 'theirs' })), {
        name: 'QueueDoesNotExist',
      });
      const shared = await f.sqs.send(
        new GetQueueUrlCommand({ QueueName: 'theirs', QueueOwnerAWSAccountId: '111122223333' }),
      );
      assert.equal(shared.QueueUrl, url);
      const mine = await f.other.send(new ListQueuesCommand({}));
      assert.deepEqual(mine.QueueUrls, [url]);
    });

    test('ListQueues filters by prefix and pages with MaxResults and NextToken', async () => {
      for (const name of ['list-c', 'list-a', 'list-b', 'other-x']) await createQueue(f.sqs, name);
      const byPrefix = await f.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-' }));
      assert.deepEqual(
        byPrefix.QueueUrls?.map((url) => url.split('/').pop()),
        ['list-a', 'list-b', 'list-c'],
      );
      assert.equal(byPrefix.NextToken, undefined);
      const first = await f.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2 }));
      assert.equal(first.QueueUrls?.length, 2);
      assert.ok(first.NextToken);
      const second = await f.sqs.send(
        new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2, NextToken: first.NextToken }),
      );
      assert.deepEqual(
        second.QueueUrls?.map((url) => url.split('/').pop()),
        ['list-c'],
      );
      assert.equal(second.NextToken, undefined);
      const none = await f.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'nothing-' }));
      assert.equal(none.QueueUrls, undefined);
      await rejects(f.sqs.send(new ListQueuesCommand({ MaxResults: 1001 })), {
        name: 'InvalidParameterValue',
        message:
          'Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.',
      });
      await rejects(f.sqs.send(new ListQueuesCommand({ MaxResults: 2, NextToken: 'garbage' })), {
        name: 'InvalidParameterValue',
        message: 'Invalid or expired next token.',
      });
    });

    test('DeleteQueue; the name can be taken again only after 60 seconds', async () => {
      const url = await createQueue(f.sqs, 'short-lived');
      await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'gone with the queue' }));
      await f.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await rejects(f.sqs.send(new DeleteQueueCommand({ QueueUrl: url })), { name: 'QueueDoesNotExist' });
      await rejects(createQueue(f.sqs, 'short-lived'), {
        name: 'QueueDeletedRecently',
        code: 'AWS.SimpleQueueService.QueueDeletedRecently',
        message:
          'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
      });
      await f.nubis.advanceClock(60_000);
      assert.equal(await createQueue(f.sqs, 'short-lived'), url);
      assert.deepEqual(await receive(f.sqs, url), [], 'the new queue starts empty');
    });

    test('QueueUrl is identified by its path: any host works', async () => {
      await createQueue(f.sqs, 'any-host');
      const foreign = 'https://sqs.us-east-1.amazonaws.com/000000000000/any-host';
      const client = new SQSClient({ ...sdkConfig(f.nubis.endpoint), useQueueUrlAsEndpoint: false });
      await client.send(new SendMessageCommand({ QueueUrl: foreign, MessageBody: 'hello' }));
      const counted = await attributes(client, foreign, 'ApproximateNumberOfMessages');
      assert.equal(counted['ApproximateNumberOfMessages'], '1');
      await rejects(
        client.send(new SendMessageCommand({ QueueUrl: 'https://example.com/nope', MessageBody: 'x' })),
        {
          name: 'QueueDoesNotExist',
        },
      );
      client.destroy();
    });

    test('PurgeQueue deletes the messages; a second purge within 60 s is refused', async () => {
      const url = await createQueue(f.sqs, 'purged');
      for (const body of ['1', '2', '3'])
        await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      await receive(f.sqs, url); // one in flight: purged too
      await f.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      assert.deepEqual(
        await attributes(f.sqs, url, 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'),
        {
          ApproximateNumberOfMessages: '0',
          ApproximateNumberOfMessagesNotVisible: '0',
        },
      );
      await rejects(f.sqs.send(new PurgeQueueCommand({ QueueUrl: url })), {
        name: 'PurgeQueueInProgress',
        code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
        status: 403,
        message: 'Only one PurgeQueue operation on purged is allowed every 60 seconds.',
      });
      await f.nubis.advanceClock(60_000);
      await f.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    });
  });
}
