// Provisioned concurrency on several nodes sharing PostgreSQL: every node keeps the provisioned
// environments itself, whether it learns of the config from another node's announcement or at its
// own start.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, decodePayload, zipOf } from './support.js';

const CODE = {
  'index.mjs': `export const handler = async () => ({
    initType: process.env.AWS_LAMBDA_INITIALIZATION_TYPE,
    pid: process.pid,
  });`,
};

if (storages().includes('postgres')) {
  describe('Lambda provisioned concurrency on nodes sharing PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    const nodes: NubisProcess[] = [];
    const clients: LambdaClient[] = [];

    const startNode = async () => {
      const node = await startNubis({ storage: 'postgres', postgresUrl: database.url });
      nodes.push(node);
      const client = new LambdaClient({ ...sdkConfig(node.endpoint, ACCOUNT), maxAttempts: 1 });
      clients.push(client);
      return client;
    };

    before(async () => {
      database = await createTestDatabase();
    });
    after(async () => {
      for (const client of clients) client.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
      await database?.drop();
    });

    const initType = async (lambda: LambdaClient) => {
      const result = await lambda.send(new InvokeCommand({ FunctionName: 'shared', Qualifier: '1' }));
      return (decodePayload(result.Payload) as { initType: string }).initType;
    };

    /** A waiter: the node brings its environments up in the background, as real processes. */
    async function provisionedOn(lambda: LambdaClient): Promise<void> {
      for (let attempt = 0; attempt < 500; attempt += 1) {
        if ((await initType(lambda)) === 'provisioned-concurrency') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail('the node never served the version from a provisioned environment');
    }

    test('each node keeps its own environments, from an announcement or from its start', async () => {
      const first = await startNode();
      const second = await startNode();
      await createFunction(first, 'shared', { Code: { ZipFile: await zipOf(CODE) } });
      await first.send(new PublishVersionCommand({ FunctionName: 'shared' }));
      await first.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: 'shared',
          Qualifier: '1',
          ProvisionedConcurrentExecutions: 1,
        }),
      );
      await provisionedOn(first);
      await provisionedOn(second);
      const third = await startNode();
      await provisionedOn(third);
      const config = await third.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'shared', Qualifier: '1' }),
      );
      assert.equal(config.Status, 'READY');
    });
  });
}
