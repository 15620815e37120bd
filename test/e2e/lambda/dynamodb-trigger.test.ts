// DynamoDB streams as triggers of functions, on both storages: Lambda's DynamoDB event in order and
// in batches, starting positions, filters, retries with bisection, partial batch responses, the
// on-failure destination's record, tumbling windows, and Lambda's refusals. The functions report each event to a
// results queue; the manual clock is moved on while the test waits for one, so the pollers'
// pauses pass.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { laneOf, type StreamRecord } from '../../../src/services/lambda/stream-poller.js';
import { ACCOUNT, createFunction, rejects, zipOf } from './support.js';

const CODE = {
  'index.mjs': `
    const report = (event) => fetch(process.env.AWS_ENDPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: process.env.RESULTS, MessageBody: JSON.stringify(event) }),
    });
    export const record = async (event) => { await report(event); };
    export const fails = async (event) => {
      await report(event);
      if (event.Records.some((record) => record.dynamodb.Keys.id.S.startsWith('fail'))) throw new Error('cannot');
    };
    export const partial = async (event) => {
      await report(event);
      const failed = event.Records.filter((record) => record.dynamodb.Keys.id.S.startsWith('fail'));
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })) };
    };
    export const windowed = async (event) => {
      await report(event);
      const seen = [...(event.state.ids ?? []), ...event.Records.map((record) => record.dynamodb.Keys.id.S)];
      return { state: { ids: seen } };
    };
    // Stays in flight until the test sends to RELEASE (long polls end early on the fast clock).
    export const held = async (event) => {
      await report({ started: event.Records.map((record) => record.dynamodb.Keys.id.S), arn: event.Records[0].eventSourceARN });
      const receive = { QueueUrl: process.env.RELEASE, WaitTimeSeconds: 20 };
      const call = (target, body) => fetch(process.env.AWS_ENDPOINT_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.' + target },
        body: JSON.stringify(body),
      }).then((response) => response.json());
      for (;;) {
        const { Messages = [] } = await call('ReceiveMessage', receive);
        if (Messages.length === 0) continue;
        await call('DeleteMessage', { QueueUrl: receive.QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle });
        return;
      }
    };
    export const hoarding = async (event) => {
      const { window, isFinalInvokeForWindow, isWindowTerminatedEarly, eventSourceARN } = event;
      const summary = { window, isFinalInvokeForWindow, isWindowTerminatedEarly, eventSourceARN };
      await report({ ...summary, stateBytes: JSON.stringify(event.state).length, records: event.Records.length });
      return { state: { blob: 'x'.repeat(1100 * 1024) } };
    };`,
};

const ids = (event: { Records: any[] }) => event.Records.map((record) => record.dynamodb.Keys.id.S);

