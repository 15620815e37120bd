import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { attributes, createQueue, receive, rejects, useSqs } from './support.js';

function set(sqs: SQSClient, url: string, Attributes: Record<string, string>) {
  return sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes }));
}

for (const storage of storages()) {
  describe(`SQS queue attributes (${storage})`, () => {
    const f = useSqs(storage);

    test('a standard queue has AWS defaults', async () => {
      const url = await createQueue(f.sqs, 'defaults');
      const all = await attributes(f.sqs, url, 'All');
      const { CreatedTimestamp, LastModifiedTimestamp, ...rest } = all;
      assert.match(CreatedTimestamp!, /^\d{10}$/, 'epoch seconds');
      assert.equal(LastModifiedTimestamp, CreatedTimestamp);
      assert.deepEqual(rest, {
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesDelayed: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        DelaySeconds: '0',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        QueueArn: 'arn:aws:sqs:us-east-1:000000000000:defaults',
        ReceiveMessageWaitTimeSeconds: '0',
        SqsManagedSseEnabled: 'true',
        VisibilityTimeout: '30',
      });
      assert.deepEqual(await attributes(f.sqs, url), {}, 'no AttributeNames: nothing');
    });

    test('a FIFO queue adds its own attributes', async () => {
      const url = await createQueue(f.sqs, 'defaults.fifo', {
        FifoQueue: 'True',
        ContentBasedDeduplication: 'True',
      });
      const fifo = await attributes(
        f.sqs,
        url,
        'FifoQueue',
        'ContentBasedDeduplication',
        'DeduplicationScope',
        'FifoThroughputLimit',
      );
      assert.deepEqual(fifo, {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        DeduplicationScope: 'queue',
        FifoThroughputLimit: 'perQueue',
      });
      await set(f.sqs, url, { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
      await rejects(set(f.sqs, url, { DeduplicationScope: 'queue' }), {
        name: 'InvalidParameterValue',
        message:
          'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup',
      });
      await set(f.sqs, url, { FifoQueue: 'true' });
      await rejects(set(f.sqs, url, { FifoQueue: 'false' }), {
        name: 'InvalidAttributeValue',
        message: 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
      });
    });

    test('SetQueueAttributes changes values and LastModifiedTimestamp', async () => {
      const url = await createQueue(f.sqs, 'settable');
      await f.nubis.advanceClock(5_000);
      await set(f.sqs, url, {
        DelaySeconds: '900',
        MaximumMessageSize: '1024',
        MessageRetentionPeriod: '60',
        ReceiveMessageWaitTimeSeconds: '20',
        VisibilityTimeout: '43200',
      });
      const all = await attributes(f.sqs, url, 'All');
      assert.equal(all['DelaySeconds'], '900');
      assert.equal(all['MaximumMessageSize'], '1024');
      assert.equal(all['MessageRetentionPeriod'], '60');
      assert.equal(all['ReceiveMessageWaitTimeSeconds'], '20');
      assert.equal(all['VisibilityTimeout'], '43200');
      assert.ok(Number(all['LastModifiedTimestamp']) >= Number(all['CreatedTimestamp']) + 5);
    });

    test('out-of-range and malformed values: InvalidAttributeValue', async () => {
      const url = await createQueue(f.sqs, 'validated');
      const cases: Array<[string, string]> = [
        ['DelaySeconds', '901'],
        ['DelaySeconds', '-1'],
        ['DelaySeconds', ' 6'],
        ['MaximumMessageSize', '1023'],
        ['MaximumMessageSize', '1048577'],
        ['MessageRetentionPeriod', '59'],
        ['MessageRetentionPeriod', '1209601'],
        ['ReceiveMessageWaitTimeSeconds', '21'],
        ['VisibilityTimeout', '43201'],
        ['VisibilityTimeout', '1.5'],
        ['KmsDataKeyReusePeriodSeconds', '59'],
        ['SqsManagedSseEnabled', 'yes'],
        ['Policy', 'not json'],
      ];
      for (const [name, value] of cases) {
        await rejects(set(f.sqs, url, { [name]: value }), {
          name: 'InvalidAttributeValue',
          message: `Invalid value for the parameter ${name}.`,
        });
      }
      await rejects(set(f.sqs, url, { Unknown: '1' }), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute Unknown.',
      });
      await rejects(set(f.sqs, url, { FifoQueue: 'true' }), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute FifoQueue.',
      });
      await rejects(set(f.sqs, url, { ApproximateNumberOfMessages: '1' }), { name: 'InvalidAttributeName' });
      await rejects(attributes(f.sqs, url, 'Nope'), {
        name: 'InvalidAttributeName',
        message: 'Unknown Attribute Nope.',
      });
    });

    test('server-side encryption: SSE-KMS and SSE-SQS exclude each other', async () => {
      const url = await createQueue(f.sqs, 'encrypted');
      await set(f.sqs, url, { KmsMasterKeyId: 'alias/aws/sqs' });
      assert.deepEqual(
        await attributes(
          f.sqs,
          url,
          'KmsMasterKeyId',
          'KmsDataKeyReusePeriodSeconds',
          'SqsManagedSseEnabled',
        ),
        {
          KmsMasterKeyId: 'alias/aws/sqs',
          KmsDataKeyReusePeriodSeconds: '300',
          SqsManagedSseEnabled: 'false',
        },
      );
      await set(f.sqs, url, { KmsMasterKeyId: '' });
      assert.deepEqual(await attributes(f.sqs, url, 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds'), {});
      await rejects(set(f.sqs, url, { SqsManagedSseEnabled: 'true', KmsMasterKeyId: 'k' }), {
        name: 'InvalidAttributeName',
        message:
          'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
      });
      await set(f.sqs, url, { SqsManagedSseEnabled: 'true' });
      assert.equal((await attributes(f.sqs, url, 'SqsManagedSseEnabled'))['SqsManagedSseEnabled'], 'true');
    });

    test('a Policy is kept as sent; an empty one removes it', async () => {
      const url = await createQueue(f.sqs, 'with-policy');
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }],
      });
      await set(f.sqs, url, { Policy: policy });
      assert.equal((await attributes(f.sqs, url, 'Policy'))['Policy'], policy);
      await set(f.sqs, url, { Policy: '' });
      assert.deepEqual(await attributes(f.sqs, url, 'Policy'), {});
    });

    test('the approximate counts follow visible, in-flight and delayed messages', async () => {
      const url = await createQueue(f.sqs, 'counted');
      const send = (body: string, delay?: number) =>
        f.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, DelaySeconds: delay }));
      await send('visible-1');
      await send('visible-2');
      await send('delayed', 60);
      const [inFlight] = await receive(f.sqs, url);
      const counts = () =>
        attributes(
          f.sqs,
          url,
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        );
      assert.deepEqual(await counts(), {
        ApproximateNumberOfMessages: '1',
        ApproximateNumberOfMessagesNotVisible: '1',
        ApproximateNumberOfMessagesDelayed: '1',
      });
      await f.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: inFlight!.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
      await f.nubis.advanceClock(60_000);
      assert.deepEqual(await counts(), {
        ApproximateNumberOfMessages: '3',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
      });
    });
  });
}
