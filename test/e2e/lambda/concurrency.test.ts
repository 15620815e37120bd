import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { HOLD_HELPERS, holdOne as holdInFlight } from './hold-support.js';
import { ACCOUNT, createFunction, rejects, useLambda, zipOf } from './support.js';

// `hold` tells the test it has started, then stays in flight until the test releases it.
const HOLD_CODE = {
  'index.mjs': `${HOLD_HELPERS}
    export const hold = async (event) => {
      await holdUntilReleased(event);
      return 'released';
    };
    export const quick = async () => 'done';`,
};

/** Holds one invocation of `functionName` in flight; `release` ends it. */
async function holdOne(lambda: LambdaClient, sqs: SQSClient, functionName: string, queuePrefix: string) {
  const held = await holdInFlight(lambda, sqs, { FunctionName: functionName }, queuePrefix);
  return { release: async () => assert.equal(await held.release(), '"released"') };
}

async function createHolding(lambda: LambdaClient, name: string, handler = 'index.hold') {
  await createFunction(lambda, name, {
    Handler: handler,
    Timeout: 60,
    Code: { ZipFile: await zipOf(HOLD_CODE) },
  });
}

for (const storage of storages()) {
  describe(`Lambda reserved concurrency (${storage})`, () => {
    const fixture = useLambda(storage);
    const sqs = () => new SQSClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));

    test('Put, Get and Delete FunctionConcurrency, as GetFunction and GetAccountSettings show it', async () => {
      await createFunction(fixture.lambda, 'reserving');
      assert.deepEqual(
        (await fixture.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'reserving' })))
          .ReservedConcurrentExecutions,
        undefined,
      );
      const put = await fixture.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'reserving', ReservedConcurrentExecutions: 25 }),
      );
      assert.equal(put.ReservedConcurrentExecutions, 25);
      const got = await fixture.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'reserving' }));
      assert.equal(got.ReservedConcurrentExecutions, 25);
      const fn = await fixture.lambda.send(new GetFunctionCommand({ FunctionName: 'reserving' }));
      assert.deepEqual(fn.Concurrency, { ReservedConcurrentExecutions: 25 });
      const settings = await fixture.lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(settings.AccountLimit?.ConcurrentExecutions, 1000);
      assert.equal(settings.AccountLimit?.UnreservedConcurrentExecutions, 975);

      await fixture.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'reserving' }));
      const cleared = await fixture.lambda.send(new GetFunctionCommand({ FunctionName: 'reserving' }));
      assert.equal(cleared.Concurrency, undefined);
      const restored = await fixture.lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(restored.AccountLimit?.UnreservedConcurrentExecutions, 1000);
    });

    test('a reservation may not leave less than 100 unreserved; bad values and unknown functions', async () => {
      await createFunction(fixture.lambda, 'greedy');
      await rejects(
        fixture.lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'greedy', ReservedConcurrentExecutions: 901 }),
        ),
        {
          name: 'InvalidParameterValueException',
          message:
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
          status: 400,
        },
      );
      await fixture.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'greedy', ReservedConcurrentExecutions: 900 }),
      );
      // Changing a reservation counts the function's own current one as free.
      await fixture.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'greedy', ReservedConcurrentExecutions: 899 }),
      );
      await fixture.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'greedy' }));
      await rejects(
        fixture.lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'greedy', ReservedConcurrentExecutions: -1 }),
        ),
        { name: 'ValidationException', message: /reservedConcurrentExecutions.*greater than or equal to 0/ },
      );
      await rejects(
        fixture.lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'nobody', ReservedConcurrentExecutions: 1 }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      );
      await rejects(fixture.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'nobody' })), {
        name: 'ResourceNotFoundException',
      });
    });

    test('a reservation of 0 throttles every invocation, counted in the Throttles metric', async () => {
      await createFunction(fixture.lambda, 'stopped');
      await fixture.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'stopped', ReservedConcurrentExecutions: 0 }),
      );
      await assert.rejects(
        fixture.lambda.send(new InvokeCommand({ FunctionName: 'stopped', Payload: Buffer.from('{}') })),
        (error: any) => {
          assert.equal(error.name, 'TooManyRequestsException');
          assert.equal(error.$metadata.httpStatusCode, 429);
          assert.equal(error.message, 'Rate Exceeded.');
          assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
          return true;
        },
      );
      const cloudwatch = new CloudWatchClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));
      const { Datapoints = [] } = await cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/Lambda',
          MetricName: 'Throttles',
          Dimensions: [{ Name: 'FunctionName', Value: 'stopped' }],
          StartTime: new Date(Date.now() - 3_600_000),
          EndTime: new Date(Date.now() + 3_600_000),
          Period: 7200,
          Statistics: ['Sum'],
        }),
      );
      assert.equal(Datapoints[0]?.Sum, 1);
    });

    test('a reservation of 1 admits one invocation at a time', async () => {
      await createHolding(fixture.lambda, 'single');
      await fixture.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'single', ReservedConcurrentExecutions: 1 }),
      );
      const held = await holdOne(fixture.lambda, sqs(), 'single', 'single');
      await rejects(
        fixture.lambda.send(new InvokeCommand({ FunctionName: 'single', Payload: Buffer.from('{}') })),
        {
          name: 'TooManyRequestsException',
          status: 429,
        },
      );
      await held.release();
      const after = await holdOne(fixture.lambda, sqs(), 'single', 'single-again');
      await after.release();
    });
  });

  describe(`Lambda account concurrency limit (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    before(async () => {
      nubis = await startNubis({ storage, env: { NUBIS_LAMBDA_CONCURRENT_EXECUTIONS: '1' } });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      lambda?.destroy();
      await nubis?.stop();
    });

    test('functions without a reservation share the account limit (NUBIS_LAMBDA_CONCURRENT_EXECUTIONS)', async () => {
      const settings = await lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(settings.AccountLimit?.ConcurrentExecutions, 1);
      await createHolding(lambda, 'first');
      await createHolding(lambda, 'second', 'index.quick');
      const held = await holdOne(
        lambda,
        new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT)),
        'first',
        'account',
      );
      await assert.rejects(
        lambda.send(new InvokeCommand({ FunctionName: 'second', Payload: Buffer.from('{}') })),
        (error: any) =>
          error.name === 'TooManyRequestsException' && error.Reason === 'ConcurrentInvocationLimitExceeded',
      );
      await held.release();
      const result = await lambda.send(
        new InvokeCommand({ FunctionName: 'second', Payload: Buffer.from('{}') }),
      );
      assert.equal(Buffer.from(result.Payload ?? []).toString(), '"done"');
    });
  });
}
