// JSON 1.0 (DynamoDB) and 1.1 (CloudWatch Logs) through the official clients: recursive shapes,
// blobs, epoch-seconds timestamps, longs, and namespaced error types.
import { test, before, after } from 'node:test';
import { crc32 } from 'node:zlib';
import assert from 'node:assert/strict';
import {
  DynamoDBClient,
  PutItemCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  CloudWatchLogsClient,
  PutLogEventsCommand,
  DescribeLogGroupsCommand,
  ResourceAlreadyExistsException,
  CreateLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsError, clientConfig, startHarness, type Harness } from './harness.js';

let ddbHarness: Harness;
let logsHarness: Harness;
let ddb: DynamoDBClient;
let logs: CloudWatchLogsClient;

before(async () => {
  ddbHarness = await startHarness('dynamodb-2012-08-10.min.json');
  logsHarness = await startHarness('logs-2014-03-28.min.json');
  ddb = new DynamoDBClient(clientConfig(ddbHarness));
  logs = new CloudWatchLogsClient(clientConfig(logsHarness));
});
after(async () => {
  ddb.destroy();
  logs.destroy();
  await ddbHarness.close();
  await logsHarness.close();
});

test('DynamoDB PutItem: the service receives the wire JSON and its output leaves as it is', async () => {
  const item = {
    pk: { S: 'user#1' },
    n: { N: '12.5' },
    b: { B: new Uint8Array([1, 2, 3]) },
    flag: { BOOL: false },
    none: { NULL: true },
    list: { L: [{ S: 'a' }, { M: { deep: { SS: ['x', 'y'] } } }] },
    __proto__like: { M: { ['__proto__']: { S: 'not a prototype' } } },
  };
  // DynamoDB's wire form: binary as base64 text.
  ddbHarness.respond('PutItem', {
    Attributes: { pk: { S: 'old' }, bin: { BS: [Buffer.from('z').toString('base64')] } },
  });
  const out = await ddb.send(
    new PutItemCommand({
      TableName: 't',
      Item: item,
      ReturnValues: 'ALL_OLD',
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  const input = ddbHarness.last().input as { Item: Record<string, any> };
  assert.equal(input.Item.n.N, '12.5');
  assert.equal(input.Item.b.B, Buffer.from([1, 2, 3]).toString('base64'));
  assert.equal(input.Item.flag.BOOL, false);
  assert.equal(input.Item.none.NULL, true);
  assert.deepEqual(input.Item.list.L[1].M.deep.SS, ['x', 'y']);
  // A member named __proto__ is data, not the object's prototype.
  const proto = input.Item.__proto__like.M;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, { S: 'not a prototype' });
  assert.equal(({} as Record<string, unknown>).S, undefined);
  assert.equal(out.Attributes?.pk?.S, 'old');
  assert.deepEqual(Buffer.from(out.Attributes?.bin?.BS?.[0] ?? []), Buffer.from('z'));
});

test('DynamoDB DescribeTable: epoch-seconds timestamps arrive as Dates', async () => {
  const created = new Date('2024-05-06T07:08:09.123Z');
  ddbHarness.respond('DescribeTable', {
    Table: {
      TableName: 't',
      CreationDateTime: created.getTime() / 1000,
      ItemCount: 2 ** 40,
      ProvisionedThroughput: { LastIncreaseDateTime: created.getTime() / 1000, ReadCapacityUnits: 5 },
    },
  });
  const out = await ddb.send(new DescribeTableCommand({ TableName: 't' }));
  assert.equal(out.Table?.CreationDateTime?.toISOString(), created.toISOString());
  assert.equal(out.Table?.ProvisionedThroughput?.LastIncreaseDateTime?.toISOString(), created.toISOString());
  assert.equal(out.Table?.ItemCount, 2 ** 40);
});

test('DynamoDB errors carry the service namespace, become the modeled class, and carry a CRC32', async () => {
  ddbHarness.respond(
    'DescribeTable',
    new AwsError('ResourceNotFoundException', 'Requested resource not found'),
  );
  const error = await ddb.send(new DescribeTableCommand({ TableName: 'x' })).catch((e: unknown) => e);
  assert.ok(error instanceof ResourceNotFoundException);
  assert.equal(error.message, 'Requested resource not found');
  assert.equal(error.$metadata.requestId, ddbHarness.lastRequestId);
  const res = await fetch(ddbHarness.endpoint, {
    method: 'POST',
    headers: {
      'x-amz-target': 'DynamoDB_20120810.DescribeTable',
      'content-type': 'application/x-amz-json-1.0',
    },
    body: '{"TableName":"x"}',
  });
  const text = await res.text();
  assert.equal(res.headers.get('x-amz-crc32'), String(crc32(text)));
  const body = JSON.parse(text) as Record<string, string>;
  assert.equal(body.__type, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
});

test('CloudWatch Logs (JSON 1.1): lists of structures with longs, and outputs', async () => {
  logsHarness.respond('PutLogEvents', {
    nextSequenceToken: 'tok',
    rejectedLogEventsInfo: { tooOldLogEventEndIndex: 1 },
  });
  const now = Date.now();
  const out = await logs.send(
    new PutLogEventsCommand({
      logGroupName: 'g',
      logStreamName: 's',
      logEvents: [
        { timestamp: now, message: 'one' },
        { timestamp: now + 1, message: 'two' },
      ],
    }),
  );
  assert.deepEqual(logsHarness.last().input, {
    logGroupName: 'g',
    logStreamName: 's',
    logEvents: [
      { timestamp: now, message: 'one' },
      { timestamp: now + 1, message: 'two' },
    ],
  });
  assert.equal(logsHarness.last().request.headers['content-type'], 'application/x-amz-json-1.1');
  assert.equal(out.rejectedLogEventsInfo?.tooOldLogEventEndIndex, 1);
  logsHarness.respond('DescribeLogGroups', {
    logGroups: [{ logGroupName: 'g', creationTime: now, retentionInDays: 7, storedBytes: 0 }],
  });
  const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'g', limit: 5 }));
  assert.deepEqual(logsHarness.last().input, { logGroupNamePrefix: 'g', limit: 5 });
  assert.equal(groups.logGroups?.[0]?.creationTime, now);
});

test('CloudWatch Logs errors', async () => {
  logsHarness.respond(
    'CreateLogGroup',
    new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists'),
  );
  const error = await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' })).catch((e: unknown) => e);
  assert.ok(error instanceof ResourceAlreadyExistsException);
  assert.equal(error.message, 'The specified log group already exists');
  assert.equal(error.$metadata.httpStatusCode, 400);
});
