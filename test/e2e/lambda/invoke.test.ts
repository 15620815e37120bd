import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { sdkConfig, storages } from '../../support/nubis.js';
import { ACCOUNT, ROLE, useLambda, zipOf } from './support.js';

const NODE_CODE = {
  'index.mjs': `
    export const handler = async (event, context) => {
      console.log('handling', JSON.stringify(event));
      return { doubled: event.n * 2, name: context.functionName, region: process.env.AWS_REGION, custom: process.env.CUSTOM };
    };
    export const fails = async () => { throw new RangeError('out of range'); };
    export const notify = async (event) => {
      const response = await fetch(process.env.AWS_ENDPOINT_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
        body: JSON.stringify({ QueueUrl: event.queueUrl, MessageBody: 'from ' + process.env.AWS_LAMBDA_FUNCTION_NAME }),
      });
      return response.status;
    };`,
};

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as any;

for (const storage of storages()) {
  describe(`Lambda Invoke (${storage})`, () => {
    const fixture = useLambda(storage);

    async function create(name: string, handler: string, extra: Record<string, unknown> = {}) {
      await fixture.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs22.x',
          Role: ROLE,
          Handler: handler,
          Code: { ZipFile: await zipOf(NODE_CODE) },
          Environment: { Variables: { CUSTOM: 'value' } },
          ...extra,
        }),
      );
    }

    test('RequestResponse returns the result, runs warm the second time, and logs to CloudWatch Logs', async () => {
      await create('doubler', 'index.handler');
      const first = await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":21}'), LogType: 'Tail' }),
      );
      assert.equal(first.StatusCode, 200);
      assert.equal(first.FunctionError, undefined);
      assert.equal(first.ExecutedVersion, '$LATEST');
      assert.deepEqual(decode(first.Payload), {
        doubled: 42,
        name: 'doubler',
        region: 'us-east-1',
        custom: 'value',
      });
      const tail = Buffer.from(first.LogResult ?? '', 'base64').toString('utf8');
      assert.match(tail, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
      assert.match(tail, /\tINFO\thandling \{"n":21\}$/m);
      assert.match(tail, /^END RequestId: /m);
      assert.match(
        tail,
        /^REPORT RequestId: .*\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t$/m,
      );

      const second = await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'doubler', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }),
      );
      assert.deepEqual(decode(second.Payload).doubled, 2);
      assert.doesNotMatch(Buffer.from(second.LogResult ?? '', 'base64').toString(), /Init Duration/);

      const logs = new CloudWatchLogsClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));
      const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/doubler' }));
      const messages = (events ?? []).map((event) => event.message ?? '');
      assert.equal(messages.filter((message) => message.startsWith('START RequestId')).length, 2);
      assert.equal(messages.filter((message) => message.startsWith('REPORT RequestId')).length, 2);
      assert.ok(messages.some((message) => message.includes('handling {"n":21}')));
      assert.match(events?.[0]?.logStreamName ?? '', /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    });

    test('callers invoking one function at once each get their own answer from a free environment', async () => {
      await create('shared', 'index.handler');
      // Ten callers in a loop: an environment handed back must not be handed out while a caller
      // still holds it (one invocation per environment at a time).
      const caller = async (id: number) => {
        const answers: number[] = [];
        for (let i = 0; i < 10; i++) {
          const result = await fixture.lambda.send(
            new InvokeCommand({
              FunctionName: 'shared',
              Payload: Buffer.from(JSON.stringify({ n: id * 100 + i })),
            }),
          );
          assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload ?? []).toString());
          answers.push(decode(result.Payload).doubled);
        }
        return answers;
      };
      const answers = await Promise.all(Array.from({ length: 10 }, (_, id) => caller(id)));
      answers.forEach((list, id) =>
        assert.deepEqual(
          list,
          Array.from({ length: 10 }, (_, i) => (id * 100 + i) * 2),
        ),
      );
    });
    test('a function sees none of Nubis’s own variables, on Node.js or Python', async () => {
      const runtimes = {
        'nodejs22.x': {
          Handler: 'index.handler',
          files: { 'index.mjs': 'export const handler = async () => Object.keys(process.env);' },
        },
        'python3.12': {
          Handler: 'app.handler',
          files: { 'app.py': 'import os\ndef handler(event, context):\n    return list(os.environ)\n' },
        },
      };
      for (const [runtime, { Handler, files }] of Object.entries(runtimes)) {
        for (const name of [`${runtime.replace('.', '-')}-first`, `${runtime.replace('.', '-')}-second`]) {
          await create(name, Handler, { Runtime: runtime, Code: { ZipFile: await zipOf(files) } });
          const result = await fixture.lambda.send(new InvokeCommand({ FunctionName: name }));
          const names = decode(result.Payload) as string[];
          assert.ok(names.includes('AWS_LAMBDA_RUNTIME_API'), `${name}: ${names.join(', ')}`);
          assert.deepEqual(
            names.filter((variable) => variable.startsWith('NUBIS_')),
            [],
          );
        }
      }
    });

    test('a handler error comes back as FunctionError Unhandled with Lambda’s error payload', async () => {
      await create('failing', 'index.fails');
      const result = await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'failing', Payload: Buffer.from('{}') }),
      );
      assert.equal(result.StatusCode, 200);
      assert.equal(result.FunctionError, 'Unhandled');
      const error = decode(result.Payload);
      assert.equal(error.errorType, 'RangeError');
      assert.equal(error.errorMessage, 'out of range');
    });

    test('each invocation publishes Lambda’s metrics to CloudWatch', async () => {
      await create('measured', 'index.handler');
      await create('measured-failing', 'index.fails');
      await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'measured', Payload: Buffer.from('{"n":1}') }),
      );
      await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'measured', Payload: Buffer.from('{"n":2}') }),
      );
      await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'measured-failing', Payload: Buffer.from('{}') }),
      );
      const cloudwatch = new CloudWatchClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));
      const sum = async (functionName: string, metric: string, statistic: 'Sum' | 'Maximum' = 'Sum') => {
        const { Datapoints = [] } = await cloudwatch.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: functionName }],
            StartTime: new Date(Date.now() - 3_600_000),
            EndTime: new Date(Date.now() + 3_600_000),
            Period: 7200,
            Statistics: [statistic],
          }),
        );
        return Datapoints.reduce((total, point) => total + (point[statistic] ?? 0), 0);
      };
      assert.equal(await sum('measured', 'Invocations'), 2);
      assert.equal(await sum('measured', 'Errors'), 0);
      assert.equal(await sum('measured-failing', 'Errors'), 1);
      assert.ok((await sum('measured', 'Duration', 'Maximum')) > 0);
      assert.equal(await sum('measured', 'ConcurrentExecutions', 'Maximum'), 1);
    });

    test('DryRun, bad payloads and unknown functions', async () => {
      await create('dry', 'index.handler');
      const dry = await fixture.lambda.send(
        new InvokeCommand({ FunctionName: 'dry', InvocationType: 'DryRun' }),
      );
      assert.equal(dry.StatusCode, 204);
      await assert.rejects(
        fixture.lambda.send(new InvokeCommand({ FunctionName: 'dry', Payload: Buffer.from('{not json') })),
        (error: any) =>
          error.name === 'InvalidRequestContentException' && error.$metadata.httpStatusCode === 400,
      );
      await assert.rejects(
        fixture.lambda.send(new InvokeCommand({ FunctionName: 'nobody', Payload: Buffer.from('{}') })),
        (error: any) => error.name === 'ResourceNotFoundException' && error.$metadata.httpStatusCode === 404,
      );
    });

    test('Event invocations are accepted and run later; the function reaches Nubis through AWS_ENDPOINT_URL', async () => {
      const sqs = new SQSClient(sdkConfig(fixture.nubis.endpoint, ACCOUNT));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'lambda-events' }));
      await create('notifier', 'index.notify');
      const accepted = await fixture.lambda.send(
        new InvokeCommand({
          FunctionName: 'notifier',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ queueUrl: QueueUrl })),
        }),
      );
      assert.equal(accepted.StatusCode, 202);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      assert.equal(Messages?.[0]?.Body, 'from notifier');
    });
  });
}
