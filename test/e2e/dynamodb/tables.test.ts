// DynamoDB tables through @aws-sdk/client-dynamodb: create, describe with status transitions on
// an injected clock, list with paging, update throughput and indexes, tags, TTL, delete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const DELAY_MS = 5_000;

const hashTable = (TableName: string) => ({
  TableName,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
});

for (const storage of storages()) {
  describe(`DynamoDB tables (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    before(async () => {
      nubis = await startNubis({
        storage,
        manualClock: true,
        env: { NUBIS_DYNAMODB_STATUS_DELAY_MS: String(DELAY_MS) },
      });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
    });
    after(async () => {
      ddb.destroy();
      await nubis.stop();
    });

    const status = async (TableName: string) =>
      (await ddb.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus;

    test('CreateTable answers CREATING; the table is ACTIVE once the delay has passed', async () => {
      const out = await ddb.send(new CreateTableCommand(hashTable('created')));
      const table = out.TableDescription!;
      assert.equal(table.TableStatus, 'CREATING');
      assert.match(table.TableId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(table.TableArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/created');
      assert.deepEqual(table.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 5,
        WriteCapacityUnits: 5,
      });
      assert.equal(table.ItemCount, 0);
      assert.equal(await status('created'), 'CREATING');
      const again = await ddb.send(new CreateTableCommand(hashTable('created'))).catch((e: unknown) => e);
      assert.ok(again instanceof ResourceInUseException);
      assert.equal(again.message, 'Table already exists: created');
      await nubis.advanceClock(DELAY_MS);
      assert.equal(await status('created'), 'ACTIVE');
      const waited = await waitUntilTableExists(
        { client: ddb, maxWaitTime: 30, minDelay: 1 },
        { TableName: 'created' },
      );
      assert.equal(waited.state, 'SUCCESS');
    });

    test('on-demand tables and their global indexes report zero throughput', async () => {
      const out = await ddb.send(
        new CreateTableCommand({
          TableName: 'ondemand',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'N' },
          ],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byG',
              KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
        }),
      );
      const table = out.TableDescription!;
      assert.deepEqual(table.BillingModeSummary, { BillingMode: 'PAY_PER_REQUEST' });
      const index = table.GlobalSecondaryIndexes![0]!;
      assert.equal(index.IndexStatus, 'CREATING');
      assert.equal(index.IndexArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/ondemand/index/byG');
      assert.deepEqual(index.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
      await nubis.advanceClock(DELAY_MS);
      const described = await ddb.send(new DescribeTableCommand({ TableName: 'ondemand' }));
      assert.equal(described.Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus, 'ACTIVE');
    });

    test('ListTables pages in name order', async () => {
      for (const name of ['list-c', 'list-a', 'list-b'])
        await ddb.send(new CreateTableCommand(hashTable(name)));
      const first = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: 'list', Limit: 2 }));
      assert.deepEqual(first.TableNames, ['list-a', 'list-b']);
      assert.equal(first.LastEvaluatedTableName, 'list-b');
      const second = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: 'list-b', Limit: 1 }));
      assert.deepEqual(second.TableNames, ['list-c']);
      assert.equal(second.LastEvaluatedTableName, 'list-c');
      await nubis.advanceClock(DELAY_MS);
    });

    test('UpdateTable: UPDATING with the old throughput, then the new one with its dates', async () => {
      await ddb.send(new CreateTableCommand(hashTable('throughput')));
      await nubis.advanceClock(DELAY_MS);
      const increase = { ReadCapacityUnits: 15, WriteCapacityUnits: 15 };
      const out = await ddb.send(
        new UpdateTableCommand({ TableName: 'throughput', ProvisionedThroughput: increase }),
      );
      assert.equal(out.TableDescription?.TableStatus, 'UPDATING');
      assert.equal(out.TableDescription?.ProvisionedThroughput?.ReadCapacityUnits, 5);
      const askedAt = out.TableDescription!.ProvisionedThroughput!.LastIncreaseDateTime!;
      const busy = await ddb
        .send(new DeleteTableCommand({ TableName: 'throughput' }))
        .catch((e: unknown) => e);
      assert.ok(busy instanceof ResourceInUseException);
      await nubis.advanceClock(DELAY_MS);
      const settled = (await ddb.send(new DescribeTableCommand({ TableName: 'throughput' }))).Table!;
      assert.equal(settled.TableStatus, 'ACTIVE');
      assert.equal(settled.ProvisionedThroughput?.ReadCapacityUnits, 15);
      assert.ok(settled.ProvisionedThroughput!.LastIncreaseDateTime! > askedAt);
      const same = await ddb
        .send(new UpdateTableCommand({ TableName: 'throughput', ProvisionedThroughput: increase }))
        .catch((e: unknown) => e as Error);
      assert.match((same as Error).message, /^The provisioned throughput for the table will not change/);
      await ddb.send(
        new UpdateTableCommand({
          TableName: 'throughput',
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
      );
      await nubis.advanceClock(DELAY_MS);
      const decreased = (await ddb.send(new DescribeTableCommand({ TableName: 'throughput' }))).Table!;
      assert.equal(decreased.ProvisionedThroughput?.NumberOfDecreasesToday, 1);
      assert.ok(decreased.ProvisionedThroughput?.LastDecreaseDateTime);
    });

    test('tags by table ARN', async () => {
      const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/created';
      assert.deepEqual((await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, []);
      await ddb.send(
        new TagResourceCommand({
          ResourceArn: arn,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await ddb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
      assert.deepEqual((await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [
        { Key: 'b', Value: '2' },
      ]);
      const missing = await ddb
        .send(new ListTagsOfResourceCommand({ ResourceArn: `${arn}-nope` }))
        .catch((e: unknown) => e);
      assert.ok(missing instanceof ResourceNotFoundException);
      assert.equal(missing.message, `Requested resource not found: ResourcArn: ${arn}-nope not found`);
    });

    test('time to live is described as set', async () => {
      const ttl = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'created' })))
        .TimeToLiveDescription;
      assert.deepEqual(ttl, { TimeToLiveStatus: 'DISABLED' });
      const spec = { AttributeName: 'expires', Enabled: true };
      const out = await ddb.send(
        new UpdateTimeToLiveCommand({ TableName: 'created', TimeToLiveSpecification: spec }),
      );
      assert.deepEqual(out.TimeToLiveSpecification, spec);
      const enabled = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'created' })))
        .TimeToLiveDescription;
      assert.deepEqual(enabled, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
      const twice = await ddb
        .send(new UpdateTimeToLiveCommand({ TableName: 'created', TimeToLiveSpecification: spec }))
        .catch((e: unknown) => e as Error);
      assert.equal((twice as Error).message, 'TimeToLive is already enabled');
    });

    test('DeleteTable: DELETING, then gone; the name can be used again', async () => {
      await ddb.send(new CreateTableCommand(hashTable('deleted')));
      const creating = await ddb
        .send(new DeleteTableCommand({ TableName: 'deleted' }))
        .catch((e: unknown) => e);
      assert.ok(creating instanceof ResourceInUseException);
      assert.equal(
        creating.message,
        'Attempt to change a resource which is still in use: Table is being created: deleted',
      );
      await nubis.advanceClock(DELAY_MS);
      const out = await ddb.send(new DeleteTableCommand({ TableName: 'deleted' }));
      assert.equal(out.TableDescription?.TableStatus, 'DELETING');
      assert.equal(await status('deleted'), 'DELETING');
      await nubis.advanceClock(DELAY_MS);
      const gone = await ddb
        .send(new DescribeTableCommand({ TableName: 'deleted' }))
        .catch((e: unknown) => e);
      assert.ok(gone instanceof ResourceNotFoundException);
      assert.equal(gone.message, 'Requested resource not found: Table: deleted not found');
      const names = (await ddb.send(new ListTablesCommand({}))).TableNames;
      assert.ok(!names?.includes('deleted'));
      const recreated = await ddb.send(new CreateTableCommand(hashTable('deleted')));
      assert.equal(recreated.TableDescription?.TableStatus, 'CREATING');
    });
  });
}
