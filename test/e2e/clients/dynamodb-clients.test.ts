// DynamoDB through the AWS CLI (Debian's awscli) and boto3 (client and resource APIs), both of
// which verify DynamoDB's x-amz-crc32 response checksum.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { awsCli, clientEnv, PYTHON, run } from '../../support/clients.js';
import { startNubis, storages, type NubisProcess } from '../../support/nubis.js';

const SCRIPT = fileURLToPath(new URL('../../../../test/e2e/clients/boto3_dynamodb.py', import.meta.url));

for (const storage of storages()) {
  describe(`AWS CLI and boto3 against DynamoDB (${storage})`, () => {
    let nubis: NubisProcess;
    let aws: (...args: string[]) => Promise<any>;
    before(async () => {
      nubis = await startNubis({ storage });
      aws = async (...args) => {
        const stdout = await awsCli(nubis.endpoint, '--output', 'json', ...args);
        return stdout.trim() ? JSON.parse(stdout) : {};
      };
    });
    after(() => nubis.stop());

    test('aws dynamodb: create-table, put-item, get-item, query, delete-table', async () => {
      const created = await aws(
        'dynamodb',
        'create-table',
        '--table-name',
        'cli-table',
        '--attribute-definitions',
        'AttributeName=pk,AttributeType=S',
        'AttributeName=sk,AttributeType=N',
        '--key-schema',
        'AttributeName=pk,KeyType=HASH',
        'AttributeName=sk,KeyType=RANGE',
        '--billing-mode',
        'PAY_PER_REQUEST',
      );
      assert.equal(created.TableDescription.TableStatus, 'CREATING');
      await aws('dynamodb', 'wait', 'table-exists', '--table-name', 'cli-table');
      for (const sk of ['1', '2', '10']) {
        await aws(
          'dynamodb',
          'put-item',
          '--table-name',
          'cli-table',
          '--item',
          `{"pk":{"S":"p"},"sk":{"N":"${sk}"}}`,
        );
      }
      const got = await aws(
        'dynamodb',
        'get-item',
        '--table-name',
        'cli-table',
        '--key',
        '{"pk":{"S":"p"},"sk":{"N":"2"}}',
      );
      assert.deepEqual(got.Item, { pk: { S: 'p' }, sk: { N: '2' } });
      const queried = await aws(
        'dynamodb',
        'query',
        '--table-name',
        'cli-table',
        '--key-condition-expression',
        'pk = :p AND sk > :s',
        '--expression-attribute-values',
        '{":p":{"S":"p"},":s":{"N":"1"}}',
      );
      assert.deepEqual(
        queried.Items.map((item: { sk: { N: string } }) => item.sk.N),
        ['2', '10'],
      );
      const deleted = await aws('dynamodb', 'delete-table', '--table-name', 'cli-table');
      assert.equal(deleted.TableDescription.TableStatus, 'DELETING');
    });

    test('boto3 client and resource APIs', async () => {
      const { stdout } = await run(PYTHON, [SCRIPT, nubis.endpoint], { env: clientEnv() });
      assert.equal(stdout.trim(), 'ok');
    });
  });
}
