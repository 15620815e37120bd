import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, zipOf } from './support.js';

// Each run reports itself to the `attempts` queue named in the event, so the test knows when a run
// happened before it moves the clock on.
const CODE = {
  'index.mjs': `
    const report = (queueUrl, body) => fetch(process.env.AWS_ENDPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: body }),
    });
    export const succeed = async (event) => { await report(event.attempts, 'ran'); return { ok: event.n }; };
    export const fail = async (event) => { await report(event.attempts, 'ran'); throw new TypeError('broken ' + event.n); };`,
};

for (const storage of storages()) {
  describe(`Lambda asynchronous invocation config (${storage})`, () => {
    let nubis: NubisProcess;
    let lambda: LambdaClient;
    let sqs: SQSClient;
    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      lambda = new LambdaClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
      sqs = new SQSClient(sdkConfig(nubis.endpoint, ACCOUNT));
    });
    after(async () => {
      lambda?.destroy();
      sqs?.destroy();
      await nubis?.stop();
    });

    const queue = async (name: string) => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      return { url, arn: Attributes!['QueueArn']! };
    };
    const receive = async (url: string) => {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }),
      );
      assert.ok(Messages?.[0], `a message on ${url}`);
      // Deleted, so that it does not come back when the clock passes its visibility timeout.
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: Messages[0].ReceiptHandle }));
      return Messages[0];
    };
    const create = async (name: string, handler: string, extra = {}) =>
      createFunction(lambda, name, {
        Handler: handler,
        Timeout: 30,
        Code: { ZipFile: await zipOf(CODE) },
        ...extra,
      });

    test('Put replaces, Update changes what is given; Get, List and Delete', async () => {
      await create('configured', 'index.succeed');
      const target = await queue('configured-target');
      const put = await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'configured',
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnSuccess: { Destination: target.arn } },
        }),
      );
      assert.equal(put.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:configured:$LATEST`);
      assert.equal(put.MaximumRetryAttempts, 1);
      assert.equal(put.MaximumEventAgeInSeconds, undefined);
      assert.deepEqual(put.DestinationConfig, { OnSuccess: { Destination: target.arn }, OnFailure: {} });
      assert.ok(put.LastModified instanceof Date);

      const updated = await lambda.send(
        new UpdateFunctionEventInvokeConfigCommand({
          FunctionName: 'configured',
          MaximumEventAgeInSeconds: 120,
        }),
      );
      assert.equal(updated.MaximumRetryAttempts, 1);
      assert.equal(updated.MaximumEventAgeInSeconds, 120);
      assert.deepEqual(updated.DestinationConfig?.OnSuccess, { Destination: target.arn });

      const replaced = await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'configured',
          MaximumEventAgeInSeconds: 300,
        }),
      );
      assert.equal(replaced.MaximumRetryAttempts, undefined);
      const got = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }));
      assert.equal(got.MaximumEventAgeInSeconds, 300);
      assert.deepEqual(got.DestinationConfig, { OnSuccess: {}, OnFailure: {} });

      const listed = await lambda.send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'configured' }),
      );
      assert.deepEqual(
        listed.FunctionEventInvokeConfigs?.map((config) => config.FunctionArn),
        [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:configured:$LATEST`],
      );
      await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }));
      await rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' })), {
        name: 'ResourceNotFoundException',
        message: `The function arn:aws:lambda:us-east-1:${ACCOUNT}:function:configured:$LATEST doesn't have an EventInvokeConfig`,
        status: 404,
      });
      await rejects(
        lambda.send(
          new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'configured', MaximumRetryAttempts: 0 }),
        ),
        { name: 'ResourceNotFoundException' },
      );
    });

    test('bad settings get Lambda’s errors', async () => {
      await create('strict', 'index.succeed');
      const put = (input: Record<string, unknown>) =>
        lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'strict', ...input }));
      await rejects(put({}), {
        name: 'InvalidParameterValueException',
        message: 'You must specify at least one of error handling or destination setting.',
      });
      await rejects(put({ MaximumRetryAttempts: 3 }), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
      });
      await rejects(put({ MaximumEventAgeInSeconds: 59 }), {
        name: 'ValidationException',
        message: /maximumEventAgeInSeconds.*greater than or equal to 60/,
      });
      await rejects(
        put({
          DestinationConfig: {
            OnFailure: { Destination: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:strict` },
          },
        }),
        {
          name: 'InvalidParameterValueException',
          message: "You can't specify the function as a destination for itself.",
        },
      );
      await rejects(put({ DestinationConfig: { OnSuccess: { Destination: 'not-an-arn' } } }), {
        name: 'ValidationException',
        message: /destinationConfig\.onSuccess\.destination/,
      });
      await rejects(
        put({ DestinationConfig: { OnSuccess: { Destination: `arn:aws:sns:us-east-1:${ACCOUNT}:topic` } } }),
        {
          name: 'InvalidParameterValueException',
          message: /sns resource, which Nubis cannot deliver to yet/,
        },
      );
      await rejects(
        lambda.send(
          new PutFunctionEventInvokeConfigCommand({ FunctionName: 'nobody', MaximumRetryAttempts: 1 }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      );
    });

    test('a success goes to the on-success destination in Lambda’s record format', async () => {
      const attempts = await queue('success-attempts');
      const target = await queue('success-target');
      await create('succeeding', 'index.succeed');
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'succeeding',
          DestinationConfig: { OnSuccess: { Destination: target.arn } },
        }),
      );
      const accepted = await lambda.send(
        new InvokeCommand({
          FunctionName: 'succeeding',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ n: 7, attempts: attempts.url })),
        }),
      );
      assert.equal(accepted.StatusCode, 202);
      const record = JSON.parse((await receive(target.url)).Body ?? '');
      assert.equal(record.version, '1.0');
      assert.equal(record.requestContext.requestId, accepted.$metadata.requestId);
      assert.equal(
        record.requestContext.functionArn,
        `arn:aws:lambda:us-east-1:${ACCOUNT}:function:succeeding:$LATEST`,
      );
      assert.equal(record.requestContext.condition, 'Success');
      assert.equal(record.requestContext.approximateInvokeCount, 1);
      assert.deepEqual(record.requestPayload, { n: 7, attempts: attempts.url });
      assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
      assert.deepEqual(record.responsePayload, { ok: 7 });
    });

    test('function errors are retried MaximumRetryAttempts times, a minute apart, then go to the on-failure destination and the dead-letter queue', async () => {
      const attempts = await queue('failure-attempts');
      const target = await queue('failure-target');
      const deadLetters = await queue('failure-dlq');
      await create('failing', 'index.fail', { DeadLetterConfig: { TargetArn: deadLetters.arn } });
      const configuration = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'failing' }),
      );
      assert.deepEqual(configuration.DeadLetterConfig, { TargetArn: deadLetters.arn });
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'failing',
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: target.arn } },
        }),
      );
      const event = { n: 3, attempts: attempts.url };
      const accepted = await lambda.send(
        new InvokeCommand({
          FunctionName: 'failing',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      await receive(attempts.url);
      // Advancing by nothing waits for the first attempt's job to finish (it reschedules itself).
      await nubis.advanceClock(0);
      await nubis.advanceClock(59_000);
      const early = await sqs.send(new ReceiveMessageCommand({ QueueUrl: attempts.url, WaitTimeSeconds: 0 }));
      assert.equal(early.Messages, undefined, 'no retry before a minute has passed');
      await nubis.advanceClock(1_000);
      await receive(attempts.url);

      const record = JSON.parse((await receive(target.url)).Body ?? '');
      assert.equal(record.requestContext.condition, 'RetriesExhausted');
      assert.equal(record.requestContext.approximateInvokeCount, 2);
      assert.equal(record.requestContext.requestId, accepted.$metadata.requestId);
      assert.deepEqual(record.responseContext, {
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
      assert.equal(record.responsePayload.errorType, 'TypeError');
      assert.equal(record.responsePayload.errorMessage, 'broken 3');

      const dead = await receive(deadLetters.url);
      assert.deepEqual(JSON.parse(dead.Body ?? ''), event);
      assert.equal(dead.MessageAttributes?.['RequestID']?.StringValue, accepted.$metadata.requestId);
      assert.equal(dead.MessageAttributes?.['ErrorCode']?.StringValue, '200');
      assert.equal(dead.MessageAttributes?.['ErrorMessage']?.StringValue, 'broken 3');
    });

    test('a published version’s failed event goes to that version’s dead-letter queue', async () => {
      const attempts = await queue('versioned-attempts');
      const published = await queue('versioned-dlq-published');
      const latest = await queue('versioned-dlq-latest');
      await create('versioned-failing', 'index.fail', {
        DeadLetterConfig: { TargetArn: published.arn },
        Publish: true,
      });
      await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'versioned-failing',
          DeadLetterConfig: { TargetArn: latest.arn },
        }),
      );
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'versioned-failing',
          Qualifier: '1',
          MaximumRetryAttempts: 0,
        }),
      );
      const event = { n: 5, attempts: attempts.url };
      const accepted = await lambda.send(
        new InvokeCommand({
          FunctionName: 'versioned-failing',
          Qualifier: '1',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      await receive(attempts.url);
      await nubis.advanceClock(0);
      const dead = await receive(published.url);
      assert.deepEqual(JSON.parse(dead.Body ?? ''), event);
      assert.equal(dead.MessageAttributes?.['RequestID']?.StringValue, accepted.$metadata.requestId);
      assert.equal(dead.MessageAttributes?.['ErrorMessage']?.StringValue, 'broken 5');
      const other = await sqs.send(new ReceiveMessageCommand({ QueueUrl: latest.url, WaitTimeSeconds: 0 }));
      assert.equal(other.Messages, undefined, '$LATEST’s dead-letter queue gets nothing');
    });

    test('a throttled event is retried until it is older than MaximumEventAgeInSeconds', async () => {
      const target = await queue('aged-target');
      await create('throttled', 'index.succeed');
      await lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 0 }),
      );
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'throttled',
          MaximumEventAgeInSeconds: 60,
          DestinationConfig: { OnFailure: { Destination: target.arn } },
        }),
      );
      await lambda.send(
        new InvokeCommand({
          FunctionName: 'throttled',
          InvocationType: 'Event',
          Payload: Buffer.from('{"n":1}'),
        }),
      );
      for (let step = 0; step < 7; step += 1) await nubis.advanceClock(10_000);
      const record = JSON.parse((await receive(target.url)).Body ?? '');
      assert.equal(record.requestContext.condition, 'EventAgeExceeded');
      assert.equal(record.requestContext.approximateInvokeCount, 0);
      assert.equal(record.responseContext, undefined);
    });

    test('UpdateFunctionConfiguration sets and removes the dead-letter queue', async () => {
      const deadLetters = await queue('updated-dlq');
      await create('updated', 'index.succeed');
      const set = await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'updated',
          DeadLetterConfig: { TargetArn: deadLetters.arn },
        }),
      );
      assert.deepEqual(set.DeadLetterConfig, { TargetArn: deadLetters.arn });
      const removed = await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'updated',
          DeadLetterConfig: { TargetArn: '' },
        }),
      );
      assert.equal(removed.DeadLetterConfig, undefined);
      await rejects(
        lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'updated',
            DeadLetterConfig: { TargetArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other` },
          }),
        ),
        { name: 'InvalidParameterValueException' },
      );
    });
  });
}
