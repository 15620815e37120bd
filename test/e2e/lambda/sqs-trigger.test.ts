import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, zipOf } from './support.js';

/** Each handler reports the event it got to the RESULTS queue, then answers as its name says. */
const CODE = {
  'index.mjs': `
    const report = (event) => fetch(process.env.AWS_ENDPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: process.env.RESULTS, MessageBody: JSON.stringify(event) }),
    });
    export const record = async (event) => { await report(event); };
    export const fails = async (event) => { await report(event); throw new Error('cannot handle'); };
    export const partial = async (event) => {
      await report(event);
      const failed = event.Records.filter((record) => record.body.startsWith('fail'));
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
    };
    export const invalid = async (event) => {
      await report(event);
      return { batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] };
    };`,
};

const VISIBILITY_S = 30;

for (const storage of storages()) {
  describe(`Lambda SQS trigger (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    let sqs: SQSClient;
    let results: string;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      results = await queue('results');
    });
    after(async () => {
      lambda?.destroy();
      sqs?.destroy();
      await nubis?.stop();
    });

    async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: { VisibilityTimeout: String(VISIBILITY_S), ...attributes },
        }),
      );
      return QueueUrl!;
    }

    function arnOf(queueName: string): string {
      return `arn:aws:sqs:us-east-1:${ACCOUNT}:${queueName}`;
    }

    async function trigger(
      name: string,
      handler: string,
      mapping: Partial<CreateEventSourceMappingCommandInput> = {},
    ): Promise<{ url: string; uuid: string }> {
      const url = await queue(`${name}-source`);
      await createFunction(lambda, name, {
        Handler: handler,
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results } },
      });
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: arnOf(`${name}-source`),
          FunctionName: name,
          ...mapping,
        }),
      );
      return { url, uuid: created.UUID! };
    }

    /**
     * The next event reported for messages of `source` (other sources' are skipped). The long poll
     * waits on the results queue, not on a clock.
     */
    async function nextEvent(source: string): Promise<{ Records: any[] }> {
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: results, WaitTimeSeconds: 20 }),
        );
        const message = Messages?.[0];
        if (!message) continue;
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: results, ReceiptHandle: message.ReceiptHandle! }),
        );
        const event = JSON.parse(message.Body!);
        if (event.Records[0]?.eventSourceARN === arnOf(source)) return event;
      }
    }

    async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      return {
        visible: Number(Attributes['ApproximateNumberOfMessages']),
        inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible']),
      };
    }

    /** The poller deletes after the function returns, on its own time: wait for what it leaves. */
    async function eventually(url: string, expected: { visible: number; inFlight: number }): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const now = await counts(url);
        if (now.visible === expected.visible && now.inFlight === expected.inFlight) return;
        if (Date.now() > deadline) assert.deepEqual(now, expected);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    test('a message invokes the function with Lambda’s SQS event, and is deleted', async () => {
      const { url, uuid } = await trigger('echo', 'index.record');
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.State, 'Enabled');
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'hello',
          MessageAttributes: {
            colour: { DataType: 'String', StringValue: 'blue' },
            blob: { DataType: 'Binary', BinaryValue: Buffer.from('bytes') },
          },
        }),
      );
      const { Records } = await nextEvent('echo-source');
      assert.equal(Records.length, 1);
      const record = Records[0];
      assert.match(record.messageId, /^[0-9a-f-]{36}$/);
      assert.equal(typeof record.receiptHandle, 'string');
      assert.equal(record.body, 'hello');
      assert.equal(record.md5OfBody, createHash('md5').update('hello').digest('hex'));
      assert.equal(record.eventSource, 'aws:sqs');
      assert.equal(record.eventSourceARN, arnOf('echo-source'));
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
      await eventually(url, { visible: 0, inFlight: 0 });
    });

    test('a failing function leaves the batch to the queue’s redrive policy', async () => {
      const dlq = await queue('failing-dlq');
      const url = await queue('failing-source', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('failing-dlq'), maxReceiveCount: 2 }),
      });
      await createFunction(lambda, 'failing', {
        Handler: 'index.fails',
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results } },
      });
      await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: arnOf('failing-source'),
          FunctionName: 'failing',
        }),
      );
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'doomed' }));
      assert.equal((await nextEvent('failing-source')).Records[0].attributes.ApproximateReceiveCount, '1');
      await eventually(url, { visible: 0, inFlight: 1 });
      await nubis.advanceClock(VISIBILITY_S * 1000);
      assert.equal((await nextEvent('failing-source')).Records[0].attributes.ApproximateReceiveCount, '2');
      await eventually(url, { visible: 0, inFlight: 1 });
      await nubis.advanceClock(VISIBILITY_S * 1000);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 20 }));
      assert.equal(Messages?.[0]?.Body, 'doomed');
      await eventually(url, { visible: 0, inFlight: 0 });
    });

    test('ReportBatchItemFailures keeps only the reported messages; an invalid response fails the batch', async () => {
      const { url, uuid } = await trigger('partial', 'index.partial', {
        Enabled: false,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: ['ok-1', 'fail-2', 'ok-3'].map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      const enabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      assert.equal(enabled.State, 'Enabling');
      assert.equal((await nextEvent('partial-source')).Records.length, 3);
      await eventually(url, { visible: 0, inFlight: 1 });
      await nubis.advanceClock(VISIBILITY_S * 1000);
      const retried = (await nextEvent('partial-source')).Records;
      assert.deepEqual(
        retried.map((record) => [record.body, record.attributes.ApproximateReceiveCount]),
        [['fail-2', '2']],
      );

      const invalid = await trigger('invalid', 'index.invalid', {
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      await sqs.send(new SendMessageCommand({ QueueUrl: invalid.url, MessageBody: 'ok' }));
      await nextEvent('invalid-source');
      await eventually(invalid.url, { visible: 0, inFlight: 1 });
    });

    test('filter criteria: matching messages invoke the function, the others are deleted unseen', async () => {
      const { url, uuid } = await trigger('filtered', 'index.record', {
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
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      const { Records } = await nextEvent('filtered-source');
      assert.deepEqual(Records.map((record) => record.body).sort(), [bodies[0], 'plain-text'].sort());
      await eventually(url, { visible: 0, inFlight: 0 });
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.FilterCriteria?.Filters?.length, 2);
    });

    test('batch size caps a batch; a batching window gathers messages until it closes', async () => {
      const small = await trigger('batches', 'index.record', { Enabled: false, BatchSize: 3 });
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: small.url,
          Entries: [1, 2, 3, 4, 5].map((n) => ({ Id: String(n), MessageBody: `m${n}` })),
        }),
      );
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: small.uuid, Enabled: true }));
      const sizes = [
        (await nextEvent('batches-source')).Records.length,
        (await nextEvent('batches-source')).Records.length,
      ];
      assert.deepEqual(sizes.sort(), [2, 3]);
      await eventually(small.url, { visible: 0, inFlight: 0 });

      const windowed = await trigger('windowed', 'index.record', {
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 5,
      });
      assert.equal(windowed.uuid.length, 36);
      await sqs.send(new SendMessageCommand({ QueueUrl: windowed.url, MessageBody: 'first' }));
      await eventually(windowed.url, { visible: 0, inFlight: 1 });
      await sqs.send(new SendMessageCommand({ QueueUrl: windowed.url, MessageBody: 'second' }));
      await eventually(windowed.url, { visible: 0, inFlight: 2 });
      const early = await sqs.send(new ReceiveMessageCommand({ QueueUrl: results, WaitTimeSeconds: 0 }));
      assert.equal(early.Messages, undefined, 'the window is still open');
      await nubis.advanceClock(5000);
      assert.deepEqual(
        (await nextEvent('windowed-source')).Records.map((record) => record.body),
        ['first', 'second'],
      );
      await eventually(windowed.url, { visible: 0, inFlight: 0 });
    });

    test('FIFO queues keep the order of a message group', async () => {
      const url = await queue('ordered-source.fifo', {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
      });
      await createFunction(lambda, 'ordered', {
        Handler: 'index.record',
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results } },
      });
      await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: arnOf('ordered-source.fifo'),
          FunctionName: 'ordered',
          BatchSize: 1,
        }),
      );
      for (const body of ['one', 'two', 'three'])
        await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [record] = (await nextEvent('ordered-source.fifo')).Records;
        assert.equal(record.attributes.MessageGroupId, 'g');
        assert.ok(record.attributes.SequenceNumber);
        assert.ok(record.attributes.MessageDeduplicationId);
        seen.push(record.body);
      }
      assert.deepEqual(seen, ['one', 'two', 'three']);
    });

    test('disable stops polling, enable resumes it, update changes settings, delete removes the mapping', async () => {
      const { url, uuid } = await trigger('toggled', 'index.record');
      const disabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
      assert.equal(disabled.State, 'Disabling');
      assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State, 'Disabled');
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'while disabled' }));
      assert.deepEqual(await counts(url), { visible: 1, inFlight: 0 });
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      assert.equal((await nextEvent('toggled-source')).Records[0].body, 'while disabled');
      await eventually(url, { visible: 0, inFlight: 0 });

      const updated = await lambda.send(
        new UpdateEventSourceMappingCommand({
          UUID: uuid,
          BatchSize: 100,
          MaximumBatchingWindowInSeconds: 2,
          ScalingConfig: { MaximumConcurrency: 5 },
        }),
      );
      assert.equal(updated.State, 'Updating');
      assert.equal(updated.BatchSize, 100);
      assert.deepEqual(updated.ScalingConfig, { MaximumConcurrency: 5 });
      assert.ok(updated.LastModified instanceof Date);
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'windowed' }));
      await eventually(url, { visible: 0, inFlight: 1 });
      await nubis.advanceClock(2000);
      assert.equal((await nextEvent('toggled-source')).Records[0].body, 'windowed');
      await eventually(url, { visible: 0, inFlight: 0 });

      const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(deleted.State, 'Deleting');
      await rejects(lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })), {
        name: 'ResourceNotFoundException',
        message: 'The resource you requested does not exist.',
        status: 404,
      });
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'after delete' }));
      assert.deepEqual(await counts(url), { visible: 1, inFlight: 0 });
    });

    test('ListEventSourceMappings filters by queue and function and pages with Marker', async () => {
      const first = await trigger('listed-a', 'index.record', { Enabled: false });
      const second = await trigger('listed-b', 'index.record', { Enabled: false });
      const byFunction = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'listed-a' }));
      assert.deepEqual(
        byFunction.EventSourceMappings?.map((mapping) => mapping.UUID),
        [first.uuid],
      );
      const byQueue = await lambda.send(
        new ListEventSourceMappingsCommand({ EventSourceArn: arnOf('listed-b-source') }),
      );
      assert.deepEqual(
        byQueue.EventSourceMappings?.map((mapping) => [mapping.UUID, mapping.State]),
        [[second.uuid, 'Disabled']],
      );
      const seen: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 1, Marker }));
        assert.ok((page.EventSourceMappings?.length ?? 0) <= 1);
        seen.push(...(page.EventSourceMappings ?? []).map((mapping) => mapping.UUID!));
        Marker = page.NextMarker;
      } while (Marker);
      assert.ok(seen.includes(first.uuid) && seen.includes(second.uuid));
      assert.equal(new Set(seen).size, seen.length);
    });

    test('Lambda’s validation errors', async () => {
      await queue('checked-source');
      await queue('checked-source.fifo', { FifoQueue: 'true' });
      await createFunction(lambda, 'checked');
      const create = (input: Partial<CreateEventSourceMappingCommandInput>) =>
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: arnOf('checked-source'),
            FunctionName: 'checked',
            ...input,
          }),
        );
      const invalid = (message: string | RegExp) => ({
        name: 'InvalidParameterValueException',
        message,
        status: 400,
      });
      const validation = (message: RegExp) => ({ name: 'ValidationException', message, status: 400 });
      await rejects(
        create({ EventSourceArn: undefined }),
        invalid('Unrecognized event source, must be kafka or specify an EventSourceArn'),
      );
      await rejects(
        create({ EventSourceArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s` }),
        invalid(/Amazon Kinesis are not supported by Nubis/),
      );
      await rejects(create({ EventSourceArn: 'queue' }), validation(/at 'eventSourceArn'/));
      await rejects(
        create({ EventSourceArn: arnOf('missing') }),
        invalid(
          /^Error occurred while ReceiveMessage\. SQS Error Code: AWS\.SimpleQueueService\.NonExistentQueue\./,
        ),
      );
      await rejects(create({ FunctionName: 'nobody' }), { name: 'ResourceNotFoundException', status: 404 });
      await rejects(
        create({ BatchSize: 0 }),
        validation(/Value '0' at 'batchSize'.*greater than or equal to 1/),
      );
      await rejects(
        create({ BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 }),
        validation(/batchSize/),
      );
      await rejects(
        create({ BatchSize: 11 }),
        invalid(
          'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
        ),
      );
      await rejects(
        create({ MaximumBatchingWindowInSeconds: 301 }),
        validation(/maximumBatchingWindowInSeconds/),
      );
      await rejects(
        create({ EventSourceArn: arnOf('checked-source.fifo'), MaximumBatchingWindowInSeconds: 1 }),
        invalid('Batching window is not supported for FIFO queues.'),
      );
      await rejects(create({ FunctionResponseTypes: ['Bogus' as any] }), validation(/functionResponseTypes/));
      await rejects(create({ ScalingConfig: { MaximumConcurrency: 1 } }), validation(/maximumConcurrency/));
      await rejects(
        create({ FilterCriteria: { Filters: [{ Pattern: '{"body": "not a list"}' }] } }),
        invalid('Invalid filter pattern definition.'),
      );
      const six = Array.from({ length: 6 }, (_, i) => ({ Pattern: JSON.stringify({ body: [String(i)] }) }));
      await rejects(create({ FilterCriteria: { Filters: six } }), invalid(/filters/));
      await rejects(
        create({ StartingPosition: 'LATEST' }),
        invalid('StartingPosition is not valid for SQS event sources.'),
      );

      const { UUID } = await create({ Enabled: false });
      await rejects(create({}), {
        name: 'ResourceConflictException',
        message:
          `An event source mapping with SQS arn (" ${arnOf('checked-source')} ") and function (" checked ") ` +
          `already exists. Please update or delete the existing mapping with UUID ${UUID}`,
        status: 409,
      });
      await rejects(
        lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 50 })),
        invalid(/greater than 10/),
      );
      const unknown = {
        name: 'ResourceNotFoundException',
        message: 'The resource you requested does not exist.',
        status: 404,
      };
      const nobody = '00000000-0000-0000-0000-000000000000';
      await rejects(lambda.send(new GetEventSourceMappingCommand({ UUID: nobody })), unknown);
      await rejects(
        lambda.send(new UpdateEventSourceMappingCommand({ UUID: nobody, Enabled: true })),
        unknown,
      );
      await rejects(lambda.send(new DeleteEventSourceMappingCommand({ UUID: nobody })), unknown);
    });
  });
}
