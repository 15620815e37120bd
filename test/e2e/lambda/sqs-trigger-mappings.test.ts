// SQS event source mappings as resources: their lifecycle, listing and Lambda's validation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects } from './support.js';
import { useTrigger } from './sqs-trigger-support.js';

for (const storage of storages()) {
  describe(`Lambda event source mappings (${storage})`, () => {
    const t = useTrigger(storage);

    test('disable stops polling, enable resumes it, update changes settings, delete removes the mapping', async () => {
      const { url, uuid } = await t.trigger('toggled', 'index.record');
      const disabled = await t.lambda.send(
        new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }),
      );
      assert.equal(disabled.State, 'Disabling');
      assert.equal((await t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State, 'Disabled');
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'while disabled' }));
      assert.deepEqual(await t.counts(url), { visible: 1, inFlight: 0 });
      await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
      assert.equal((await t.nextEvent('toggled-source')).Records[0].body, 'while disabled');
      await t.eventually(url, { visible: 0, inFlight: 0 });

      const updated = await t.lambda.send(
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
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'windowed' }));
      await t.eventually(url, { visible: 0, inFlight: 1 });
      await t.nubis.advanceClock(2000);
      assert.equal((await t.nextEvent('toggled-source')).Records[0].body, 'windowed');
      await t.eventually(url, { visible: 0, inFlight: 0 });

      const deleted = await t.lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(deleted.State, 'Deleting');
      await rejects(t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })), {
        name: 'ResourceNotFoundException',
        message: 'The resource you requested does not exist.',
        status: 404,
      });
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'after delete' }));
      assert.deepEqual(await t.counts(url), { visible: 1, inFlight: 0 });
    });

    test('ListEventSourceMappings filters by queue and function and pages with Marker', async () => {
      const first = await t.trigger('listed-a', 'index.record', { Enabled: false });
      const second = await t.trigger('listed-b', 'index.record', { Enabled: false });
      const byFunction = await t.lambda.send(
        new ListEventSourceMappingsCommand({ FunctionName: 'listed-a' }),
      );
      assert.deepEqual(
        byFunction.EventSourceMappings?.map((mapping) => mapping.UUID),
        [first.uuid],
      );
      const byQueue = await t.lambda.send(
        new ListEventSourceMappingsCommand({ EventSourceArn: t.arnOf('listed-b-source') }),
      );
      assert.deepEqual(
        byQueue.EventSourceMappings?.map((mapping) => [mapping.UUID, mapping.State]),
        [[second.uuid, 'Disabled']],
      );
      const seen: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await t.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 1, Marker }));
        assert.ok((page.EventSourceMappings?.length ?? 0) <= 1);
        seen.push(...(page.EventSourceMappings ?? []).map((mapping) => mapping.UUID!));
        Marker = page.NextMarker;
      } while (Marker);
      assert.ok(seen.includes(first.uuid) && seen.includes(second.uuid));
      assert.equal(new Set(seen).size, seen.length);
    });

    test('Lambda’s validation errors', async () => {
      await t.queue('checked-source');
      await t.queue('checked-source.fifo', { FifoQueue: 'true' });
      await createFunction(t.lambda, 'checked');
      const create = (input: Partial<CreateEventSourceMappingCommandInput>) =>
        t.lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: t.arnOf('checked-source'),
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
        create({ EventSourceArn: t.arnOf('missing') }),
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
        create({ EventSourceArn: t.arnOf('checked-source.fifo'), MaximumBatchingWindowInSeconds: 1 }),
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
          `An event source mapping with SQS arn (" ${t.arnOf('checked-source')} ") and function (" checked ") ` +
          `already exists. Please update or delete the existing mapping with UUID ${UUID}`,
        status: 409,
      });
      await rejects(
        t.lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 50 })),
        invalid(/greater than 10/),
      );
      const unknown = {
        name: 'ResourceNotFoundException',
        message: 'The resource you requested does not exist.',
        status: 404,
      };
      const nobody = '00000000-0000-0000-0000-000000000000';
      await rejects(t.lambda.send(new GetEventSourceMappingCommand({ UUID: nobody })), unknown);
      await rejects(
        t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: nobody, Enabled: true })),
        unknown,
      );
      await rejects(t.lambda.send(new DeleteEventSourceMappingCommand({ UUID: nobody })), unknown);
    });
  });
}
