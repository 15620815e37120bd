// DynamoDB items through @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb, on both storages:
// writes with conditions and return values, queries and scans (pages, segments, indexes), batches,
// a global index added to a table with items, DynamoDB's errors, and durability across kill -9.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand as DocumentQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const orders = {
  TableName: 'orders',
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    { AttributeName: 'customer', AttributeType: 'S' as const },
    { AttributeName: 'id', AttributeType: 'N' as const },
    { AttributeName: 'status', AttributeType: 'S' as const },
  ],
  KeySchema: [
    { AttributeName: 'customer', KeyType: 'HASH' as const },
    { AttributeName: 'id', KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byStatus',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }],
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    },
  ],
};

for (const storage of storages()) {
  describe(`DynamoDB items (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    let doc: DynamoDBDocumentClient;
    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
      doc = DynamoDBDocumentClient.from(ddb);
      await ddb.send(new CreateTableCommand(orders));
      // 30 orders of 3 customers; every third one is shipped (the index is sparse: the others have no status).
      for (let id = 1; id <= 30; id++) {
        const status = id % 3 === 0 ? { status: 'shipped' } : {};
        await doc.send(
          new PutCommand({
            TableName: 'orders',
            Item: { customer: `c${id % 3}`, id, total: id * 10, ...status },
          }),
        );
      }
    });
    after(async () => {
      ddb.destroy();
      await nubis.stop();
    });

    test('put, get, update and delete with conditions and return values', async () => {
      const key = { customer: 'alice', id: 1 };
      await doc.send(new PutCommand({ TableName: 'orders', Item: { ...key, items: ['book'], total: 12.5 } }));
      const refused = await doc
        .send(
          new PutCommand({
            TableName: 'orders',
            Item: key,
            ConditionExpression: 'attribute_not_exists(customer)',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(refused instanceof ConditionalCheckFailedException);
      assert.equal(refused.message, 'The conditional request failed');
      const updated = await doc
        .send(
          new UpdateCommand({
            TableName: 'orders',
            Key: key,
            UpdateExpression:
              'SET #total = #total + :more, #items = list_append(#items, :new), notes.opening = if_not_exists(notes.opening, :note) REMOVE absent',
            ConditionExpression: '#total < :limit',
            ExpressionAttributeNames: { '#items': 'items', '#total': 'total' },
            ExpressionAttributeValues: { ':more': 0.25, ':new': ['pen'], ':limit': 100, ':note': 'x' },
            ReturnValues: 'UPDATED_NEW',
          }),
        )
        .catch((e: unknown) => e as Error);
      // notes does not exist, so notes.first is an invalid path: DynamoDB refuses the whole update.
      assert.equal(
        (updated as Error).message,
        'The document path provided in the update expression is invalid for update',
      );
      const ok = await doc.send(
        new UpdateCommand({
          TableName: 'orders',
          Key: key,
          UpdateExpression: 'SET #total = #total + :more, #items = list_append(#items, :new) ADD tags :tag',
          ExpressionAttributeNames: { '#items': 'items', '#total': 'total' },
          ExpressionAttributeValues: { ':more': 0.25, ':new': ['pen'], ':tag': new Set(['gift']) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      assert.deepEqual(ok.Attributes, { total: 12.75, items: ['book', 'pen'], tags: new Set(['gift']) });
      const got = await doc.send(
        new GetCommand({
          TableName: 'orders',
          Key: key,
          ProjectionExpression: '#items[1], #total',
          ExpressionAttributeNames: { '#items': 'items', '#total': 'total' },
        }),
      );
      assert.deepEqual(got.Item, { items: ['pen'], total: 12.75 });
      const deleted = await doc.send(
        new DeleteCommand({ TableName: 'orders', Key: key, ReturnValues: 'ALL_OLD' }),
      );
      assert.equal(deleted.Attributes?.total, 12.75);
      assert.equal((await doc.send(new GetCommand({ TableName: 'orders', Key: key }))).Item, undefined);
    });

    test('of concurrent conditional puts of a new key exactly one succeeds', async () => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          ddb.send(
            new PutItemCommand({
              TableName: 'orders',
              Item: { customer: { S: 'race' }, id: { N: '1' }, writer: { N: String(i) } },
              ConditionExpression: 'attribute_not_exists(customer)',
            }),
          ),
        ),
      );
      const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const attempt of attempts) {
        if (attempt.status === 'rejected')
          assert.ok(attempt.reason instanceof ConditionalCheckFailedException);
      }
    });

    test('numbers keep 38 digits and are returned normalised', async () => {
      const big = '12345678901234567890123456789012345678';
      await ddb.send(
        new PutItemCommand({
          TableName: 'orders',
          Item: { customer: { S: 'n' }, id: { N: '007.50' }, big: { N: big } },
        }),
      );
      const got = await ddb.send(
        new GetItemCommand({ TableName: 'orders', Key: { customer: { S: 'n' }, id: { N: '7.5' } } }),
      );
      assert.deepEqual(got.Item?.id, { N: '7.5' });
      assert.deepEqual(got.Item?.big, { N: big });
    });

    test('Query: key conditions in number order, filters, reverse order and pages', async () => {
      const all = await doc.send(
        new DocumentQuery({
          TableName: 'orders',
          KeyConditionExpression: 'customer = :c AND id BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':c': 'c1', ':low': 4, ':high': 22 },
        }),
      );
      assert.deepEqual(
        all.Items?.map((item) => item.id),
        [4, 7, 10, 13, 16, 19, 22],
      );
      const filtered = await doc.send(
        new DocumentQuery({
          TableName: 'orders',
          KeyConditionExpression: 'customer = :c',
          FilterExpression: '#total > :t',
          ExpressionAttributeNames: { '#total': 'total' },
          ExpressionAttributeValues: { ':c': 'c1', ':t': 200 },
          ScanIndexForward: false,
        }),
      );
      assert.deepEqual(
        filtered.Items?.map((item) => item.id),
        [28, 25, 22],
      );
      assert.equal(filtered.ScannedCount, 10);
      const pages: number[][] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new DocumentQuery({
            TableName: 'orders',
            KeyConditionExpression: 'customer = :c',
            ExpressionAttributeValues: { ':c': 'c2' },
            Limit: 4,
            ExclusiveStartKey: start,
          }),
        );
        pages.push(page.Items!.map((item) => item.id as number));
        start = page.LastEvaluatedKey;
      } while (start);
      assert.deepEqual(pages, [[2, 5, 8, 11], [14, 17, 20, 23], [26, 29], []].slice(0, pages.length));
      assert.deepEqual(pages.flat(), [2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
    });

    test('a sparse global index holds only the items with its key', async () => {
      const shipped = await ddb.send(
        new QueryCommand({
          TableName: 'orders',
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'shipped' } },
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );
      assert.equal(shipped.Count, 10);
      // KEYS_ONLY: table key and index key.
      assert.deepEqual(Object.keys(shipped.Items![0]!).sort(), ['customer', 'id', 'status']);
      assert.ok(shipped.ConsumedCapacity?.GlobalSecondaryIndexes?.byStatus);
    });

    test('parallel scan segments partition the table', async () => {
      const seen: string[] = [];
      for (let segment = 0; segment < 4; segment++) {
        const page = await ddb.send(
          new ScanCommand({ TableName: 'orders', Segment: segment, TotalSegments: 4 }),
        );
        for (const item of page.Items ?? []) seen.push(`${item.customer!.S}/${item.id!.N}`);
      }
      const whole = await ddb.send(new ScanCommand({ TableName: 'orders', Select: 'COUNT' }));
      assert.equal(seen.length, whole.Count);
      assert.equal(new Set(seen).size, seen.length);
    });

    test('batches: write and get, with duplicates refused', async () => {
      const puts = Array.from({ length: 25 }, (_, i) => ({
        PutRequest: {
          Item: { customer: { S: 'batch' }, id: { N: String(i) } } as Record<string, AttributeValue>,
        },
      }));
      const written = await ddb.send(new BatchWriteItemCommand({ RequestItems: { orders: puts } }));
      assert.deepEqual(written.UnprocessedItems, {});
      const got = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            orders: {
              Keys: [
                { customer: 'batch', id: 3 },
                { customer: 'batch', id: 99 },
              ],
            },
          },
        }),
      );
      assert.deepEqual(got.Responses?.orders, [{ customer: 'batch', id: 3 }]);
      const twice = await ddb
        .send(new BatchWriteItemCommand({ RequestItems: { orders: [puts[0]!, puts[0]!] } }))
        .catch((e: unknown) => e as Error);
      assert.equal((twice as Error).message, 'Provided list of item keys contains duplicates');
    });

    test('a BatchGetItem past 16 MB returns the keys it had no room for as UnprocessedKeys', async () => {
      const big = 'x'.repeat(399_000);
      const ids = Array.from({ length: 44 }, (_, i) => i); // 44 × 399 KB > 16 MB
      for (const id of ids) {
        await doc.send(new PutCommand({ TableName: 'orders', Item: { customer: 'big', id, big } }));
      }
      const keys = ids.map((id) => ({ customer: 'big', id }));
      const first = await doc.send(
        new BatchGetCommand({ RequestItems: { orders: { Keys: keys, ProjectionExpression: 'id, big' } } }),
      );
      const got = first.Responses!.orders!.length;
      const left = first.UnprocessedKeys!.orders!;
      assert.ok(got > 0 && got < 44, `${got} items in the first answer`);
      assert.equal(left.Keys!.length, 44 - got);
      assert.equal(left.ProjectionExpression, 'id, big', 'the request is repeated with its parameters');
      const second = await doc.send(new BatchGetCommand({ RequestItems: { orders: left } }));
      assert.deepEqual(second.UnprocessedKeys, {});
      const all = [...first.Responses!.orders!, ...second.Responses!.orders!]
        .map((item) => item.id)
        .sort((a, b) => a - b);
      assert.deepEqual(all, ids);
    });

    test('bad input gets DynamoDB’s own messages', async () => {
      const cases: [Record<string, AttributeValue>, string][] = [
        [
          { customer: { S: 'x' }, id: { N: '1' }, s: { SS: [] } },
          'One or more parameter values were invalid: An string set  may not be empty',
        ],
        [
          { customer: { S: 'x' }, id: { N: 'abc' } },
          'The parameter cannot be converted to a numeric value: abc',
        ],
        [
          { customer: { S: 'x' } },
          'One or more parameter values were invalid: Missing the key id in the item',
        ],
        [
          { customer: { N: '1' }, id: { N: '1' } },
          'One or more parameter values were invalid: Type mismatch for key customer expected: S actual: N',
        ],
      ];
      for (const [Item, message] of cases) {
        const error = await ddb
          .send(new PutItemCommand({ TableName: 'orders', Item }))
          .catch((e: unknown) => e as Error);
        assert.equal((error as Error).message, message);
      }
      const reserved = await ddb
        .send(
          new GetItemCommand({
            TableName: 'orders',
            Key: { customer: { S: 'x' }, id: { N: '1' } },
            ProjectionExpression: 'status',
          }),
        )
        .catch((e: unknown) => e as Error);
      assert.equal(
        (reserved as Error).message,
        'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status',
      );
    });

    test('a global index added later is backfilled from the items already there', async () => {
      await ddb.send(
        new UpdateTableCommand({
          TableName: 'orders',
          AttributeDefinitions: [{ AttributeName: 'total', AttributeType: 'N' }],
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: 'byTotal',
                KeySchema: [{ AttributeName: 'total', KeyType: 'HASH' }],
                Projection: { ProjectionType: 'ALL' },
              },
            },
          ],
        }),
      );
      // The backfill is a job; advancing the clock runs what is due and waits for it.
      await nubis.advanceClock(2_000);
      const table = (await ddb.send(new DescribeTableCommand({ TableName: 'orders' }))).Table!;
      const index = table.GlobalSecondaryIndexes!.find((candidate) => candidate.IndexName === 'byTotal')!;
      assert.equal(index.IndexStatus, 'ACTIVE');
      const found = await ddb.send(
        new QueryCommand({
          TableName: 'orders',
          IndexName: 'byTotal',
          KeyConditionExpression: '#t = :t',
          ExpressionAttributeNames: { '#t': 'total' },
          ExpressionAttributeValues: { ':t': { N: '150' } },
        }),
      );
      assert.deepEqual(
        found.Items?.map((item) => item.id!.N),
        ['15'],
      );
    });
  });
}

describe('DynamoDB durability', () => {
  test('an acknowledged write survives kill -9 (sqlite)', async () => {
    const first = await startNubis({ storage: 'sqlite' });
    const client = new DynamoDBClient(sdkConfig(first.endpoint));
    await client.send(
      new CreateTableCommand({
        ...orders,
        AttributeDefinitions: orders.AttributeDefinitions.slice(0, 2),
        GlobalSecondaryIndexes: undefined,
      }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'k' }, id: { N: '1' } } }),
    );
    client.destroy();
    await first.kill();
    const second = await startNubis({ storage: 'sqlite', dataDir: first.dataDir });
    const again = new DynamoDBClient(sdkConfig(second.endpoint));
    const got = await again.send(
      new GetItemCommand({ TableName: 'orders', Key: { customer: { S: 'k' }, id: { N: '1' } } }),
    );
    assert.deepEqual(got.Item, { customer: { S: 'k' }, id: { N: '1' } });
    again.destroy();
    await second.stop();
  });
});
