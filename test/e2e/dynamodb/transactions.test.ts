// DynamoDB transactions through @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb, on both
// storages: all-or-nothing writes across tables, cancellation reasons per action, ClientRequestToken
// idempotency on the injected clock, reads at one moment, and DynamoDB's errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DynamoDBClient,
  IdempotentParameterMismatchException,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';

const accounts = {
  TableName: 'accounts',
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' as const },
    { AttributeName: 'owner', AttributeType: 'S' as const },
  ],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byOwner',
      KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' as const }],
      Projection: { ProjectionType: 'ALL' as const },
    },
  ],
};

const ledger = {
  TableName: 'ledger',
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    { AttributeName: 'account', AttributeType: 'S' as const },
    { AttributeName: 'seq', AttributeType: 'N' as const },
  ],
  KeySchema: [
    { AttributeName: 'account', KeyType: 'HASH' as const },
    { AttributeName: 'seq', KeyType: 'RANGE' as const },
  ],
};

/** A transfer between two accounts that refuses to overdraw, with a ledger entry. */
function transfer(from: string, to: string, amount: number, seq: number) {
  return [
    {
      Update: {
        TableName: 'accounts',
        Key: { id: from },
        UpdateExpression: 'SET balance = balance - :amount',
        ConditionExpression: 'balance >= :amount',
        ExpressionAttributeValues: { ':amount': amount },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    {
      Update: {
        TableName: 'accounts',
        Key: { id: to },
        UpdateExpression: 'SET balance = balance + :amount',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeValues: { ':amount': amount },
      },
    },
    {
      Put: {
        TableName: 'ledger',
        Item: { account: from, seq, amount: -amount },
        ConditionExpression: 'attribute_not_exists(seq)',
      },
    },
  ];
}

for (const storage of storages()) {
  describe(`DynamoDB transactions (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    let doc: DynamoDBDocumentClient;
    const balance = async (id: string) =>
      (await doc.send(new GetCommand({ TableName: 'accounts', Key: { id } }))).Item?.balance;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
      doc = DynamoDBDocumentClient.from(ddb);
      await ddb.send(new CreateTableCommand(accounts));
      await ddb.send(new CreateTableCommand(ledger));
      await doc.send(
        new PutCommand({ TableName: 'accounts', Item: { id: 'a', owner: 'ann', balance: 100 } }),
      );
      await doc.send(new PutCommand({ TableName: 'accounts', Item: { id: 'b', owner: 'bob', balance: 0 } }));
    });
    after(async () => {
      ddb.destroy();
      await nubis.stop();
    });

    test('a transaction writes to several tables and their indexes at once', async () => {
      const out = await doc.send(
        new TransactWriteCommand({
          TransactItems: transfer('a', 'b', 30, 1),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      assert.deepEqual(await balance('a'), 70);
      assert.deepEqual(await balance('b'), 30);
      const entry = await doc.send(new GetCommand({ TableName: 'ledger', Key: { account: 'a', seq: 1 } }));
      assert.deepEqual(entry.Item, { account: 'a', seq: 1, amount: -30 });
      const byOwner = await doc.send(
        new QueryCommand({
          TableName: 'accounts',
          IndexName: 'byOwner',
          KeyConditionExpression: '#o = :o',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':o': 'bob' },
        }),
      );
      assert.deepEqual(byOwner.Items, [{ id: 'b', owner: 'bob', balance: 30 }]);
      // Transactional writes cost two units per KB: two accounts (each also written to the index)
      // and one ledger entry.
      assert.deepEqual(
        out.ConsumedCapacity?.map(({ TableName, CapacityUnits, WriteCapacityUnits }) => ({
          TableName,
          CapacityUnits,
          WriteCapacityUnits,
        })),
        [
          { TableName: 'accounts', CapacityUnits: 8, WriteCapacityUnits: 8 },
          { TableName: 'ledger', CapacityUnits: 2, WriteCapacityUnits: 2 },
        ],
      );
    });

    test('a failed condition cancels every action, with a reason for each', async () => {
      const error = await rejection(
        doc.send(new TransactWriteCommand({ TransactItems: transfer('b', 'a', 500, 2) })),
      );
      assert.ok(error instanceof TransactionCanceledException);
      assert.equal(
        error.message,
        'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]',
      );
      assert.deepEqual(error.CancellationReasons, [
        {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          Item: { id: { S: 'b' }, owner: { S: 'bob' }, balance: { N: '30' } },
        },
        { Code: 'None' },
        { Code: 'None' },
      ]);
      assert.equal(await balance('a'), 70);
      assert.equal(await balance('b'), 30);
      const entry = await doc.send(new GetCommand({ TableName: 'ledger', Key: { account: 'b', seq: 2 } }));
      assert.equal(entry.Item, undefined);
    });

    test('condition checks, deletes and errors that depend on the stored item', async () => {
      await doc.send(new PutCommand({ TableName: 'ledger', Item: { account: 'x', seq: 1, note: 'text' } }));
      const error = await rejection(
        doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: 'accounts',
                  Key: { id: 'a' },
                  ConditionExpression: 'balance > :z',
                  ExpressionAttributeValues: { ':z': 1000 },
                },
              },
              {
                Update: {
                  TableName: 'ledger',
                  Key: { account: 'x', seq: 1 },
                  UpdateExpression: 'SET note = note + :one',
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
              { Delete: { TableName: 'accounts', Key: { id: 'b' } } },
            ],
          }),
        ),
      );
      assert.ok(error instanceof TransactionCanceledException);
      assert.deepEqual(error.CancellationReasons, [
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        {
          Code: 'ValidationError',
          Message: 'An operand in the update expression has an incorrect data type',
        },
        { Code: 'None' },
      ]);
      assert.equal(await balance('b'), 30);

      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: 'accounts',
                Key: { id: 'a' },
                ConditionExpression: 'balance = :b',
                ExpressionAttributeValues: { ':b': 70 },
              },
            },
            { Delete: { TableName: 'ledger', Key: { account: 'x', seq: 1 } } },
          ],
        }),
      );
      const gone = await doc.send(new GetCommand({ TableName: 'ledger', Key: { account: 'x', seq: 1 } }));
      assert.equal(gone.Item, undefined);
    });

    test('a ClientRequestToken applies a transaction once for ten minutes', async () => {
      const request = { TransactItems: transfer('a', 'b', 5, 10), ClientRequestToken: 'transfer-10' };
      await doc.send(new TransactWriteCommand(request));
      const replay = await doc.send(
        new TransactWriteCommand({ ...request, ReturnConsumedCapacity: 'TOTAL' }),
      );
      assert.equal(await balance('a'), 65);
      // A replay writes nothing: DynamoDB reports transactional reads of the items.
      assert.deepEqual(
        replay.ConsumedCapacity?.map(({ TableName, ReadCapacityUnits }) => ({
          TableName,
          ReadCapacityUnits,
        })),
        [
          { TableName: 'accounts', ReadCapacityUnits: 4 },
          { TableName: 'ledger', ReadCapacityUnits: 2 },
        ],
      );
      const mismatch = await rejection(
        doc.send(
          new TransactWriteCommand({
            TransactItems: transfer('a', 'b', 6, 11),
            ClientRequestToken: 'transfer-10',
          }),
        ),
      );
      assert.ok(mismatch instanceof IdempotentParameterMismatchException);

      // After the window the token is forgotten and the same request is a new transaction.
      await nubis.advanceClock(10 * 60 * 1000 + 1);
      const again = await rejection(doc.send(new TransactWriteCommand(request)));
      assert.ok(
        again instanceof TransactionCanceledException,
        'the ledger entry exists: a new transaction is refused',
      );
      await doc.send(
        new TransactWriteCommand({
          TransactItems: transfer('a', 'b', 6, 11),
          ClientRequestToken: 'transfer-10',
        }),
      );
      assert.equal(await balance('a'), 59);
    });

    test('a cancelled transaction records no token: its retry runs', async () => {
      const request = { TransactItems: transfer('b', 'a', 1000, 20), ClientRequestToken: 'retry-me' };
      assert.ok(
        (await rejection(doc.send(new TransactWriteCommand(request)))) instanceof
          TransactionCanceledException,
      );
      assert.ok(
        (await rejection(doc.send(new TransactWriteCommand(request)))) instanceof
          TransactionCanceledException,
      );
    });

    test('concurrent transactions neither lose nor repeat a write', async () => {
      await doc.send(new PutCommand({ TableName: 'accounts', Item: { id: 'c', owner: 'cy', balance: 10 } }));
      await doc.send(new PutCommand({ TableName: 'accounts', Item: { id: 'd', owner: 'di', balance: 10 } }));
      // Transfers both ways at once (opposite lock orders), and one token sent four times.
      const transfers = Array.from({ length: 16 }, (_, i) =>
        doc.send(
          new TransactWriteCommand({
            TransactItems: i % 2 ? transfer('c', 'd', 1, 100 + i) : transfer('d', 'c', 1, 100 + i),
          }),
        ),
      );
      const sameToken = Array.from({ length: 4 }, () =>
        doc.send(
          new TransactWriteCommand({ TransactItems: transfer('c', 'd', 2, 200), ClientRequestToken: 'once' }),
        ),
      );
      const results = await Promise.allSettled([...transfers, ...sameToken]);
      assert.deepEqual(
        results.filter((result) => result.status === 'rejected'),
        [],
      );
      assert.equal(await balance('c'), 8);
      assert.equal(await balance('d'), 12);
    });

    test('TransactGetItems reads items of several tables in request order', async () => {
      const out = await doc.send(
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: 'accounts', Key: { id: 'b' }, ProjectionExpression: 'balance' } },
            { Get: { TableName: 'ledger', Key: { account: 'nobody', seq: 1 } } },
            { Get: { TableName: 'accounts', Key: { id: 'a' } } },
          ],
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      assert.deepEqual(out.Responses, [
        { Item: { balance: 41 } },
        {},
        { Item: { id: 'a', owner: 'ann', balance: 59 } },
      ]);
      assert.deepEqual(out.ConsumedCapacity, [
        { TableName: 'accounts', CapacityUnits: 4, ReadCapacityUnits: 4 },
        { TableName: 'ledger', CapacityUnits: 2, ReadCapacityUnits: 2 },
      ]);
    });

    test('requests DynamoDB refuses before running them', async () => {
      const twice = await rejection(
        ddb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Delete: { TableName: 'accounts', Key: { id: { S: 'a' } } } },
              {
                ConditionCheck: {
                  TableName: 'accounts',
                  Key: { id: { S: 'a' } },
                  ConditionExpression: 'attribute_exists(id)',
                },
              },
            ],
          }),
        ),
      );
      assert.equal(twice.name, 'ValidationException');
      assert.equal(twice.message, 'Transaction request cannot include multiple operations on one item');

      const getTwice = await rejection(
        ddb.send(
          new TransactGetItemsCommand({
            TransactItems: [
              { Get: { TableName: 'accounts', Key: { id: { S: 'a' } } } },
              { Get: { TableName: 'accounts', Key: { id: { S: 'a' } } } },
            ],
          }),
        ),
      );
      assert.equal(getTwice.message, 'Transaction request cannot include multiple operations on one item');

      const none = await rejection(ddb.send(new TransactWriteItemsCommand({ TransactItems: [{}] })));
      assert.equal(none.message, 'TransactItems can only contain one of Check, Put, Update or Delete');

      const empty = await rejection(ddb.send(new TransactWriteItemsCommand({ TransactItems: [] })));
      assert.equal(
        empty.message,
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );

      const tooMany = Array.from({ length: 101 }, (_, i) => ({
        ConditionCheck: {
          TableName: 'accounts',
          Key: { id: { S: `k${i}` } },
          ConditionExpression: 'attribute_exists(id)',
        },
      }));
      const many = await rejection(ddb.send(new TransactWriteItemsCommand({ TransactItems: tooMany })));
      assert.match(
        many.message,
        /at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/,
      );

      const badKey = await rejection(
        ddb.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Delete: { TableName: 'accounts', Key: { id: { N: '1' } } } }],
          }),
        ),
      );
      assert.equal(badKey.name, 'ValidationException');
      assert.equal(badKey.message, 'The provided key element does not match the schema');

      const missing = await rejection(
        ddb.send(
          new TransactGetItemsCommand({
            TransactItems: [{ Get: { TableName: 'nothing', Key: { id: { S: 'a' } } } }],
          }),
        ),
      );
      assert.equal(missing.name, 'ResourceNotFoundException');

      const unused = await rejection(
        ddb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: 'accounts',
                  Item: { id: { S: 'z' } },
                  ExpressionAttributeValues: { ':v': { S: 'v' } },
                },
              },
            ],
          }),
        ),
      );
      assert.equal(
        unused.message,
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      );
    });
  });
}
