// The SQS trigger delivering messages: Lambda's event, deletion, redrive, partial batch responses,
// filters, batch sizes and windows, FIFO order.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { useTrigger, VISIBILITY_S } from './sqs-trigger-support.js';

for (const storage of storages()) {
  describe(`Lambda SQS trigger (${storage})`, () => {
    const t = useTrigger(storage);

    test('a message invokes the function with Lambda’s SQS event, and is deleted', async () => {
      const { url, uuid } = await t.trigger('echo', 'index.record');
      const mapping = await t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.State, 'Enabled');
      await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'hello',
          MessageAttributes: {
            colour: { DataType: 'String', StringValue: 'blue' },
            blob: { DataType: 'Binary', BinaryValue: Buffer.from('bytes') },
          },
        }),
      );
      const { Records } = await t.nextEvent('echo-source');
      assert.equal(Records.length, 1);
      const record = Records[0];
      assert.match(record.messageId, /^[0-9a-f-]{36}$/);
      assert.equal(typeof record.receiptHandle, 'string');
      assert.equal(record.body, 'hello');
      assert.equal(record.md5OfBody, createHash('md5').update('hello').digest('hex'));
      assert.equal(record.eventSource, 'aws:sqs');
      assert.equal(record.eventSourceARN, t.arnOf('echo-source'));
      assert.equal(record.awsRegion, 'us-east-1');
      assert.deepEqual(Object.keys(record.attributes).sort(), [
        'ApproximateFirstReceiveTimestamp',
        'ApproximateReceiveCount',
        'SenderId',
        'SentTimestamp',
      ]);
      assert.equal(record.attributes.ApproximateReceiveCount, '1');
      assert.deepEqual(record.messageAttributes, {
        colour: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: {
          binaryValue: Buffer.from('bytes').toString('base64'),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      });
      await t.eventually(url, { visible: 0, inFlight: 0 });
    });

    test('a failing function leaves the batch to the queue’s redrive policy', async () => {
      const dlq = await t.queue('failing-dlq');
      const url = await t.queue('failing-source', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: t.arnOf('failing-dlq'), maxReceiveCount: 2 }),
      });
      await t.handler('failing', 'index.fails');
      await t.lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: t.arnOf('failing-source'),
          FunctionName: 'failing',
        }),
      );
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'doomed' }));
      assert.equal((await t.nextEvent('failing-source')).Records[0].attributes.ApproximateReceiveCount, '1');
      await t.eventually(url, { visible: 0, inFlight: 1 });
      await t.nubis.advanceClock(VISIBILITY_S * 1000);
      assert.equal((await t.nextEvent('failing-source')).Records[0].attributes.ApproximateReceiveCount, '2');
      await t.eventually(url, { visible: 0, inFlight: 1 });
      await t.nubis.advanceClock(VISIBILITY_S * 1000);
      const { Messages } = await t.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 20 }),
      );
      assert.equal(Messages?.[0]?.Body, 'doomed');
      await t.eventually(url, { visible: 0, inFlight: 0 });
    });

    test('ReportBatchItemFailures keeps only the reported messages; an invalid response fails the batch', async () => {
      const { url, uuid } = await t.trigger('partial', 'index.partial', {
        Enabled: false,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: ['ok-1', 'fail-2', 'ok-3'].map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      const enabled = await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      assert.equal(enabled.State, 'Enabling');
      assert.equal((await t.nextEvent('partial-source')).Records.length, 3);
      await t.eventually(url, { visible: 0, inFlight: 1 });
      await t.nubis.advanceClock(VISIBILITY_S * 1000);
      const retried = (await t.nextEvent('partial-source')).Records;
      assert.deepEqual(
        retried.map((record) => [record.body, record.attributes.ApproximateReceiveCount]),
        [['fail-2', '2']],
      );

      const invalid = await t.trigger('invalid', 'index.invalid', {
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      await t.sqs.send(new SendMessageCommand({ QueueUrl: invalid.url, MessageBody: 'ok' }));
      await t.nextEvent('invalid-source');
      await t.eventually(invalid.url, { visible: 0, inFlight: 1 });
    });

    test('filter criteria: matching messages invoke the function, the others are deleted unseen', async () => {
      const { url, uuid } = await t.trigger('filtered', 'index.record', {
        Enabled: false,
        FilterCriteria: {
          Filters: [
            { Pattern: JSON.stringify({ body: { kind: ['wanted'], size: [{ numeric: ['>', 2] }] } }) },
            { Pattern: JSON.stringify({ body: [{ prefix: 'plain-' }] }) },
          ],
        },
      });
      const bodies = [
        JSON.stringify({ kind: 'wanted', size: 3 }),
        JSON.stringify({ kind: 'wanted', size: 1 }),
        JSON.stringify({ kind: 'other', size: 5 }),
        'plain-text',
        'other text',
        JSON.stringify('plain-json-string'),
      ];
      await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      const { Records } = await t.nextEvent('filtered-source');
      assert.deepEqual(Records.map((record) => record.body).sort(), [bodies[0], 'plain-text'].sort());
      await t.eventually(url, { visible: 0, inFlight: 0 });
      const mapping = await t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.FilterCriteria?.Filters?.length, 2);
    });

    test('batch size caps a batch; a batching window gathers messages until it closes', async () => {
      const small = await t.trigger('batches', 'index.record', { Enabled: false, BatchSize: 3 });
      await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: small.url,
          Entries: [1, 2, 3, 4, 5].map((n) => ({ Id: String(n), MessageBody: `m${n}` })),
        }),
      );
      await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: small.uuid, Enabled: true }));
      const sizes = [
        (await t.nextEvent('batches-source')).Records.length,
        (await t.nextEvent('batches-source')).Records.length,
      ];
      assert.deepEqual(sizes.sort(), [2, 3]);
      await t.eventually(small.url, { visible: 0, inFlight: 0 });

      const windowed = await t.trigger('windowed', 'index.record', {
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 5,
      });
      assert.equal(windowed.uuid.length, 36);
      await t.sqs.send(new SendMessageCommand({ QueueUrl: windowed.url, MessageBody: 'first' }));
      await t.eventually(windowed.url, { visible: 0, inFlight: 1 });
      await t.sqs.send(new SendMessageCommand({ QueueUrl: windowed.url, MessageBody: 'second' }));
      await t.eventually(windowed.url, { visible: 0, inFlight: 2 });
      const early = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: t.results, WaitTimeSeconds: 0 }));
      assert.equal(early.Messages, undefined, 'the window is still open');
      await t.nubis.advanceClock(5000);
      assert.deepEqual(
        (await t.nextEvent('windowed-source')).Records.map((record) => record.body),
        ['first', 'second'],
      );
      await t.eventually(windowed.url, { visible: 0, inFlight: 0 });
    });

    test('FIFO queues keep the order of a message group', async () => {
      const url = await t.queue('ordered-source.fifo', {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
      });
      await t.handler('ordered', 'index.record');
      await t.lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: t.arnOf('ordered-source.fifo'),
          FunctionName: 'ordered',
          BatchSize: 1,
        }),
      );
      for (const body of ['one', 'two', 'three'])
        await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [record] = (await t.nextEvent('ordered-source.fifo')).Records;
        assert.equal(record.attributes.MessageGroupId, 'g');
        assert.ok(record.attributes.SequenceNumber);
        assert.ok(record.attributes.MessageDeduplicationId);
        seen.push(record.body);
      }
      assert.deepEqual(seen, ['one', 'two', 'three']);
    });
  });
}
