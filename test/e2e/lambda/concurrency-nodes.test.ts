// Concurrency limits bound the invocations of every node sharing a PostgreSQL database together:
// each node uses the units of a limit it claimed (concurrency-claims.ts) and gives back those it
// stopped using within two ticks of its clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { HOLDINGS_TICK_MS } from '../../../src/services/lambda/concurrency-holdings.js';
import { createTestDatabase } from '../../support/postgres.js';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { HOLD_HELPERS, holdOne } from './hold-support.js';
import { ACCOUNT, createFunction, decodePayload, rejects, zipOf } from './support.js';

const CODE = {
  'index.mjs': `${HOLD_HELPERS}
    export const handler = async (event) => {
      if (event?.started) await holdUntilReleased(event);
      return 'done';
    };`,
};

if (storages().includes('postgres')) {
  describe('Lambda concurrency limits on nodes sharing PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    const nodes: NubisProcess[] = [];
    let first: LambdaClient;
    let second: LambdaClient;

    before(async () => {
      database = await createTestDatabase();
      const clockStartMs = Date.now();
      for (let index = 0; index < 2; index += 1)
        nodes.push(
          await startNubis({
            storage: 'postgres',
            postgresUrl: database.url,
            manualClock: true,
            clockStartMs,
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

    const invoke = (lambda: LambdaClient) =>
      lambda
        .send(new InvokeCommand({ FunctionName: 'reserved' }))
        .then((result) => decodePayload(result.Payload));

    test('a reservation of one runs one invocation across the nodes', async () => {
      await createFunction(first, 'reserved', { Timeout: 60, Code: { ZipFile: await zipOf(CODE) } });
      await first.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 1 }),
      );
      const sqs = new SQSClient(sdkConfig(nodes[0]!.endpoint, ACCOUNT));
      const held = await holdOne(first, sqs, { FunctionName: 'reserved' }, 'reserved');
      await rejects(second.send(new InvokeCommand({ FunctionName: 'reserved' })), {
        name: 'TooManyRequestsException',
        message: 'Rate Exceeded.',
        status: 429,
      });
      assert.equal(await held.release(), '"done"');
      // The first node keeps the unit through the tick it was busy in, then gives it back.
      for (let tick = 0; tick < 2; tick += 1) await nodes[0]!.advanceClock(HOLDINGS_TICK_MS);
      assert.equal(await eventually(() => invoke(second)), 'done');
      await rejects(first.send(new InvokeCommand({ FunctionName: 'reserved' })), {
        name: 'TooManyRequestsException',
      });
      sqs.destroy();
    });
  });
}

/** A waiter: giving back the unit is the first node's write, done in the background of its tick. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 200 || (error as Error).name !== 'TooManyRequestsException') throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
