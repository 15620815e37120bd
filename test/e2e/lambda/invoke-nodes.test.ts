// Invoke reads a function through a cache on each node (invoke-reads.ts): a change made on one
// node is seen at once by that node's next invoke, and by the other nodes once they hear of it.
// The cache's own lifetime is set to an hour here, so only the announcement can tell them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DeleteFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, decodePayload, wordZip, zipOf } from './support.js';

const COLOUR_CODE = { 'index.mjs': 'export const handler = async () => process.env.COLOUR;' };

async function invoke(lambda: LambdaClient, name: string): Promise<unknown> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: name }));
  return result.FunctionError ? { error: result.FunctionError } : decodePayload(result.Payload);
}

/** A waiter: the other node hears of the change through the database's notifications. */
async function eventually(read: () => Promise<unknown>, expected: unknown): Promise<void> {
  let seen: unknown;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    seen = await read();
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`still ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
}

const setColour = (colour: string) =>
  new UpdateFunctionConfigurationCommand({
    FunctionName: 'colour',
    Environment: { Variables: { COLOUR: colour } },
  });

if (storages().includes('postgres')) {
  describe('Lambda Invoke on nodes sharing PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    const nodes: NubisProcess[] = [];
    let first: LambdaClient;
    let second: LambdaClient;

    before(async () => {
      database = await createTestDatabase();
      for (let index = 0; index < 2; index += 1)
        nodes.push(
          await startNubis({
            storage: 'postgres',
            postgresUrl: database.url,
            env: { NUBIS_LAMBDA_READ_CACHE_MS: String(3_600_000) },
          }),
        );
      [first, second] = nodes.map(
        (node) => new LambdaClient({ ...sdkConfig(node.endpoint, ACCOUNT), maxAttempts: 1 }),
      ) as [LambdaClient, LambdaClient];
    });
    after(async () => {
      first?.destroy();
      second?.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
      await database?.drop();
    });

    test('a configuration change is seen at once where it was made, and soon on the other node', async () => {
      await createFunction(first, 'colour', {
        Code: { ZipFile: await zipOf(COLOUR_CODE) },
        Environment: { Variables: { COLOUR: 'red' } },
      });
      assert.equal(await invoke(first, 'colour'), 'red');
      assert.equal(await invoke(second, 'colour'), 'red');
      await first.send(setColour('blue'));
      assert.equal(await invoke(first, 'colour'), 'blue');
      await eventually(() => invoke(second, 'colour'), 'blue');
      await second.send(setColour('green'));
      assert.equal(await invoke(second, 'colour'), 'green');
      await eventually(() => invoke(first, 'colour'), 'green');
    });

    test('new code, and a deleted function, reach the node that had it cached', async () => {
      await createFunction(first, 'word', { Code: { ZipFile: await wordZip('before') } });
      assert.equal(((await invoke(second, 'word')) as { word: string }).word, 'before');
      await first.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'word', ZipFile: await wordZip('after') }),
      );
      await eventually(async () => ((await invoke(second, 'word')) as { word: string }).word, 'after');
      await first.send(new DeleteFunctionCommand({ FunctionName: 'word' }));
      await eventually(
        () => invoke(second, 'word').catch((error: Error) => error.name),
        'ResourceNotFoundException',
      );
    });
  });
}
