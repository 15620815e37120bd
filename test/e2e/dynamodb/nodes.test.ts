// Two Nubis nodes on one PostgreSQL database serve one set of DynamoDB tables: writes through
// either are seen by both, writers of one key on different nodes are serialised (conditional puts,
// counters, transaction tokens), the stream numbers every node's writes in one order, and a table
// changed through one node is seen by the other when it hears of it (the nodes' manual clocks
// stand still, so the cached definition would never lapse on its own).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const ROUNDS = 20;

describe('DynamoDB on two nodes sharing PostgreSQL', { skip: !storages().includes('postgres') }, () => {
  let database: TestDatabase;
  let nodes: NubisProcess[] = [];
  let clients: DynamoDBClient[] = [];

  before(async () => {
    database = await createTestDatabase();
    const clockStartMs = Date.UTC(2026, 11, 7);
    nodes = await Promise.all(
      [0, 1].map(() =>
        startNubis({ storage: 'postgres', postgresUrl: database.url, manualClock: true, clockStartMs }),
      ),
    );
    clients = nodes.map((node) => new DynamoDBClient(sdkConfig(node.endpoint)));
    await clients[0]!.send(
      new CreateTableCommand({
        TableName: 'shared',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
  });
  after(async () => {
    clients.forEach((client) => client.destroy());
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
  });

  test('an item written through one node is read through the other', async () => {
    await clients[0]!.send(
      new PutItemCommand({ TableName: 'shared', Item: { id: { S: 'seen' }, v: { N: '1' } } }),
    );
    const got = await clients[1]!.send(
      new GetItemCommand({ TableName: 'shared', Key: { id: { S: 'seen' } } }),
    );
    assert.deepEqual(got.Item, { id: { S: 'seen' }, v: { N: '1' } });
  });

  test('of two nodes putting a new key under attribute_not_exists, exactly one wins', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.allSettled(
        clients.map((client, node) =>
          client.send(
            new PutItemCommand({
              TableName: 'shared',
              Item: { id: { S: `race-${round}` }, node: { N: String(node) } },
              ConditionExpression: 'attribute_not_exists(id)',
            }),
          ),
        ),
      );
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, `round ${round}`);
      const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof ConditionalCheckFailedException);
    }
  });

  test('counters updated through both nodes at once lose no increment', async () => {
    await Promise.all(
      Array.from({ length: ROUNDS * 2 }, (_, i) =>
        clients[i % 2]!.send(
          new UpdateItemCommand({
            TableName: 'shared',
            Key: { id: { S: 'counter' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      ),
    );
    const got = await clients[0]!.send(
      new GetItemCommand({ TableName: 'shared', Key: { id: { S: 'counter' } } }),
    );
    assert.equal(got.Item?.n?.N, String(ROUNDS * 2));
  });

  test('one ClientRequestToken sent to both nodes at once applies once', async () => {
    const request = {
      ClientRequestToken: 'both-nodes',
      TransactItems: [
        {
          Update: {
            TableName: 'shared',
            Key: { id: { S: 'once' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    };
    await Promise.all(
      clients.flatMap((client) => [0, 1].map(() => client.send(new TransactWriteItemsCommand(request)))),
    );
    const got = await clients[1]!.send(
      new GetItemCommand({ TableName: 'shared', Key: { id: { S: 'once' } } }),
    );
    assert.equal(got.Item?.n?.N, '1');
  });

  test('the stream holds every node’s writes, numbered in one order', async () => {
    const streams = new DynamoDBStreamsClient(sdkConfig(nodes[1]!.endpoint));
    try {
      const { Table } = await clients[0]!.send(new DescribeTableCommand({ TableName: 'shared' }));
      const arn = Table!.LatestStreamArn!;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: StreamDescription!.Shards![0]!.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const records = [];
      let iterator = ShardIterator;
      for (;;) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (page.Records!.length === 0) break;
        records.push(...page.Records!);
        iterator = page.NextShardIterator;
      }
      // 1 item, ROUNDS race winners, ROUNDS * 2 counter changes, one transaction.
      assert.equal(records.length, 1 + ROUNDS + ROUNDS * 2 + 1);
      const numbers = records.map((record) => BigInt(record.dynamodb!.SequenceNumber!));
      assert.ok(
        numbers.every((number, i) => i === 0 || number > numbers[i - 1]!),
        'strictly increasing',
      );
      const counts = records
        .filter((record) => record.dynamodb!.Keys!.id!.S === 'counter')
        .map((record) => Number(record.dynamodb!.NewImage!.n!.N));
      assert.deepEqual(
        counts,
        Array.from({ length: ROUNDS * 2 }, (_, i) => i + 1),
        'per item, in write order',
      );
    } finally {
      streams.destroy();
    }
  });

  test('a stream enabled through one node records the other node’s next writes', async () => {
    await clients[0]!.send(
      new CreateTableCommand({
        TableName: 'late',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    // The second node now holds the table's definition, without a stream, in its cache.
    await clients[1]!.send(new PutItemCommand({ TableName: 'late', Item: { id: { S: 'before' } } }));
    await clients[0]!.send(
      new UpdateTableCommand({
        TableName: 'late',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    const streams = new DynamoDBStreamsClient(sdkConfig(nodes[0]!.endpoint));
    try {
      // A waiter: the announcement reaches the second node through PostgreSQL's notifications.
      let recorded: string[] = [];
      for (let attempt = 0; attempt < 200 && recorded.length === 0; attempt += 1) {
        await clients[1]!.send(
          new PutItemCommand({ TableName: 'late', Item: { id: { S: `after-${attempt}` } } }),
        );
        recorded = await streamKeys(streams, 'late');
        if (recorded.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(recorded.length > 0, 'the second node never wrote a stream record');
      assert.ok(recorded.every((id) => id.startsWith('after-')));
    } finally {
      streams.destroy();
    }
  });

  /** The item keys of every record in the table's stream. */
  async function streamKeys(streams: DynamoDBStreamsClient, table: string): Promise<string[]> {
    const { Table } = await clients[0]!.send(new DescribeTableCommand({ TableName: table }));
    const arn = Table!.LatestStreamArn!;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: StreamDescription!.Shards![0]!.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
    return page.Records!.map((record) => record.dynamodb!.Keys!.id!.S!);
  }
});
