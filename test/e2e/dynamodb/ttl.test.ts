// Time to live on the injected clock: expired items are deleted by the sweep, others stay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const START_MS = 1_800_000_000_000;
const nowS = START_MS / 1000;

for (const storage of storages()) {
  describe(`DynamoDB time to live (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    before(async () => {
      nubis = await startNubis({ storage, manualClock: true, clockStartMs: START_MS });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
      await ddb.send(
        new CreateTableCommand({
          TableName: 'sessions',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'user', AttributeType: 'S' },
            { AttributeName: 'started', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'user', KeyType: 'HASH' },
            { AttributeName: 'started', KeyType: 'RANGE' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'byExpiry',
              KeySchema: [
                { AttributeName: 'user', KeyType: 'HASH' },
                { AttributeName: 'started', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: 'sessions',
          TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
        }),
      );
    });
    after(async () => {
      ddb.destroy();
      await nubis.stop();
    });

    test('items past their time are deleted, with their index entries; others stay', async () => {
      const put = (started: number, expires: { N: string } | { S: string } | undefined) =>
        ddb.send(
          new PutItemCommand({
            TableName: 'sessions',
            Item: { user: { S: 'u' }, started: { N: String(started) }, ...(expires ? { expires } : {}) },
          }),
        );
      await put(1, { N: String(nowS + 5) }); // expires 5 s from now
      await put(2, { N: String(nowS + 3600) }); // in an hour
      await put(3, { S: String(nowS) }); // not a number: never expires
      await put(4, undefined);
      await put(5, { N: String(nowS - 6 * 365 * 24 * 3600) }); // more than five years ago: ignored
      await nubis.advanceClock(10_000);
      const key = (started: number) => ({ user: { S: 'u' }, started: { N: String(started) } });
      const left = await Promise.all(
        [1, 2, 3, 4, 5].map(async (started) =>
          (await ddb.send(new GetItemCommand({ TableName: 'sessions', Key: key(started) }))).Item
            ? started
            : undefined,
        ),
      );
      assert.deepEqual(left.filter(Boolean), [2, 3, 4, 5]);
      const indexed = await ddb.send(
        new QueryCommand({
          TableName: 'sessions',
          IndexName: 'byExpiry',
          KeyConditionExpression: '#u = :u',
          ExpressionAttributeNames: { '#u': 'user' },
          ExpressionAttributeValues: { ':u': { S: 'u' } },
        }),
      );
      assert.deepEqual(
        indexed.Items?.map((item) => item.started!.N),
        ['2', '3', '4', '5'],
      );
    });

    test('enabling TTL on a table with items expires the items already there', async () => {
      await ddb.send(
        new CreateTableCommand({
          TableName: 'older',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const at = nowS + 10; // the clock as the test before left it
      for (const [id, until] of [
        ['gone', at - 10],
        ['kept', at + 3600],
      ] as const) {
        await ddb.send(
          new PutItemCommand({ TableName: 'older', Item: { id: { S: id }, until: { N: String(until) } } }),
        );
      }
      await nubis.advanceClock(10_000);
      const present = async (id: string) =>
        (await ddb.send(new GetItemCommand({ TableName: 'older', Key: { id: { S: id } } }))).Item !==
        undefined;
      assert.ok(await present('gone'), 'TTL is off: nothing expires');
      await ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: 'older',
          TimeToLiveSpecification: { AttributeName: 'until', Enabled: true },
        }),
      );
      // The backfill (on PostgreSQL a second after the change) and a sweep both fall due in the
      // first move; the sweep of the second sees what the backfill did.
      await nubis.advanceClock(10_000);
      await nubis.advanceClock(10_000);
      assert.equal(await present('gone'), false);
      assert.equal(await present('kept'), true);
    });
  });
}
