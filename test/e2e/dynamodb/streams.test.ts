// DynamoDB Streams through @aws-sdk/client-dynamodb-streams, on both storages: every kind of write
// is recorded in order with the images its view type asks for, writes that change nothing are
// not, time-to-live deletions name the service, iterators of every type, disabling and
// re-enabling, and retention on the injected clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';

const START_MS = Date.UTC(2026, 11, 7, 9, 0, 0);

const table = (TableName: string, StreamViewType: 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' | 'NEW_IMAGE') => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  StreamSpecification: { StreamEnabled: true, StreamViewType },
});

/** What a record says, without its generated identifiers. */
function summary(record: _Record) {
  const { Keys, NewImage, OldImage } = record.dynamodb!;
  return { event: record.eventName, Keys, NewImage, OldImage };
}

for (const storage of storages()) {
  describe(`DynamoDB Streams (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    let streams: DynamoDBStreamsClient;
    let nowMs = START_MS;
    const advance = async (ms: number) => {
      nowMs += ms;
      await nubis.advanceClock(ms);
    };
    const latestArn = async (name: string) =>
      (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!.LatestStreamArn!;
    const shardOf = async (arn: string) =>
      (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards![0]!;
    const iterator = async (arn: string, type: 'TRIM_HORIZON' | 'LATEST', sequence?: string) => {
      const shard = await shardOf(arn);
      const out = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shard.ShardId,
          ShardIteratorType: sequence ? 'AFTER_SEQUENCE_NUMBER' : type,
          SequenceNumber: sequence,
        }),
      );
      return out.ShardIterator!;
    };
    const records = async (arn: string) =>
      (await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'TRIM_HORIZON') })))
        .Records!;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true, clockStartMs: START_MS });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
      streams = new DynamoDBStreamsClient(sdkConfig(nubis.endpoint));
      await ddb.send(new CreateTableCommand(table('events', 'NEW_AND_OLD_IMAGES')));
    });
    after(async () => {
      ddb.destroy();
      streams.destroy();
      await nubis.stop();
    });

    test('every write is recorded in order, with old and new images', async () => {
      const key = { id: { S: 'a' } };
      await ddb.send(new PutItemCommand({ TableName: 'events', Item: { ...key, n: { N: '1' } } }));
      await ddb.send(
        new UpdateItemCommand({
          TableName: 'events',
          Key: key,
          UpdateExpression: 'SET n = :two',
          ExpressionAttributeValues: { ':two': { N: '2' } },
        }),
      );
      // Writes that change nothing, and a delete of nothing, write no record.
      await ddb.send(new PutItemCommand({ TableName: 'events', Item: { n: { N: '2' }, ...key } }));
      await ddb.send(new DeleteItemCommand({ TableName: 'events', Key: { id: { S: 'nobody' } } }));
      await ddb.send(new DeleteItemCommand({ TableName: 'events', Key: key }));
      await ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { events: [{ PutRequest: { Item: { id: { S: 'b' } } } }] },
        }),
      );
      await ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 'events', Item: { id: { S: 'c' } } } }],
        }),
      );

      const arn = await latestArn('events');
      const read = await records(arn);
      assert.deepEqual(read.map(summary), [
        { event: 'INSERT', Keys: key, NewImage: { ...key, n: { N: '1' } }, OldImage: undefined },
        {
          event: 'MODIFY',
          Keys: key,
          NewImage: { ...key, n: { N: '2' } },
          OldImage: { ...key, n: { N: '1' } },
        },
        { event: 'REMOVE', Keys: key, NewImage: undefined, OldImage: { ...key, n: { N: '2' } } },
        { event: 'INSERT', Keys: { id: { S: 'b' } }, NewImage: { id: { S: 'b' } }, OldImage: undefined },
        { event: 'INSERT', Keys: { id: { S: 'c' } }, NewImage: { id: { S: 'c' } }, OldImage: undefined },
      ]);
      const first = read[0]!;
      assert.equal(first.eventSource, 'aws:dynamodb');
      assert.equal(first.eventVersion, '1.1');
      assert.equal(first.awsRegion, 'us-east-1');
      assert.equal(first.dynamodb!.StreamViewType, 'NEW_AND_OLD_IMAGES');
      assert.equal(first.dynamodb!.ApproximateCreationDateTime!.getTime(), START_MS);
      assert.ok(first.dynamodb!.SizeBytes! > 0);
      const numbers = read.map((record) => BigInt(record.dynamodb!.SequenceNumber!));
      assert.deepEqual(
        numbers,
        [...numbers].sort((x, y) => (x < y ? -1 : 1)),
        'sequence numbers grow',
      );

      // AFTER_SEQUENCE_NUMBER resumes after a record; LATEST sees only what comes next.
      const after = await streams.send(
        new GetRecordsCommand({
          ShardIterator: await iterator(arn, 'TRIM_HORIZON', read[2]!.dynamodb!.SequenceNumber),
        }),
      );
      assert.deepEqual(
        after.Records!.map((record) => record.dynamodb!.Keys),
        [{ id: { S: 'b' } }, { id: { S: 'c' } }],
      );
      const latest = await iterator(arn, 'LATEST');
      await ddb.send(new PutItemCommand({ TableName: 'events', Item: { id: { S: 'd' } } }));
      const next = await streams.send(new GetRecordsCommand({ ShardIterator: latest }));
      assert.deepEqual(
        next.Records!.map((record) => record.dynamodb!.Keys),
        [{ id: { S: 'd' } }],
      );
      const empty = await streams.send(new GetRecordsCommand({ ShardIterator: next.NextShardIterator }));
      assert.deepEqual(empty.Records, []);
      assert.ok(empty.NextShardIterator, 'an open shard always has a next iterator');
    });

    test('ListStreams and DescribeStream', async () => {
      const arn = await latestArn('events');
      const listed = await streams.send(new ListStreamsCommand({ TableName: 'events' }));
      assert.deepEqual(listed.Streams, [
        { StreamArn: arn, TableName: 'events', StreamLabel: arn.split('/').pop() },
      ]);
      const described = (await streams.send(new DescribeStreamCommand({ StreamArn: arn })))
        .StreamDescription!;
      assert.equal(described.StreamStatus, 'ENABLED');
      assert.equal(described.StreamViewType, 'NEW_AND_OLD_IMAGES');
      assert.equal(described.TableName, 'events');
      assert.deepEqual(described.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
      assert.equal(described.Shards!.length, 1);
      assert.equal(described.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber, undefined);
      const missing = await rejection(
        streams.send(
          new DescribeStreamCommand({
            StreamArn: `${arn.split('/stream/')[0]}/stream/2000-01-01T00:00:00.000`,
          }),
        ),
      );
      assert.ok(missing instanceof ResourceNotFoundException);
    });

    test('disabling closes the shard; enabling again starts a new stream of its view type', async () => {
      await ddb.send(new CreateTableCommand(table('toggled', 'NEW_IMAGE')));
      const firstArn = await latestArn('toggled');
      await ddb.send(new PutItemCommand({ TableName: 'toggled', Item: { id: { S: 'x' }, v: { S: '1' } } }));
      await ddb.send(
        new UpdateTableCommand({ TableName: 'toggled', StreamSpecification: { StreamEnabled: false } }),
      );
      await ddb.send(new PutItemCommand({ TableName: 'toggled', Item: { id: { S: 'y' } } }));
      const closed = await shardOf(firstArn);
      assert.ok(closed.SequenceNumberRange!.EndingSequenceNumber);
      const tail = await streams.send(
        new GetRecordsCommand({ ShardIterator: await iterator(firstArn, 'TRIM_HORIZON') }),
      );
      assert.deepEqual(tail.Records!.map(summary), [
        {
          event: 'INSERT',
          Keys: { id: { S: 'x' } },
          NewImage: { id: { S: 'x' }, v: { S: '1' } },
          OldImage: undefined,
        },
      ]);
      assert.equal(tail.NextShardIterator, undefined, 'a closed shard read to its end has no next iterator');

      await advance(1000);
      await ddb.send(
        new UpdateTableCommand({
          TableName: 'toggled',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      const secondArn = await latestArn('toggled');
      assert.notEqual(secondArn, firstArn);
      await ddb.send(new PutItemCommand({ TableName: 'toggled', Item: { id: { S: 'z' }, v: { S: '3' } } }));
      assert.deepEqual((await records(secondArn)).map(summary), [
        { event: 'INSERT', Keys: { id: { S: 'z' } }, NewImage: undefined, OldImage: undefined },
      ]);
      const both = await streams.send(new ListStreamsCommand({ TableName: 'toggled' }));
      assert.deepEqual(both.Streams!.map((stream) => stream.StreamArn).sort(), [firstArn, secondArn].sort());
    });

    test('an enabled stream needs a view type', async () => {
      const expected =
        'One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true';
      const { StreamSpecification: _, ...withoutStream } = table('noview', 'KEYS_ONLY');
      const created = await rejection(
        ddb.send(new CreateTableCommand({ ...withoutStream, StreamSpecification: { StreamEnabled: true } })),
      );
      assert.equal(created.name, 'ValidationException');
      assert.equal(created.message, expected);
      await ddb.send(new CreateTableCommand(withoutStream));
      const updated = await rejection(
        ddb.send(
          new UpdateTableCommand({ TableName: 'noview', StreamSpecification: { StreamEnabled: true } }),
        ),
      );
      assert.equal(updated.message, expected);
    });

    test('time-to-live deletions are recorded as the service’s', async () => {
      await ddb.send(new CreateTableCommand(table('expiring', 'KEYS_ONLY')));
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: 'expiring',
          TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
        }),
      );
      const nowS = nowMs / 1000;
      await ddb.send(
        new PutItemCommand({
          TableName: 'expiring',
          Item: { id: { S: 'old' }, expires: { N: String(nowS + 1) } },
        }),
      );
      await advance(5000);
      const read = await records(await latestArn('expiring'));
      assert.deepEqual(
        read.map((record) => [record.eventName, record.userIdentity]),
        [
          ['INSERT', undefined],
          ['REMOVE', { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' }],
        ],
      );
    });

    test('iterators expire after 15 minutes; records and deleted tables’ streams after 24 hours', async () => {
      await ddb.send(new CreateTableCommand(table('retained', 'KEYS_ONLY')));
      const arn = await latestArn('retained');
      await ddb.send(new PutItemCommand({ TableName: 'retained', Item: { id: { S: 'first' } } }));
      const early = await iterator(arn, 'TRIM_HORIZON');
      await advance(15 * 60 * 1000 + 1);
      assert.ok(
        (await rejection(streams.send(new GetRecordsCommand({ ShardIterator: early })))) instanceof
          ExpiredIteratorException,
      );

      const firstSeq = (await records(arn))[0]!.dynamodb!.SequenceNumber!;
      await advance(12 * 60 * 60 * 1000);
      await ddb.send(new PutItemCommand({ TableName: 'retained', Item: { id: { S: 'second' } } }));
      await advance(12 * 60 * 60 * 1000);
      // The first record is past 24 hours: trimmed; the second is kept.
      assert.deepEqual(
        (await records(arn)).map((record) => record.dynamodb!.Keys),
        [{ id: { S: 'second' } }],
      );
      const shard = await shardOf(arn);
      const atTrimmed = await rejection(
        streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            SequenceNumber: firstSeq,
          }),
        ),
      );
      assert.ok(atTrimmed instanceof TrimmedDataAccessException);

      await ddb.send(new DeleteTableCommand({ TableName: 'retained' }));
      assert.equal(
        (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.StreamStatus,
        'DISABLED',
      );
      await advance(24 * 60 * 60 * 1000 + 1);
      assert.ok(
        (await rejection(streams.send(new DescribeStreamCommand({ StreamArn: arn })))) instanceof
          ResourceNotFoundException,
      );
      const listed = await streams.send(new ListStreamsCommand({ TableName: 'retained' }));
      assert.deepEqual(listed.Streams, []);
    });
  });
}
