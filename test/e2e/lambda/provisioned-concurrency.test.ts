import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  type GetProvisionedConcurrencyConfigCommandOutput,
} from '@aws-sdk/client-lambda';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { HOLD_HELPERS, holdOne } from './hold-support.js';
import { ACCOUNT, createFunction, decodePayload, rejects, zipOf } from './support.js';

const IDLE_TIMEOUT_MS = 60_000;
const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function`;

// Module load is the init phase: it records when it ran; each answer says how it was initialised
// and how many invocations this environment has served.
const REPORTING_CODE = {
  'index.mjs': `${HOLD_HELPERS}
    const initAt = Date.now();
    let invocations = 0;
    export const handler = async (event) => {
      invocations += 1;
      if (event?.started) await holdUntilReleased(event);
      return {
        initType: process.env.AWS_LAMBDA_INITIALIZATION_TYPE,
        pid: process.pid,
        initAt,
        invocations,
      };
    };`,
};

interface Report {
  initType: string;
  pid: number;
  initAt: number;
  invocations: number;
}

for (const storage of storages()) {
  describe(`Lambda provisioned concurrency (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    before(async () => {
      nubis = await startNubis({
        storage,
        manualClock: true,
        env: { NUBIS_LAMBDA_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) },
      });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      lambda?.destroy();
      await nubis?.stop();
    });

    /** A function of REPORTING_CODE with `versions` published versions. */
    async function publish(name: string, versions = 1, code: Record<string, string> = REPORTING_CODE) {
      await createFunction(lambda, name, { Code: { ZipFile: await zipOf(code) } });
      for (let version = 1; version <= versions; version += 1) {
        // Lambda publishes a new version only when $LATEST changed.
        if (version > 1) {
          await lambda.send(
            new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: `v${version}` }),
          );
        }
        await lambda.send(new PublishVersionCommand({ FunctionName: name }));
      }
    }

    const put = (name: string, qualifier: string, count: number) =>
      lambda.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: name,
          Qualifier: qualifier,
          ProvisionedConcurrentExecutions: count,
        }),
      );

    const get = (name: string, qualifier: string) =>
      lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: qualifier }));

    /** A waiter on the status: environments start as real processes, which takes real time. */
    async function settled(
      name: string,
      qualifier: string,
    ): Promise<GetProvisionedConcurrencyConfigCommandOutput> {
      for (let attempt = 0; attempt < 500; attempt += 1) {
        const config = await get(name, qualifier);
        if (config.Status !== 'IN_PROGRESS') return config;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`${name}:${qualifier} stayed IN_PROGRESS`);
    }

    async function invoke(name: string, qualifier?: string): Promise<Report> {
      const result = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier }));
      assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload ?? []).toString());
      return decodePayload(result.Payload) as Report;
    }

    test('refuses what Lambda refuses, with its messages', async () => {
      await publish('checks');
      await lambda.send(
        new CreateAliasCommand({ FunctionName: 'checks', Name: 'live', FunctionVersion: '1' }),
      );
      await lambda.send(
        new CreateAliasCommand({ FunctionName: 'checks', Name: 'edge', FunctionVersion: '$LATEST' }),
      );
      await rejects(put('checks', '1', 0), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
        status: 400,
      });
      const unpublished = {
        name: 'InvalidParameterValueException',
        message: 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
        status: 400,
      };
      await rejects(put('checks', '$LATEST', 1), unpublished);
      await rejects(put('checks', 'edge', 1), unpublished);
      const notPublished = {
        name: 'InvalidParameterValueException',
        message: 'The function resource provided must be an alias or a published version.',
      };
      await rejects(get('checks', '$LATEST'), notPublished);
      await rejects(
        lambda.send(
          new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'checks', Qualifier: '$LATEST' }),
        ),
        notPublished,
      );
      await rejects(put('doesnotexist', 'noalias', 1), {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${ARN}:doesnotexist:noalias`,
        status: 404,
      });
      await rejects(put('doesnotexist', '1', 1), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${ARN}:doesnotexist:1`,
      });
      await rejects(get('checks', '10'), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${ARN}:checks:10`,
      });
      await rejects(get('checks', 'noalias'), {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${ARN}:checks:noalias`,
      });
      await rejects(get('checks', '1'), {
        name: 'ProvisionedConcurrencyConfigNotFoundException',
        message: 'No Provisioned Concurrency Config found for this function',
        status: 404,
      });
      // Deleting a config that does not exist succeeds, as on Lambda.
      const deleted = await lambda.send(
        new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'checks', Qualifier: '1' }),
      );
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      await rejects(
        lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'doesnotexist' })),
        {
          name: 'ResourceNotFoundException',
          message: `Function not found: ${ARN}:doesnotexist`,
        },
      );
      const listed = await lambda.send(
        new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'checks' }),
      );
      assert.deepEqual(listed.ProvisionedConcurrencyConfigs, []);
    });

    test('a version is provisioned once: directly or through an alias', async () => {
      await publish('once');
      await lambda.send(new CreateAliasCommand({ FunctionName: 'once', Name: 'live', FunctionVersion: '1' }));
      await put('once', '1', 1);
      await rejects(put('once', 'live', 1), {
        name: 'ResourceConflictException',
        message:
          "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
        status: 409,
      });
      await lambda.send(
        new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'once', Qualifier: '1' }),
      );
      await put('once', 'live', 1);
      await rejects(put('once', '1', 1), {
        name: 'ResourceConflictException',
        message: 'Version is pointed by a Provisioned Concurrency alias',
      });
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'once' }));
    });

    test('Put answers 202 IN_PROGRESS; READY once the environments are initialised; they serve first', async () => {
      await publish('warm');
      const accepted = await put('warm', '1', 2);
      assert.equal(accepted.$metadata.httpStatusCode, 202);
      assert.equal(accepted.Status, 'IN_PROGRESS');
      assert.equal(accepted.RequestedProvisionedConcurrentExecutions, 2);
      assert.equal(accepted.AllocatedProvisionedConcurrentExecutions, 0);
      assert.equal(accepted.AvailableProvisionedConcurrentExecutions, 0);
      assert.match(accepted.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

      const ready = await settled('warm', '1');
      assert.equal(ready.Status, 'READY');
      assert.equal(ready.AllocatedProvisionedConcurrentExecutions, 2);
      assert.equal(ready.AvailableProvisionedConcurrentExecutions, 2);
      assert.equal(ready.LastModified, accepted.LastModified);

      const beforeInvoke = Date.now();
      const provisioned = await invoke('warm', '1');
      assert.equal(provisioned.initType, 'provisioned-concurrency');
      assert.ok(provisioned.initAt <= beforeInvoke, 'the init phase ran before the invocation');
      assert.equal(provisioned.invocations, 1);
      // The unpublished version is never provisioned.
      assert.equal((await invoke('warm')).initType, 'on-demand');
      // Lambda reports no Init Duration for an environment initialised ahead.
      const tailed = await lambda.send(
        new InvokeCommand({ FunctionName: 'warm', Qualifier: '1', LogType: 'Tail' }),
      );
      const report = Buffer.from(tailed.LogResult ?? '', 'base64').toString();
      assert.match(report, /REPORT RequestId/);
      assert.doesNotMatch(report, /Init Duration/);
    });

    test('an alias provisions the version it points to', async () => {
      await publish('aliased');
      await lambda.send(
        new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }),
      );
      await put('aliased', 'live', 1);
      assert.equal((await settled('aliased', 'live')).Status, 'READY');
      assert.equal((await invoke('aliased', 'live')).initType, 'provisioned-concurrency');
      assert.equal((await invoke('aliased', '1')).initType, 'provisioned-concurrency');
      await rejects(get('aliased', '1'), { name: 'ProvisionedConcurrencyConfigNotFoundException' });
    });

    test('moving an alias allocates its provisioned concurrency for the new version', async () => {
      await publish('moved', 2);
      await lambda.send(
        new CreateAliasCommand({ FunctionName: 'moved', Name: 'live', FunctionVersion: '1' }),
      );
      await put('moved', 'live', 1);
      await settled('moved', 'live');
      const before = await invoke('moved', '1');
      assert.equal(before.initType, 'provisioned-concurrency');
      await lambda.send(
        new UpdateAliasCommand({ FunctionName: 'moved', Name: 'live', FunctionVersion: '2' }),
      );
      assert.equal((await settled('moved', 'live')).Status, 'READY');
      assert.equal((await invoke('moved', '2')).initType, 'provisioned-concurrency');
      // The old version's environment is an ordinary one again, reaped once idle.
      await nubis.advanceClock(IDLE_TIMEOUT_MS);
      const after = await invoke('moved', '1');
      assert.notEqual(after.pid, before.pid);
      assert.equal(after.initType, 'on-demand');
    });

    test('an init failure leaves the config FAILED', async () => {
      await publish('broken', 1, {
        'index.mjs': 'throw new Error("no init"); export const handler = async () => 1;',
      });
      await put('broken', '1', 1);
      const failed = await settled('broken', '1');
      assert.equal(failed.Status, 'FAILED');
      assert.equal(failed.StatusReason, 'FUNCTION_ERROR_INIT_FAILURE');
      assert.equal(failed.AllocatedProvisionedConcurrentExecutions, 0);
    });

    test('an init that never ends fails the config after 130 seconds (Lambda’s provisioned init limit)', async () => {
      await publish('hanging', 1, {
        'index.mjs':
          'setInterval(() => {}, 1000); await new Promise(() => {}); export const handler = async () => 1;',
      });
      await put('hanging', '1', 1);
      assert.equal((await get('hanging', '1')).Status, 'IN_PROGRESS');
      // A waiter: the environment starts in the background, and its init limit runs from then.
      for (
        let attempt = 0;
        attempt < 200 && (await get('hanging', '1')).Status === 'IN_PROGRESS';
        attempt += 1
      ) {
        await nubis.advanceClock(130_000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const failed = await get('hanging', '1');
      assert.equal(failed.Status, 'FAILED');
      assert.equal(failed.StatusReason, 'FUNCTION_ERROR_INIT_FAILURE');
    });

    test('provisioned environments outlive the idle timeout until the config is deleted', async () => {
      await publish('kept');
      await put('kept', '1', 1);
      await settled('kept', '1');
      const provisioned = await invoke('kept', '1');
      const onDemand = await invoke('kept');
      await nubis.advanceClock(IDLE_TIMEOUT_MS);
      assert.notEqual((await invoke('kept')).pid, onDemand.pid, 'the idle on-demand environment was reaped');
      const again = await invoke('kept', '1');
      assert.equal(again.pid, provisioned.pid);
      assert.equal(again.invocations, 2);

      await lambda.send(
        new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'kept', Qualifier: '1' }),
      );
      await nubis.advanceClock(IDLE_TIMEOUT_MS);
      const released = await invoke('kept', '1');
      assert.notEqual(released.pid, provisioned.pid, 'released to idle reaping');
      assert.equal(released.initType, 'on-demand');
    });

    test('when every provisioned environment is busy, an on-demand one serves the spillover', async () => {
      const sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
      try {
        await publish('spill');
        await put('spill', '1', 1);
        await settled('spill', '1');
        const held = await holdOne(
          lambda,
          sqs,
          { FunctionName: 'spill', Qualifier: '1' },
          `spill-${storage}`,
        );
        assert.equal((await invoke('spill', '1')).initType, 'on-demand');
        assert.equal((JSON.parse(await held.release()) as Report).initType, 'provisioned-concurrency');
      } finally {
        sqs.destroy();
      }
      const cloudwatch = new CloudWatchClient(sdkConfig(nubis.endpoint, ACCOUNT));
      const sum = async (MetricName: string) => {
        const { Datapoints = [] } = await cloudwatch.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/Lambda',
            MetricName,
            Dimensions: [
              { Name: 'FunctionName', Value: 'spill' },
              { Name: 'Resource', Value: 'spill:1' },
            ],
            StartTime: new Date(Date.now() - 3_600_000),
            EndTime: new Date(Date.now() + 3_600_000),
            Period: 7200,
            Statistics: ['Sum'],
          }),
        );
        return Datapoints[0]?.Sum;
      };
      assert.equal(await sum('ProvisionedConcurrencySpilloverInvocations'), 1);
      assert.equal(await sum('ProvisionedConcurrencyInvocations'), 1);
      cloudwatch.destroy();
    });

    test('lists in pages; deleting a version, an alias or the function deletes its configs', async () => {
      await publish('listed', 3);
      await lambda.send(
        new CreateAliasCommand({ FunctionName: 'listed', Name: 'live', FunctionVersion: '3' }),
      );
      for (const qualifier of ['1', '2', 'live']) await put('listed', qualifier, 1);
      const list = (Marker?: string) =>
        lambda.send(
          new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'listed', MaxItems: 2, Marker }),
        );
      const first = await list();
      assert.deepEqual(
        first.ProvisionedConcurrencyConfigs?.map((config) => config.FunctionArn),
        [`${ARN}:listed:1`, `${ARN}:listed:2`],
      );
      assert.equal(first.ProvisionedConcurrencyConfigs?.[0]?.RequestedProvisionedConcurrentExecutions, 1);
      const second = await list(first.NextMarker);
      assert.deepEqual(
        second.ProvisionedConcurrencyConfigs?.map((config) => config.FunctionArn),
        [`${ARN}:listed:live`],
      );
      assert.equal(second.NextMarker, undefined);

      const qualifiers = async () =>
        (
          await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'listed' }))
        ).ProvisionedConcurrencyConfigs?.map((config) => config.FunctionArn?.split(':').pop());
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'listed', Qualifier: '2' }));
      assert.deepEqual(await qualifiers(), ['1', 'live']);
      await rejects(get('listed', '2'), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${ARN}:listed:2`,
      });
      await lambda.send(new DeleteAliasCommand({ FunctionName: 'listed', Name: 'live' }));
      assert.deepEqual(await qualifiers(), ['1']);
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'listed' }));
      await publish('listed');
      assert.deepEqual(await qualifiers(), []);
    });
  });

  describe(`Lambda provisioned concurrency limits (${storage})`, () => {
    // An account of its own, so that other suites' configs do not count.
    const OWN_ACCOUNT = '222222222222';
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    before(async () => {
      nubis = await startNubis({ storage });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, OWN_ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      lambda?.destroy();
      await nubis?.stop();
    });

    const put = (name: string, count: number) =>
      lambda.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: name,
          Qualifier: '1',
          ProvisionedConcurrentExecutions: count,
        }),
      );

    async function publish(name: string) {
      await createFunction(lambda, name, { Role: `arn:aws:iam::${OWN_ACCOUNT}:role/lambda-role` });
      await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    }

    test('provisioned concurrency fits in the reservation, which then throttles $LATEST', async () => {
      await publish('reserved');
      await lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 1 }),
      );
      await rejects(put('reserved', 2), {
        name: 'InvalidParameterValueException',
        message:
          'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function',
      });
      await put('reserved', 1);
      await rejects(
        lambda.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 0 }),
        ),
        {
          name: 'InvalidParameterValueException',
          message:
            " ReservedConcurrentExecutions  0 should not be lower than function's total provisioned concurrency [1].",
        },
      );
      // All of the reservation is provisioned: the unpublished version has none left (as on Lambda).
      await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'reserved' })), (error: any) => {
        assert.equal(error.name, 'TooManyRequestsException');
        assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
        return true;
      });
    });

    test("outside a reservation it comes out of the account's unreserved concurrency", async () => {
      await publish('unreserved');
      await rejects(put('unreserved', 1001), {
        name: 'InvalidParameterValueException',
        message:
          "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].",
      });
      // 1,000 less the other function's reservation of 1 leaves 999; 100 must stay unreserved.
      await rejects(put('unreserved', 900), {
        name: 'InvalidParameterValueException',
        message:
          "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
      });
      await put('unreserved', 2);
      const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(AccountLimit?.UnreservedConcurrentExecutions, 1000 - 1 - 2);
    });
  });
}
