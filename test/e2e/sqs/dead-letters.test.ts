import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  ListDeadLetterSourceQueuesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { attributes, createQueue, receive, rejects, useSqs } from './support.js';

const arnOf = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const redrive = (dlq: string, maxReceiveCount: number | string) =>
  JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount });

for (const storage of storages()) {
  describe(`SQS dead-letter queues (${storage})`, () => {
    const f = useSqs(storage);
    /** Receives and lets the message return at once, as a failing consumer would. */
    const fail = async (url: string) => {
      const messages = await receive(f.sqs, url, {
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      });
      for (const message of messages) {
        await f.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
      return messages;
    };

    test('a message received more than maxReceiveCount times moves to the dead-letter queue', async () => {
      const dlq = await createQueue(f.sqs, 'dlq');
      const source = await createQueue(f.sqs, 'source', { RedrivePolicy: redrive('dlq', '2') });
      const policy = await attributes(f.sqs, source, 'RedrivePolicy');
      assert.equal(
        policy['RedrivePolicy'],
        JSON.stringify({ deadLetterTargetArn: arnOf('dlq'), maxReceiveCount: 2 }),
      );
      await f.sqs.send(
        new SendMessageCommand({
          QueueUrl: source,
          MessageBody: 'poison',
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } },
          MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
        }),
      );
      const [first] = await fail(source);
      assert.equal((await fail(source))[0]?.Attributes?.['ApproximateReceiveCount'], '2');
      assert.deepEqual(await fail(source), [], 'the third receive moved it instead');
      const [dead] = await receive(f.sqs, dlq, {
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      });
      assert.equal(dead?.Body, 'poison');
      assert.equal(dead?.MessageId, first?.MessageId);
      assert.equal(dead?.Attributes?.['DeadLetterQueueSourceArn'], arnOf('source'));
      assert.equal(dead?.Attributes?.['ApproximateReceiveCount'], '3', 'the count goes on across queues');
      assert.equal(dead?.Attributes?.['SentTimestamp'], first?.Attributes?.['SentTimestamp']);
      assert.equal(dead?.Attributes?.['AWSTraceHeader'], 'Root=1-abc');
      assert.deepEqual(dead?.MessageAttributes, { kind: { DataType: 'String', StringValue: 'bad' } });
    });

    test('ListDeadLetterSourceQueues names the queues that target a dead-letter queue', async () => {
      await createQueue(f.sqs, 'dlq-list');
      const a = await createQueue(f.sqs, 'src-a', { RedrivePolicy: redrive('dlq-list', 5) });
      const b = await createQueue(f.sqs, 'src-b');
      await f.sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: b, Attributes: { RedrivePolicy: redrive('dlq-list', 5) } }),
      );
      const dlq = `${f.nubis.endpoint}/000000000000/dlq-list`;
      const listed = await f.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
      assert.deepEqual(listed.queueUrls, [a, b]);
      const page = await f.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 1 }));
      assert.deepEqual(page.queueUrls, [a]);
      const rest = await f.sqs.send(
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 1, NextToken: page.NextToken }),
      );
      assert.deepEqual(rest.queueUrls, [b]);
      await f.sqs.send(new SetQueueAttributesCommand({ QueueUrl: a, Attributes: { RedrivePolicy: '' } }));
      assert.deepEqual(
        (await f.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls,
        [b],
      );
      const none = await f.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: a }));
      assert.deepEqual(none.queueUrls, []);
    });

    test('RedrivePolicy validation', async () => {
      await createQueue(f.sqs, 'dlq-check');
      await createQueue(f.sqs, 'dlq-check.fifo', { FifoQueue: 'true' });
      const url = await createQueue(f.sqs, 'redrive-checked');
      const attempt = (RedrivePolicy: string) =>
        f.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy } }));
      await rejects(attempt('{'), {
        name: 'InvalidAttributeValue',
        message:
          'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.',
      });
      await rejects(attempt('{}'), {
        name: 'InvalidParameterValue',
        message:
          'Value {} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.',
      });
      const tooMany = redrive('dlq-check', 1001);
      await rejects(attempt(tooMany), {
        name: 'InvalidParameterValue',
        message: `Value ${tooMany} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive.`,
      });
      const missing = redrive('nowhere', 3);
      await rejects(attempt(missing), {
        name: 'InvalidParameterValue',
        message: `Value ${missing} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
      });
      const fifo = redrive('dlq-check.fifo', 3);
      await rejects(attempt(fifo), {
        name: 'InvalidParameterValue',
        message: `Value ${fifo} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..`,
      });
      const sns = JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sns:us-east-1:000000000000:topic',
        maxReceiveCount: 3,
      });
      await rejects(attempt(sns), {
        name: 'InvalidParameterValue',
        message: /Only SQS queues are valid resources/,
      });
    });

    test('RedriveAllowPolicy decides which sources may use a dead-letter queue', async () => {
      const dlq = await createQueue(f.sqs, 'guarded-dlq', {
        RedriveAllowPolicy: JSON.stringify({
          redrivePermission: 'byQueue',
          sourceQueueArns: [arnOf('allowed')],
        }),
      });
      assert.ok(await createQueue(f.sqs, 'allowed', { RedrivePolicy: redrive('guarded-dlq', 1) }));
      await rejects(createQueue(f.sqs, 'refused', { RedrivePolicy: redrive('guarded-dlq', 1) }), {
        name: 'InvalidParameterValue',
      });
      const set = (RedriveAllowPolicy: string) =>
        f.sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlq, Attributes: { RedriveAllowPolicy } }));
      await set(JSON.stringify({ redrivePermission: 'denyAll' }));
      await rejects(createQueue(f.sqs, 'denied', { RedrivePolicy: redrive('guarded-dlq', 1) }), {
        name: 'InvalidParameterValue',
      });
      await rejects(set(JSON.stringify({ redrivePermission: 'byQueue' })), {
        name: 'InvalidParameterValue',
        message:
          /When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values\.$/,
      });
      const eleven = Array.from({ length: 11 }, (_, i) => arnOf(`q${i}`));
      await rejects(set(JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: eleven })), {
        name: 'InvalidParameterValue',
        message: /The maximum number of source queue ARNs you can specify is 10\.$/,
      });
      await rejects(set(JSON.stringify({ redrivePermission: 'allowAll', sourceQueueArns: [arnOf('x')] })), {
        name: 'InvalidParameterValue',
        message: /To specify one or more source queue ARNs, you must set redrivePermission to byQueue\.$/,
      });
      await rejects(set('{"redrivePermission":"sometimes"}'), {
        name: 'InvalidAttributeValue',
        message:
          "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.",
      });
    });

    test('FIFO dead-letter queues keep group order', async () => {
      await createQueue(f.sqs, 'dlq-ordered.fifo', { FifoQueue: 'true' });
      const url = await createQueue(f.sqs, 'src-ordered.fifo', {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        RedrivePolicy: redrive('dlq-ordered.fifo', 1),
      });
      for (const body of ['x1', 'x2']) {
        await f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
      }
      assert.deepEqual(
        (await fail(url)).map((m) => m.Body),
        ['x1'],
      );
      assert.deepEqual(
        (await fail(url)).map((m) => m.Body),
        ['x2'],
        'x1 went to the dead-letter queue',
      );
      assert.deepEqual(await fail(url), []);
      const dlq = `${f.nubis.endpoint}/000000000000/dlq-ordered.fifo`;
      const dead = await receive(f.sqs, dlq, {
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      });
      assert.deepEqual(
        dead.map((m) => [m.Body, m.Attributes?.['MessageGroupId']]),
        [
          ['x1', 'g'],
          ['x2', 'g'],
        ],
      );
    });
  });
}
