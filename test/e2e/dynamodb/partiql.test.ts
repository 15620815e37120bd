// PartiQL through @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb, on both storages: the
// statements applications use (SELECT by key, by partition, by index, with filters and pages;
// INSERT, UPDATE with SET/REMOVE and RETURNING, DELETE), batches, transactions, and the errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  ExecuteStatementCommand as DocumentStatement,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';

for (const storage of storages()) {
  describe(`DynamoDB PartiQL (${storage})`, () => {
    let nubis: NubisProcess;
    let ddb: DynamoDBClient;
    let doc: DynamoDBDocumentClient;
    const run = (Statement: string, Parameters?: unknown[]) =>
      doc.send(new DocumentStatement({ Statement, Parameters }));

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      ddb = new DynamoDBClient(sdkConfig(nubis.endpoint));
      doc = DynamoDBDocumentClient.from(ddb);
      await ddb.send(
        new CreateTableCommand({
          TableName: 'Music',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'artist', AttributeType: 'S' },
            { AttributeName: 'song', AttributeType: 'S' },
            { AttributeName: 'year', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'artist', KeyType: 'HASH' },
            { AttributeName: 'song', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byYear',
              KeySchema: [{ AttributeName: 'year', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    });
    after(async () => {
      ddb.destroy();
      await nubis.stop();
    });

    test('INSERT, SELECT, UPDATE and DELETE', async () => {
      await run(
        `INSERT INTO "Music" VALUE {'artist': ?, 'song': 'One', 'year': 1991, 'tags': <<'rock', 'live'>>}`,
        ['U2'],
      );
      await run(`INSERT INTO Music VALUE {'artist': 'U2', 'song': 'Two', 'year': 1991, 'plays': 5}`);
      await run(
        `INSERT INTO Music VALUE {'artist': 'Abba', 'song': 'Waterloo', 'year': 1974, 'charts': [1, 'UK']}`,
      );

      const duplicate = await rejection(run(`INSERT INTO Music VALUE {'artist': 'U2', 'song': 'One'}`));
      assert.equal(duplicate.name, 'DuplicateItemException');
      assert.equal(duplicate.message, 'Duplicate primary key exists in table');

      const byKey = await run(`SELECT * FROM Music WHERE artist = ? AND song = ?`, ['U2', 'One']);
      assert.deepEqual(byKey.Items, [
        { artist: 'U2', song: 'One', year: 1991, tags: new Set(['rock', 'live']) },
      ]);

      const partition = await run(`SELECT song, plays FROM "Music" WHERE "artist" = 'U2' AND song >= 'O'`);
      assert.deepEqual(partition.Items, [{ song: 'One' }, { song: 'Two', plays: 5 }]);

      const scanned = await run(`SELECT artist FROM Music WHERE year < 1980 OR contains(tags, 'live')`);
      assert.deepEqual(scanned.Items?.map((item) => item.artist).sort(), ['Abba', 'U2']);

      const indexed = await run(`SELECT song FROM Music."byYear" WHERE year = 1991`);
      assert.deepEqual(indexed.Items?.map((item) => item.song).sort(), ['One', 'Two']);

      const missing = await run(`SELECT song FROM Music WHERE artist = 'U2' AND plays IS MISSING`);
      assert.deepEqual(missing.Items, [{ song: 'One' }]);

      const updated = await run(
        `UPDATE Music SET plays = plays + ? SET year = 1992 REMOVE tags WHERE artist = 'U2' AND song = 'Two' RETURNING ALL NEW *`,
        [10],
      );
      assert.deepEqual(updated.Items, [{ artist: 'U2', song: 'Two', year: 1992, plays: 15 }]);

      const refused = await rejection(
        run(`UPDATE Music SET plays = 1 WHERE artist = 'U2' AND song = 'Two' AND plays > 100`),
      );
      assert.equal(refused.name, 'ConditionalCheckFailedException');
      const absent = await rejection(
        run(`UPDATE Music SET plays = 1 WHERE artist = 'Nobody' AND song = 'None'`),
      );
      assert.equal(absent.name, 'ConditionalCheckFailedException');

      const deleted = await run(
        `DELETE FROM Music WHERE artist = 'Abba' AND song = 'Waterloo' RETURNING ALL OLD *`,
      );
      assert.deepEqual(deleted.Items, [{ artist: 'Abba', song: 'Waterloo', year: 1974, charts: [1, 'UK'] }]);
      assert.equal(
        (await doc.send(new GetCommand({ TableName: 'Music', Key: { artist: 'Abba', song: 'Waterloo' } })))
          .Item,
        undefined,
      );
    });

    test('SELECT pages with Limit and NextToken', async () => {
      for (let n = 0; n < 5; n++)
        await run(`INSERT INTO Music VALUE {'artist': 'Paged', 'song': ?}`, [`s${n}`]);
      const songs: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ddb.send(
          new ExecuteStatementCommand({
            Statement: `SELECT song FROM Music WHERE artist = 'Paged'`,
            Limit: 2,
            NextToken,
          }),
        );
        songs.push(...page.Items!.map((item) => item.song!.S!));
        NextToken = page.NextToken;
      } while (NextToken);
      assert.deepEqual(songs, ['s0', 's1', 's2', 's3', 's4']);
    });

    test('SELECT … ORDER BY the sort key, and across partitions by the partition key', async () => {
      await ddb.send(
        new CreateTableCommand({
          TableName: 'Charts',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'list', AttributeType: 'S' },
            { AttributeName: 'rank', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'list', KeyType: 'HASH' },
            { AttributeName: 'rank', KeyType: 'RANGE' },
          ],
        }),
      );
      for (const [list, rank] of [
        ['A', 2],
        ['B', 1],
        ['A', 10],
        ['C', 1],
        ['A', 1],
        ['B', 3],
      ] as const)
        await run(`INSERT INTO Charts VALUE {'list': ?, 'rank': ?, 'title': ?}`, [
          list,
          rank,
          `${list}${rank}`,
        ]);
      const titles = async (statement: string, limit?: number) => {
        const seen: string[] = [];
        let NextToken: string | undefined;
        do {
          const page = await ddb.send(
            new ExecuteStatementCommand({ Statement: statement, Limit: limit, NextToken }),
          );
          seen.push(...page.Items!.map((item) => item.title!.S!));
          NextToken = page.NextToken;
        } while (NextToken);
        return seen;
      };
      assert.deepEqual(await titles(`SELECT * FROM Charts WHERE list = 'A' ORDER BY rank DESC`), [
        'A10',
        'A2',
        'A1',
      ]);
      assert.deepEqual(await titles(`SELECT * FROM Charts WHERE list = 'A' ORDER BY rank`), [
        'A1',
        'A2',
        'A10',
      ]);
      assert.deepEqual(await titles(`SELECT * FROM Charts WHERE list = 'A' ORDER BY rank ASC`, 2), [
        'A1',
        'A2',
        'A10',
      ]);
      // A key without a term of its own sorts as DynamoDB has it: the sort key descending.
      assert.deepEqual(await titles(`SELECT * FROM Charts WHERE list = 'A' ORDER BY list`), [
        'A10',
        'A2',
        'A1',
      ]);
      const across = `SELECT * FROM Charts WHERE list IN ['A', 'B'] ORDER BY list DESC, rank ASC`;
      const expected = ['B1', 'B3', 'A1', 'A2', 'A10'];
      assert.deepEqual(await titles(across), expected);
      assert.deepEqual(await titles(across, 2), expected);
      assert.deepEqual(
        await titles(`SELECT * FROM Charts WHERE list = 'C' OR list = 'B' ORDER BY list, rank DESC`),
        ['B3', 'B1', 'C1'],
      );

      const refused = async (statement: string, message: string) => {
        const error = await rejection(run(statement));
        assert.equal(error.name, 'ValidationException');
        assert.equal(error.message, message);
      };
      await refused(
        `SELECT * FROM Charts ORDER BY rank`,
        'Must have WHERE clause in the statement when using ORDER BY clause.',
      );
      await refused(
        `SELECT * FROM Charts WHERE list = 'A' ORDER BY title`,
        'Attribute title in ORDER BY clause must be part of the primary key',
      );
      await refused(
        `SELECT * FROM Charts WHERE rank > 1 ORDER BY rank`,
        'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
      );
      await refused(
        `SELECT * FROM Charts WHERE list IN ['A', 'B'] ORDER BY rank`,
        'Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.',
      );
    });

    test('BatchExecuteStatement answers for each statement', async () => {
      const writes = await ddb.send(
        new BatchExecuteStatementCommand({
          Statements: [
            { Statement: `INSERT INTO Music VALUE {'artist': 'Batch', 'song': 'a'}` },
            { Statement: `INSERT INTO Music VALUE {'artist': 'U2', 'song': 'One'}` },
            { Statement: `UPDATE Music SET n = 1 WHERE artist = 'Batch' AND song = 'a'` },
          ],
        }),
      );
      assert.deepEqual(writes.Responses, [
        { TableName: 'Music' },
        {
          TableName: 'Music',
          Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' },
        },
        { TableName: 'Music' },
      ]);
      const reads = await ddb.send(
        new BatchExecuteStatementCommand({
          Statements: [
            {
              Statement: `SELECT n FROM Music WHERE artist = ? AND song = ?`,
              Parameters: [{ S: 'Batch' }, { S: 'a' }],
            },
            { Statement: `SELECT * FROM Music WHERE artist = 'Batch' AND song = 'zzz'` },
          ],
        }),
      );
      assert.deepEqual(reads.Responses, [
        { TableName: 'Music', Item: { n: { N: '1' } } },
        { TableName: 'Music' },
      ]);
    });

    test('ExecuteTransaction writes all or nothing, and reads at one moment', async () => {
      const cancelled = await rejection(
        ddb.send(
          new ExecuteTransactionCommand({
            TransactStatements: [
              { Statement: `INSERT INTO Music VALUE {'artist': 'Tx', 'song': 'a'}` },
              {
                Statement: `EXISTS(SELECT * FROM Music WHERE artist = 'U2' AND song = 'One' AND year = 2000)`,
              },
            ],
          }),
        ),
      );
      assert.ok(cancelled instanceof TransactionCanceledException);
      assert.deepEqual(
        cancelled.CancellationReasons?.map((reason) => reason.Code),
        ['None', 'ConditionalCheckFailed'],
      );
      await ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `INSERT INTO Music VALUE {'artist': 'Tx', 'song': 'a'}` },
            { Statement: `UPDATE Music SET year = 2001 WHERE artist = 'U2' AND song = 'One'` },
          ],
        }),
      );
      const read = await ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `SELECT year FROM Music WHERE artist = 'U2' AND song = 'One'` },
            { Statement: `SELECT * FROM Music WHERE artist = 'Tx' AND song = 'a'` },
          ],
        }),
      );
      assert.deepEqual(read.Responses, [
        { Item: { year: { N: '2001' } } },
        { Item: { artist: { S: 'Tx' }, song: { S: 'a' } } },
      ]);
    });

    test('statements DynamoDB refuses', async () => {
      const malformed = await rejection(run(`SELEC * FROM Music`));
      assert.equal(malformed.name, 'ValidationException');
      assert.match(malformed.message, /^Statement wasn't well formed, can't be processed: /);
      const noKey = await rejection(run(`DELETE FROM Music WHERE artist = 'U2'`));
      assert.equal(noKey.message, 'Where clause does not contain a mandatory equality on all key attributes');
      const parameters = await rejection(run(`SELECT * FROM Music WHERE artist = ?`, ['a', 'b']));
      assert.match(parameters.message, /Number of parameters in request and statement don't match/);
      const deep = await rejection(
        run(`SELECT * FROM Music WHERE ${'('.repeat(4000)}a = 1${')'.repeat(4000)}`),
      );
      assert.equal(deep.name, 'ValidationException');
      assert.match(deep.message, /nested too deeply/);
      for (const NextToken of [
        'not base64 json',
        Buffer.from('"a"').toString('base64'),
        Buffer.from('{"artist":{"S":1}}').toString('base64'),
      ]) {
        const token = await rejection(
          ddb.send(
            new ExecuteStatementCommand({ Statement: `SELECT * FROM Music WHERE artist = 'U2'`, NextToken }),
          ),
        );
        assert.equal(token.message, 'Invalid NextToken');
      }
      const table = await rejection(run(`SELECT * FROM Nothing`));
      assert.equal(table.name, 'ResourceNotFoundException');
    });
  });
}
