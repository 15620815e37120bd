import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { createQueue, receive, rejects, useSqs } from './support.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

for (const storage of storages()) {
  describe(`SQS batches (${storage})`, () => {
    const f = useSqs(storage);
    const sendBatch = (url: string, Entries: SendMessageBatchRequestEntry[]) =>
      f.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));

    test('SendMessageBatch: successes and per-entry failures in one call', async () => {
      const url = await createQueue(f.sqs, 'batch-send', { MaximumMessageSize: '1024' });
      const result = await sendBatch(url, [
        {
          Id: 'ok-1',
          MessageBody: 'one',
          MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
        },
        { Id: 'too_long', MessageBody: 'a'.repeat(1025) },
        { Id: 'ok-2', MessageBody: 'two', DelaySeconds: 0 },
        { Id: 'bad-chars', MessageBody: 'nul \u0000' },
        { Id: 'empty', MessageBody: '' },
      ]);
      assert.deepEqual(
        result.Successful?.map((entry) => entry.Id),
        ['ok-1', 'ok-2'],
      );
      assert.equal(result.Successful?.[0]?.MD5OfMessageBody, md5('one'));
      assert.match(result.Successful?.[0]?.MD5OfMessageAttributes ?? '', /^[0-9a-f]{32}$/);
      const failed = Object.fromEntries((result.Failed ?? []).map((entry) => [entry.Id, entry]));
      assert.deepEqual(failed['too_long'], {
        Id: 'too_long',
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message:
          'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.',
      });
      assert.equal(failed['bad-chars']?.Code, 'InvalidMessageContents');
      assert.equal(failed['empty']?.Code, 'MissingParameter');
      const bodies = (await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body).sort();
      assert.deepEqual(bodies, ['one', 'two']);
    });

    test('a receive takes at most MaxNumberOfMessages, each message once', async () => {
      const url = await createQueue(f.sqs, 'batch-take');
      await sendBatch(
        url,
        ['1', '2', '3', '4', '5'].map((body) => ({ Id: `m${body}`, MessageBody: body })),
      );
      assert.equal((await receive(f.sqs, url, { MaxNumberOfMessages: 2 })).length, 2);
      assert.equal((await receive(f.sqs, url)).length, 1);
      const rest = await receive(f.sqs, url, { MaxNumberOfMessages: 10 });
      assert.equal(rest.length, 2);
      assert.deepEqual(await receive(f.sqs, url, { MaxNumberOfMessages: 10 }), []);
    });

    test('batch-wide errors', async () => {
      const url = await createQueue(f.sqs, 'batch-errors');
      await rejects(sendBatch(url, []), {
        name: 'EmptyBatchRequest',
        code: 'AWS.SimpleQueueService.EmptyBatchRequest',
        message: 'There should be at least one SendMessageBatchRequestEntry in the request.',
      });
      const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
      await rejects(sendBatch(url, eleven), {
        name: 'TooManyEntriesInBatchRequest',
        code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        message: 'Maximum number of entries per request are 10. You have sent 11.',
      });
      await rejects(sendBatch(url, [{ Id: 'bad:id', MessageBody: 'x' }]), {
        name: 'InvalidBatchEntryId',
        message:
          'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      });
      await rejects(sendBatch(url, [{ Id: 'x'.repeat(81), MessageBody: 'x' }]), {
        name: 'InvalidBatchEntryId',
      });
      await rejects(
        sendBatch(url, [
          { Id: 'same', MessageBody: 'x' },
          { Id: 'same', MessageBody: 'y' },
        ]),
        {
          name: 'BatchEntryIdsNotDistinct',
          code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
          message: 'Id same repeated.',
        },
      );
      const big = 'a'.repeat(262_144);
      await rejects(
        sendBatch(
          url,
          [0, 1, 2, 3].map((i) => ({ Id: `b${i}`, MessageBody: big })).concat({ Id: 'b4', MessageBody: 'x' }),
        ),
        {
          name: 'BatchRequestTooLong',
          code: 'AWS.SimpleQueueService.BatchRequestTooLong',
          message: 'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.',
        },
      );
      await rejects(f.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })), {
        name: 'EmptyBatchRequest',
        message: 'There should be at least one DeleteMessageBatchRequestEntry in the request.',
      });
    });

    test('a FIFO batch is enqueued in entry order and needs group ids', async () => {
      const url = await createQueue(f.sqs, 'batch.fifo', {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
      });
      const result = await sendBatch(
        url,
        ['f1', 'f2', 'f3'].map((body) => ({ Id: body, MessageBody: body, MessageGroupId: 'g' })),
      );
      const numbers = result.Successful!.map((entry) => BigInt(entry.SequenceNumber!));
      assert.ok(numbers[0]! < numbers[1]! && numbers[1]! < numbers[2]!);
      assert.deepEqual(
        (await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ['f1', 'f2', 'f3'],
      );
      await rejects(sendBatch(url, [{ Id: 'nogroup', MessageBody: 'x' }]), {
        name: 'InvalidParameterValue',
        message: 'The request must contain the parameter MessageGroupId.',
      });
    });

    test('DeleteMessageBatch and ChangeMessageVisibilityBatch report each entry', async () => {
      const url = await createQueue(f.sqs, 'batch-manage');
      await sendBatch(url, [
        { Id: '1', MessageBody: 'one' },
        { Id: '2', MessageBody: 'two' },
      ]);
      const messages = await receive(f.sqs, url, { MaxNumberOfMessages: 10 });
      assert.equal(messages.length, 2);
      const changed = await f.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'first', ReceiptHandle: messages[0]!.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: 'second', ReceiptHandle: messages[1]!.ReceiptHandle, VisibilityTimeout: 43_201 },
            { Id: 'bogus', ReceiptHandle: 'garbage', VisibilityTimeout: 10 },
          ],
        }),
      );
      assert.deepEqual(changed.Successful, [{ Id: 'first' }]);
      assert.deepEqual(
        changed.Failed?.map((entry) => [entry.Id, entry.Code, entry.SenderFault]),
        [
          ['second', 'InvalidParameterValue', true],
          ['bogus', 'ReceiptHandleIsInvalid', true],
        ],
      );
      const [again] = await receive(f.sqs, url);
      const deleted = await f.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', ReceiptHandle: again!.ReceiptHandle },
            { Id: 'b', ReceiptHandle: messages[1]!.ReceiptHandle },
            { Id: 'c', ReceiptHandle: 'garbage' },
          ],
        }),
      );
      assert.deepEqual(
        deleted.Successful?.map((entry) => entry.Id),
        ['a', 'b'],
      );
      assert.deepEqual(deleted.Failed, [
        {
          Id: 'c',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle "garbage" is not a valid receipt handle.',
        },
      ]);
      assert.deepEqual(await receive(f.sqs, url, { MaxNumberOfMessages: 10 }), []);
    });
  });
}
