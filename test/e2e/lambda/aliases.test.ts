import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  InvokeCommand,
  ListAliasesCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  type CreateAliasCommandInput,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sdkConfig, storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, decodePayload, rejects, useLambda, wordZip, zipOf } from './support.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** Sends the version it runs as and the ARN it was invoked by to the queue in the event. */
const NOTIFY_CODE = {
  'index.mjs': `export const handler = async (event, context) => {
    const response = await fetch(process.env.AWS_ENDPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({
        QueueUrl: event.queueUrl,
        MessageBody: process.env.AWS_LAMBDA_FUNCTION_VERSION + ' ' + context.invokedFunctionArn,
      }),
    });
    return response.status;
  };`,
};

const PATTERN_ERROR = (value: string) =>
  `1 validation error detected: Value '${value}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`;

for (const storage of storages()) {
  describe(`Lambda aliases (${storage})`, () => {
    const f = useLambda(storage);

    /** A function with versions 1 ("one") and 2 ("two"). */
    async function twoVersions(name: string): Promise<void> {
      await createFunction(f.lambda, name, { Code: { ZipFile: await wordZip('one') }, Publish: true });
      await f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await wordZip('two'), Publish: true }),
      );
    }

    const alias = (input: Omit<CreateAliasCommandInput, 'FunctionVersion'> & { FunctionVersion?: string }) =>
      f.lambda.send(new CreateAliasCommand({ FunctionVersion: '1', ...input }));

    const invoke = async (FunctionName: string, Qualifier?: string) => {
      const result = await f.lambda.send(new InvokeCommand({ FunctionName, Qualifier }));
      return { ...decodePayload(result.Payload), executed: result.ExecutedVersion };
    };

    test('CreateAlias, GetAlias, UpdateAlias (RevisionId), ListAliases, DeleteAlias', async () => {
      await twoVersions('aliased');
      const created = await alias({ FunctionName: 'aliased', Name: 'live', Description: 'production' });
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.equal(created.AliasArn, `${arnOf('aliased')}:live`);
      assert.equal(created.Name, 'live');
      assert.equal(created.FunctionVersion, '1');
      assert.equal(created.Description, 'production');
      assert.equal(created.RoutingConfig, undefined);
      assert.match(created.RevisionId ?? '', /^[0-9a-f-]{36}$/);
      const got = await f.lambda.send(new GetAliasCommand({ FunctionName: arnOf('aliased'), Name: 'live' }));
      assert.deepEqual({ ...got, $metadata: undefined }, { ...created, $metadata: undefined });
      await rejects(alias({ FunctionName: 'aliased', Name: 'live' }), {
        name: 'ResourceConflictException',
        message: `Alias already exists: ${arnOf('aliased')}:live`,
        status: 409,
      });

      const updated = await f.lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'aliased',
          Name: 'live',
          FunctionVersion: '2',
          RevisionId: created.RevisionId,
        }),
      );
      assert.equal(updated.FunctionVersion, '2');
      assert.equal(updated.Description, 'production', 'an absent member keeps its value');
      assert.notEqual(updated.RevisionId, created.RevisionId);
      await rejects(
        f.lambda.send(
          new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'live', RevisionId: created.RevisionId }),
        ),
        {
          name: 'PreconditionFailedException',
          message:
            'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
          status: 412,
        },
      );

      for (const name of ['beta', 'alpha', 'edge']) await alias({ FunctionName: 'aliased', Name: name });
      await alias({ FunctionName: 'aliased', Name: 'next', FunctionVersion: '$LATEST' });
      const all = await f.lambda.send(new ListAliasesCommand({ FunctionName: 'aliased' }));
      assert.deepEqual(
        all.Aliases?.map((a) => a.Name),
        ['alpha', 'beta', 'edge', 'live', 'next'],
      );
      const ofOne = await f.lambda.send(
        new ListAliasesCommand({ FunctionName: 'aliased', FunctionVersion: '1' }),
      );
      assert.deepEqual(
        ofOne.Aliases?.map((a) => a.Name),
        ['alpha', 'beta', 'edge'],
      );
      const seen: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await f.lambda.send(
          new ListAliasesCommand({ FunctionName: 'aliased', MaxItems: 2, Marker }),
        );
        assert.ok((page.Aliases ?? []).length <= 2);
        seen.push(...(page.Aliases ?? []).map((a) => a.Name ?? ''));
        Marker = page.NextMarker;
      } while (Marker);
      assert.deepEqual(seen, ['alpha', 'beta', 'edge', 'live', 'next']);

      const deleted = await f.lambda.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'beta' }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      await rejects(f.lambda.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'beta' })), {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${arnOf('aliased')}:beta`,
        status: 404,
      });
      await rejects(f.lambda.send(new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'beta' })), {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${arnOf('aliased')}:beta`,
      });
    });

    test('alias names and target versions follow Lambda’s rules', async () => {
      await twoVersions('strict');
      for (const name of ['12', '$LATEST']) {
        await rejects(alias({ FunctionName: 'strict', Name: name }), {
          name: 'ValidationException',
          message: PATTERN_ERROR(name),
          status: 400,
        });
      }
      await rejects(alias({ FunctionName: 'strict', Name: 'later', FunctionVersion: '9' }), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('strict')}:9`,
        status: 404,
      });
      await rejects(alias({ FunctionName: 'absent', Name: 'live' }), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('absent')}`,
      });
      await rejects(alias({ FunctionName: 'strict', Name: 'odd', FunctionVersion: 'v1' }), {
        name: 'ValidationException',
        status: 400,
      });
    });

    test('RoutingConfig is validated with Lambda’s messages', async () => {
      await twoVersions('routed');
      const cases: [CreateAliasCommandInput['RoutingConfig'], string, string, string][] = [
        [
          { AdditionalVersionWeights: { '2': 0.1, '3': 0.1 } },
          '1',
          'InvalidParameterValueException',
          'Number of items in AdditionalVersionWeights cannot be greater than 1',
        ],
        [
          { AdditionalVersionWeights: { '2': 1.5 } },
          '1',
          'ValidationException',
          "1 validation error detected: Value '{2=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
        ],
        [
          { AdditionalVersionWeights: { '1': 0.5 } },
          '1',
          'InvalidParameterValueException',
          'Invalid function version 1. Function version 1 is already included in routing configuration.',
        ],
        [
          { AdditionalVersionWeights: { '2': 0.5 } },
          '$LATEST',
          'InvalidParameterValueException',
          '$LATEST is not supported for an alias pointing to more than 1 version',
        ],
        [
          { AdditionalVersionWeights: { '5': 0.5 } },
          '1',
          'ResourceNotFoundException',
          `Function not found: ${arnOf('routed')}:5`,
        ],
      ];
      for (const [RoutingConfig, FunctionVersion, name, message] of cases) {
        await rejects(alias({ FunctionName: 'routed', Name: 'canary', FunctionVersion, RoutingConfig }), {
          name,
          message,
        });
      }
      const created = await alias({
        FunctionName: 'routed',
        Name: 'canary',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
      });
      assert.deepEqual(created.RoutingConfig, { AdditionalVersionWeights: { '2': 0.25 } });
      await rejects(
        f.lambda.send(
          new UpdateAliasCommand({ FunctionName: 'routed', Name: 'canary', FunctionVersion: '2' }),
        ),
        {
          name: 'InvalidParameterValueException',
          message:
            'Invalid function version 2. Function version 2 is already included in routing configuration.',
        },
      );
      const cleared = await f.lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'routed',
          Name: 'canary',
          RoutingConfig: { AdditionalVersionWeights: {} },
        }),
      );
      assert.equal(cleared.RoutingConfig, undefined);
    });

    test('Invoke through an alias runs its version and reports the alias in the invoked ARN', async () => {
      await twoVersions('served');
      await alias({ FunctionName: 'served', Name: 'live', FunctionVersion: '1' });
      const result = await invoke('served:live');
      assert.deepEqual([result.word, result.executed, result.version], ['one', '1', '1']);
      assert.equal(result.invokedArn, `${arnOf('served')}:live`);
      assert.equal((await invoke('served', 'live')).word, 'one');
      const config = await f.lambda.send(
        new GetFunctionCommand({ FunctionName: 'served', Qualifier: 'live' }),
      );
      assert.equal(config.Configuration?.FunctionArn, `${arnOf('served')}:live`);
      assert.equal(config.Configuration?.Version, '1');
      await rejects(f.lambda.send(new InvokeCommand({ FunctionName: 'served:missing' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('served')}:missing`,
        status: 404,
      });
    });

    test('weighted routing: weight 0 never, weight 1 always, weight 0.5 about half', async () => {
      await twoVersions('weighted');
      const runs = async (Name: string, count: number) => {
        const executed: string[] = [];
        for (let i = 0; i < count; i++) executed.push((await invoke('weighted', Name)).executed);
        return executed;
      };
      await alias({
        FunctionName: 'weighted',
        Name: 'never',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0 } },
      });
      await alias({
        FunctionName: 'weighted',
        Name: 'always',
        RoutingConfig: { AdditionalVersionWeights: { '2': 1 } },
      });
      await alias({
        FunctionName: 'weighted',
        Name: 'half',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
      });
      assert.deepEqual(new Set(await runs('never', 20)), new Set(['1']));
      assert.deepEqual(new Set(await runs('always', 20)), new Set(['2']));
      // 200 fair draws: fewer than 60 of either has a probability below 1e-8.
      const half = await runs('half', 200);
      const twos = half.filter((version) => version === '2').length;
      assert.ok(twos >= 60 && twos <= 140, `version 2 ran ${twos} times of 200`);
    });

    test('a version an alias uses cannot be deleted; deleting the function removes its aliases', async () => {
      await twoVersions('kept');
      await alias({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1' });
      await alias({
        FunctionName: 'kept',
        Name: 'canary',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      });
      await rejects(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept', Qualifier: '1' })), {
        name: 'ResourceConflictException',
        message: 'Unable to delete version because the following aliases reference it: [canary, live]',
        status: 409,
      });
      await rejects(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept:2' })), {
        name: 'ResourceConflictException',
        message: 'Unable to delete version because the following aliases reference it: [canary]',
      });
      await rejects(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept', Qualifier: 'live' })), {
        name: 'InvalidParameterValueException',
        status: 400,
      });
      await f.lambda.send(new DeleteAliasCommand({ FunctionName: 'kept', Name: 'canary' }));
      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept', Qualifier: '2' }));
      assert.equal((await invoke('kept:live')).word, 'one');

      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept' }));
      await twoVersions('kept');
      await rejects(f.lambda.send(new GetAliasCommand({ FunctionName: 'kept', Name: 'live' })), {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${arnOf('kept')}:live`,
      });
      const published = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'kept' }));
      assert.equal(published.Version, '2', 'unchanged since version 2: that version is returned');
    });

    test('an Event invocation through an alias runs the alias’s version', async () => {
      const sqs = new SQSClient(sdkConfig(f.nubis.endpoint, ACCOUNT));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alias-events' }));
      await createFunction(f.lambda, 'evented', {
        Code: { ZipFile: await zipOf(NOTIFY_CODE) },
        Publish: true,
      });
      await f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'evented', ZipFile: await wordZip('x') }),
      );
      await alias({ FunctionName: 'evented', Name: 'live', FunctionVersion: '1' });
      const accepted = await f.lambda.send(
        new InvokeCommand({
          FunctionName: 'evented',
          Qualifier: 'live',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ queueUrl: QueueUrl })),
        }),
      );
      assert.equal(accepted.StatusCode, 202);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      assert.equal(Messages?.[0]?.Body, `1 ${arnOf('evented')}:live`);
      sqs.destroy();
    });
  });
}
