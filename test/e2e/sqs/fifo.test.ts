import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { createQueue, receive, rejects, useSqs } from './support.js';

for (const storage of storages()) {
  describe(`SQS FIFO queues (${storage})`, () => {
    const f = useSqs(storage);
    const send = (input: Omit<SendMessageCommandInput, 'MessageBody'> & { MessageBody: string }) =>
      f.sqs.send(new SendMessageCommand(input));
    const fifo = (name: string, attributes: Record<string, string> = {}) =>
      createQueue(f.sqs, `${name}.fifo`, { FifoQueue: 'true', ...attributes });

    test('messages of a group come in order; sequence numbers grow', async () => {
      const url = await fifo('ordered', { ContentBasedDeduplication: 'true' });
      const sequence: string[] = [];
      for (const body of ['m1', 'm2', 'm3', 'm4']) {
        const sent = await send({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' });
        assert.match(sent.SequenceNumber!, /^\d{20}$/);
        sequence.push(sent.SequenceNumber!);
      }
      assert.deepEqual(
        [...sequence].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
        sequence,
      );
      const batch = await receive(f.sqs, url, {
        MaxNumberOfMessages: 2,
        MessageSystemAttributeNames: ['All'],
      });
      assert.deepEqual(
        batch.map((m) => m.Body),
        ['m1', 'm2'],
      );
      assert.equal(batch[0]?.Attributes?.['MessageGroupId'], 'g');
      assert.equal(batch[0]?.Attributes?.['SequenceNumber'], sequence[0]);
      assert.match(
        batch[0]?.Attributes?.['MessageDeduplicationId'] ?? '',
        /^[0-9a-f]{64}$/,
        'SHA-256 of the body',
      );
      // The group is held while any of its messages is in flight.
      assert.deepEqual(await receive(f.sqs, url, { MaxNumberOfMessages: 10 }), []);
      for (const message of batch) {
        await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
      assert.deepEqual(
        (await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ['m3', 'm4'],
      );
    });

    test('other groups go on while one is held; a returned message keeps its place', async () => {
      const url = await fifo('groups', { ContentBasedDeduplication: 'true', VisibilityTimeout: '30' });
      await send({ QueueUrl: url, MessageBody: 'a1', MessageGroupId: 'a' });
      await send({ QueueUrl: url, MessageBody: 'a2', MessageGroupId: 'a' });
      await send({ QueueUrl: url, MessageBody: 'b1', MessageGroupId: 'b' });
      const [a1] = await receive(f.sqs, url);
      assert.equal(a1?.Body, 'a1');
      assert.deepEqual(
        (await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ['b1'],
      );
      await f.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: a1!.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
      const again = await receive(f.sqs, url, { MaxNumberOfMessages: 10 });
      assert.deepEqual(
        again.map((m) => m.Body),
        ['a1', 'a2'],
      );
    });

    test('deduplication: explicit ids and content, within 5 minutes', async () => {
      const url = await fifo('dedup');
      const first = await send({
        QueueUrl: url,
        MessageBody: 'one',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      });
      const duplicate = await send({
        QueueUrl: url,
        MessageBody: 'other body',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      });
      assert.equal(duplicate.MessageId, first.MessageId);
      assert.equal(duplicate.SequenceNumber, first.SequenceNumber);
      await f.nubis.advanceClock(5 * 60_000);
      const later = await send({
        QueueUrl: url,
        MessageBody: 'one',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      });
      assert.notEqual(later.MessageId, first.MessageId);
      assert.equal((await receive(f.sqs, url, { MaxNumberOfMessages: 10 })).length, 2);
      await rejects(send({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' }), {
        name: 'InvalidParameterValue',
        message:
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      });
    });

    test('deduplication is kept after the message is deleted; scope messageGroup separates groups', async () => {
      const url = await fifo('dedup-scope', {
        ContentBasedDeduplication: 'true',
        DeduplicationScope: 'messageGroup',
      });
      const a = await send({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'a' });
      const b = await send({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'b' });
      assert.notEqual(a.MessageId, b.MessageId);
      const received = await receive(f.sqs, url, { MaxNumberOfMessages: 10 });
      for (const message of received) {
        await f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
      const again = await send({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'a' });
      assert.equal(again.MessageId, a.MessageId);
      assert.deepEqual(await receive(f.sqs, url), []);
    });

    test('FIFO rules: group required, no per-message delay; standard queues refuse dedup ids', async () => {
      const url = await fifo('rules', { ContentBasedDeduplication: 'true' });
      await rejects(send({ QueueUrl: url, MessageBody: 'x' }), {
        name: 'MissingParameter',
        message: 'The request must contain the parameter MessageGroupId.',
      });
      await rejects(send({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 2 }), {
        name: 'InvalidParameterValue',
        message:
          'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
      });
      await send({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 0 });
      await rejects(send({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'group 123' }), {
        name: 'InvalidParameterValue',
        message:
          'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      });
      const standard = await createQueue(f.sqs, 'rules-standard');
      await rejects(send({ QueueUrl: standard, MessageBody: 'x', MessageDeduplicationId: 'd' }), {
        name: 'InvalidParameterValue',
        message:
          'Value d for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.',
      });
      // Standard queues take a MessageGroupId (fair queues) and return it.
      await send({ QueueUrl: standard, MessageBody: 'tenant', MessageGroupId: 'tenant-1' });
      const [message] = await receive(f.sqs, standard, {
        MessageSystemAttributeNames: ['MessageGroupId', 'SequenceNumber'],
      });
      assert.deepEqual(message?.Attributes, { MessageGroupId: 'tenant-1' });
    });

    test('queue delay applies to FIFO messages', async () => {
      const url = await fifo('delayed', { ContentBasedDeduplication: 'true', DelaySeconds: '5' });
      await send({ QueueUrl: url, MessageBody: 'later', MessageGroupId: 'g' });
      assert.deepEqual(await receive(f.sqs, url), []);
      await f.nubis.advanceClock(5_000);
      assert.equal((await receive(f.sqs, url))[0]?.Body, 'later');
    });

    test('ReceiveRequestAttemptId: a retry returns the same messages and receipt handles', async () => {
      const url = await fifo('attempts', { ContentBasedDeduplication: 'true' });
      await send({ QueueUrl: url, MessageBody: 'r1', MessageGroupId: 'g' });
      await send({ QueueUrl: url, MessageBody: 'r2', MessageGroupId: 'h' });
      const first = await receive(f.sqs, url, {
        ReceiveRequestAttemptId: 'attempt-1',
        MaxNumberOfMessages: 10,
      });
      const retry = await receive(f.sqs, url, {
        ReceiveRequestAttemptId: 'attempt-1',
        MaxNumberOfMessages: 10,
      });
      assert.equal(first.length, 2);
      assert.deepEqual(
        retry.map((m) => m.ReceiptHandle),
        first.map((m) => m.ReceiptHandle),
      );
      assert.deepEqual(await receive(f.sqs, url, { ReceiveRequestAttemptId: 'attempt-2' }), []);
    });

    test('after its visibility timeout a FIFO receipt handle has expired', async () => {
      const url = await fifo('expiry', { ContentBasedDeduplication: 'true', VisibilityTimeout: '1' });
      await send({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' });
      const [message] = await receive(f.sqs, url);
      await f.nubis.advanceClock(1_000);
      await rejects(
        f.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle })),
        {
          name: 'InvalidParameterValue',
          message: `Value ${message!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
        },
      );
    });
  });
}