for (const storage of storages()) {
  describe(`Lambda DynamoDB stream trigger (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    let lambda: LambdaClient;
    let sqs: SQSClient;
    let results: string;
    let release: string;

    const queue = async (name: string) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;

    /** A table with a stream, mapped to a new function running `handler`; returns the stream ARN. */
    async function trigger(
      name: string,
      handler: string,
      mapping: Partial<CreateEventSourceMappingCommandInput> = {},
      before?: () => Promise<void>,
    ): Promise<{ streamArn: string; uuid: string }> {
      await ddb.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
      await before?.();
      // The longest timeout: the test moves the manual clock on quickly while it waits.
      await createFunction(lambda, name, {
        Handler: handler,
        Timeout: 900,
        Code: { ZipFile: await zipOf(CODE) },
        Environment: { Variables: { RESULTS: results, RELEASE: release } },
      });
      const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!
        .LatestStreamArn!;
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: streamArn,
          FunctionName: name,
          StartingPosition: 'TRIM_HORIZON',
          ...mapping,
        }),
      );
      return { streamArn, uuid: created.UUID! };
    }

    const put = (table: string, id: string, extra: Record<string, { S: string }> = {}) =>
      ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, ...extra } }));

    /** The next message of `queueUrl` for which `wanted` holds, moving the manual clock meanwhile. */
    async function next(queueUrl: string, wanted: (body: any) => boolean): Promise<any> {
      let waiting = true;
      const ticking = (async () => {
        while (waiting) {
          await nubis.advanceClock(250);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      try {
        for (;;) {
          const { Messages } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }),
          );
          const message = Messages?.[0];
          if (!message) continue;
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }),
          );
          const body = JSON.parse(message.Body!);
          if (wanted(body)) return body;
        }
      } finally {
        waiting = false;
        await ticking;
      }
    }

    const nextEvent = (streamArn: string) =>
      next(results, (event) => event.Records?.[0]?.eventSourceARN === streamArn);

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint, ACCOUNT));
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      results = await queue('results');
      release = await queue('release');
    });
    after(async () => {
      ddb.destroy();
      lambda.destroy();
      sqs.destroy();
      await nubis.stop();
    });

    test('writes invoke the function with Lambda’s DynamoDB event, in order and in batches', async () => {
      const { streamArn, uuid } = await trigger('orders', 'index.record', { BatchSize: 2 }, async () => {
        await put('orders', 'a', { state: { S: 'new' } }); // before the mapping: TRIM_HORIZON reads it
      });
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.StartingPosition, 'TRIM_HORIZON');
      assert.equal(mapping.BatchSize, 2);
      assert.equal(mapping.MaximumRetryAttempts, -1);
      await ddb.send(
        new UpdateItemCommand({
          TableName: 'orders',
          Key: { id: { S: 'a' } },
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':s': { S: 'paid' } },
        }),
      );
      await ddb.send(new DeleteItemCommand({ TableName: 'orders', Key: { id: { S: 'a' } } }));
      const events = [await nextEvent(streamArn)];
      while (events.flatMap(ids).length < 3) events.push(await nextEvent(streamArn));
      // In sequence order (the results queue is a standard queue: events may come in any order).
      const records = events
        .flatMap((event) => event.Records)
        .sort((x: any, y: any) =>
          BigInt(x.dynamodb.SequenceNumber) < BigInt(y.dynamodb.SequenceNumber) ? -1 : 1,
        );
      assert.deepEqual(
        records.map((record: any) => record.eventName),
        ['INSERT', 'MODIFY', 'REMOVE'],
      );
      assert.ok(
        events.every((event) => event.Records.length <= 2),
        'no batch is larger than BatchSize',
      );
      const [insert, modify] = records;
      assert.equal(insert.eventSource, 'aws:dynamodb');
      assert.equal(insert.eventSourceARN, streamArn);
      assert.equal(insert.awsRegion, 'us-east-1');
      assert.equal(insert.eventVersion, '1.1');
      assert.deepEqual(insert.dynamodb.Keys, { id: { S: 'a' } });
      assert.deepEqual(insert.dynamodb.NewImage, { id: { S: 'a' }, state: { S: 'new' } });
      assert.equal(typeof insert.dynamodb.ApproximateCreationDateTime, 'number');
      assert.equal(insert.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
      assert.deepEqual(modify.dynamodb.OldImage, { id: { S: 'a' }, state: { S: 'new' } });
      assert.ok(BigInt(modify.dynamodb.SequenceNumber) > BigInt(insert.dynamodb.SequenceNumber));
    });

    test('LATEST reads only what is written after the mapping; filters pass records over', async () => {
      const { streamArn } = await trigger(
        'latest',
        'index.record',
        {
          StartingPosition: 'LATEST',
          FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
        },
        () => put('latest', 'before').then(() => undefined),
      );
      await put('latest', 'after');
      await ddb.send(new DeleteItemCommand({ TableName: 'latest', Key: { id: { S: 'after' } } }));
      await put('latest', 'later');
      const events = [await nextEvent(streamArn)];
      while (events.flatMap(ids).length < 2) events.push(await nextEvent(streamArn));
      assert.deepEqual(events.flatMap(ids).sort(), ['after', 'later']);
      assert.deepEqual(
        events.flatMap((event) => event.Records.map((record: any) => record.eventName)),
        ['INSERT', 'INSERT'],
      );
    });

    test('a failing batch is split, retried, then reported to the on-failure destination', async () => {
      const failures = await queue('stream-failures');
      const { streamArn } = await trigger(
        'bisect',
        'index.fails',
        {
          BatchSize: 10,
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 1,
          DestinationConfig: {
            OnFailure: { Destination: `arn:aws:sqs:us-east-1:${ACCOUNT}:stream-failures` },
          },
        },
        async () => {
          await put('bisect', 'ok-1');
          await put('bisect', 'fail-1');
        },
      );
      // [ok-1, fail-1] fails, is split: [ok-1] succeeds; [fail-1] fails, is retried once, given up on.
      // (The results queue is a standard queue: its messages may come in any order.)
      const invocations = [];
      for (let i = 0; i < 4; i++) invocations.push(ids(await nextEvent(streamArn)).join(','));
      assert.deepEqual(invocations.sort(), ['fail-1', 'fail-1', 'ok-1', 'ok-1,fail-1']);
      const report = await next(failures, () => true);
      assert.equal(report.requestContext.condition, 'RetryAttemptsExhausted');
      assert.equal(report.requestContext.approximateInvokeCount, 2);
      assert.equal(report.responseContext.functionError, 'Unhandled');
      assert.equal(report.version, '1.0');
      assert.equal(report.DDBStreamBatchInfo.batchSize, 1);
      assert.equal(report.DDBStreamBatchInfo.streamArn, streamArn);
      assert.equal(
        report.DDBStreamBatchInfo.startSequenceNumber,
        report.DDBStreamBatchInfo.endSequenceNumber,
      );
      assert.match(report.DDBStreamBatchInfo.shardId, /^shardId-/);
      // The mapping moved on past the batch it gave up.
      await put('bisect', 'ok-2');
      assert.deepEqual(ids(await nextEvent(streamArn)), ['ok-2']);
    });

    test('a partial batch response resumes from the first failed record', async () => {
      const failures = await queue('partial-failures');
      const { streamArn } = await trigger(
        'partial',
        'index.partial',
        {
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumRetryAttempts: 0,
          DestinationConfig: {
            OnFailure: { Destination: `arn:aws:sqs:us-east-1:${ACCOUNT}:partial-failures` },
          },
        },
        async () => {
          await put('partial', 'ok-1');
          await put('partial', 'fail-1');
          await put('partial', 'ok-2');
        },
      );
      const event = await nextEvent(streamArn);
      assert.deepEqual(ids(event), ['ok-1', 'fail-1', 'ok-2']);
      const report = await next(failures, () => true);
      assert.equal(report.DDBStreamBatchInfo.batchSize, 2, 'fail-1 and what follows it');
      assert.equal(report.DDBStreamBatchInfo.startSequenceNumber, event.Records[1].dynamodb.SequenceNumber);
      assert.equal(report.DDBStreamBatchInfo.endSequenceNumber, event.Records[2].dynamodb.SequenceNumber);
    });

    test('ParallelizationFactor runs batches of different items at the same time', async () => {
      // Two items in different lanes of two.
      const lane = (id: string) =>
        laneOf({ dynamodb: { Keys: { id: { S: id } } } } as unknown as StreamRecord, 2);
      const other = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].find((id) => lane(id) !== lane('p0'))!;
      const { streamArn, uuid } = await trigger(
        'parallel',
        'index.held',
        { ParallelizationFactor: 2, BatchSize: 1 },
        async () => {
          await put('parallel', 'p0');
          await put('parallel', other);
        },
      );
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.ParallelizationFactor, 2);
      // Both are in flight before either is released: one lane does not wait for the other.
      const started: string[] = [];
      for (let i = 0; i < 2; i++)
        started.push(...(await next(results, (event) => event.arn === streamArn)).started);
      assert.deepEqual(started.sort(), ['p0', other].sort());
      for (let i = 0; i < 2; i++)
        await sqs.send(new SendMessageCommand({ QueueUrl: release, MessageBody: 'go' }));
      // The mapping reads on once both lanes are done.
      await put('parallel', 'p0', { v: { S: 'changed' } });
      assert.deepEqual((await next(results, (event) => event.arn === streamArn)).started, ['p0']);
      await sqs.send(new SendMessageCommand({ QueueUrl: release, MessageBody: 'go' }));
    });

    test('a tumbling window passes its state from batch to batch, then ends with a final invocation', async () => {
      const { streamArn, uuid } = await trigger(
        'windows',
        'index.windowed',
        { BatchSize: 1, TumblingWindowInSeconds: 60 },
        async () => {
          await put('windows', 'w1');
          await put('windows', 'w2');
        },
      );
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      assert.equal(mapping.TumblingWindowInSeconds, 60);
      const fromStream = (event: any) => event.eventSourceARN === streamArn;
      const events: any[] = [];
      while (!events.some((event) => event.isFinalInvokeForWindow))
        events.push(await next(results, fromStream));
      const [first, second, final] = [
        events.find((event) => ids(event).join() === 'w1'),
        events.find((event) => ids(event).join() === 'w2'),
        events.find((event) => event.isFinalInvokeForWindow),
      ];
      assert.deepEqual(first.state, {});
      assert.deepEqual(second.state, { ids: ['w1'] });
      assert.deepEqual(final.Records, []);
      assert.deepEqual(final.state, { ids: ['w1', 'w2'] });
      assert.equal(first.isFinalInvokeForWindow, false);
      assert.equal(first.isWindowTerminatedEarly, false);
      assert.match(first.shardId, /^shardId-/);
      const start = Date.parse(first.window.start);
      assert.equal(start % 60_000, 0);
      assert.equal(Date.parse(first.window.end) - start, 60_000);
      assert.deepEqual(final.window, first.window);
      const created = first.Records[0].dynamodb.ApproximateCreationDateTime * 1000;
      assert.ok(created >= start && created < start + 60_000);
      // A later write opens the next window, with a fresh state.
      await put('windows', 'w3');
      const third = await next(results, (event) => fromStream(event) && ids(event).join() === 'w3');
      assert.deepEqual(third.state, {});
      assert.ok(Date.parse(third.window.start) > start);
    });

    test('a state over 1 MB ends its window early; the window goes on with a fresh state', async () => {
      const { streamArn } = await trigger('hoard', 'index.hoarding', { TumblingWindowInSeconds: 900 }, () =>
        put('hoard', 'h1').then(() => undefined),
      );
      const fromStream = (event: any) => event.eventSourceARN === streamArn;
      const first = await next(results, (event) => fromStream(event) && event.records === 1);
      assert.equal(first.stateBytes, 2);
      const early = await next(results, (event) => fromStream(event) && event.isFinalInvokeForWindow);
      assert.equal(early.isWindowTerminatedEarly, true);
      assert.equal(early.records, 0);
      assert.ok(early.stateBytes > 1024 * 1024);
      assert.deepEqual(early.window, first.window);
      await put('hoard', 'h2');
      const after = await next(results, (event) => fromStream(event) && event.records === 1);
      assert.equal(after.stateBytes, 2, 'a fresh state');
      assert.deepEqual(after.window, first.window, 'the same window');
    });

    test('in a tumbling window a response without state is a failed invocation', async () => {
      const failures = await queue('window-failures');
      await trigger(
        'stateless',
        'index.record',
        {
          TumblingWindowInSeconds: 30,
          MaximumRetryAttempts: 0,
          DestinationConfig: {
            OnFailure: { Destination: `arn:aws:sqs:us-east-1:${ACCOUNT}:window-failures` },
          },
        },
        () => put('stateless', 'x').then(() => undefined),
      );
      const report = await next(failures, () => true);
      assert.equal(report.requestContext.condition, 'RetryAttemptsExhausted');
      assert.equal(report.DDBStreamBatchInfo.batchSize, 1);
    });

    test('Lambda’s refusals', async () => {
      await createFunction(lambda, 'lonely');
      const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/none/stream/2026-01-01T00:00:00.000`;
      await rejects(
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: arn,
            FunctionName: 'lonely',
            StartingPosition: 'LATEST',
          }),
        ),
        { name: 'InvalidParameterValueException', message: `Stream not found: ${arn}` },
      );
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'orders' }));
      await rejects(
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: Table!.LatestStreamArn,
            FunctionName: 'lonely',
          }),
        ),
        { name: 'InvalidParameterValueException', message: /StartingPosition/ },
      );
      await rejects(
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: Table!.LatestStreamArn,
            FunctionName: 'lonely',
            StartingPosition: 'LATEST',
            ScalingConfig: { MaximumConcurrency: 5 },
          }),
        ),
        {
          name: 'InvalidParameterValueException',
          message: 'ScalingConfig is not valid for DynamoDB Streams event sources.',
        },
      );
      await rejects(
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: Table!.LatestStreamArn,
            FunctionName: 'lonely',
            StartingPosition: 'LATEST',
            MaximumRecordAgeInSeconds: 10,
          }),
        ),
        { name: 'ValidationException', message: /maximumRecordAgeInSeconds/ },
      );
      await rejects(
        lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: Table!.LatestStreamArn,
            FunctionName: 'lonely',
            StartingPosition: 'LATEST',
            TumblingWindowInSeconds: 901,
          }),
        ),
        {
          name: 'ValidationException',
          message:
            "1 validation error detected: Value '901' at 'tumblingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
        },
      );
    });
  });
}
