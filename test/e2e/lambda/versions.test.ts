import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { storages } from '../../support/nubis.js';
import {
  ACCOUNT,
  countBlobs,
  createFunction,
  decodePayload,
  rejects,
  sha256,
  useLambda,
  wordZip,
  zipOf,
} from './support.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

for (const storage of storages()) {
  describe(`Lambda versions (${storage})`, () => {
    const f = useLambda(storage);

    const invoke = async (FunctionName: string, Qualifier?: string) => {
      const result = await f.lambda.send(new InvokeCommand({ FunctionName, Qualifier, LogType: 'Tail' }));
      const tail = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
      return { ...decodePayload(result.Payload), executed: result.ExecutedVersion, tail };
    };

    test('PublishVersion snapshots $LATEST; unchanged code and configuration return the last version', async () => {
      const created = await createFunction(f.lambda, 'pub', { Code: { ZipFile: await wordZip('one') } });
      const first = await f.lambda.send(
        new PublishVersionCommand({ FunctionName: 'pub', Description: 'first release' }),
      );
      assert.equal(first.$metadata.httpStatusCode, 201);
      assert.equal(first.Version, '1');
      assert.equal(first.FunctionArn, `${arnOf('pub')}:1`);
      assert.equal(first.Description, 'first release');
      assert.equal(first.CodeSha256, created.CodeSha256);
      assert.notEqual(first.RevisionId, created.RevisionId);
      const waited = await waitUntilPublishedVersionActive(
        { client: f.lambda, maxWaitTime: 5, minDelay: 1 },
        { FunctionName: 'pub', Qualifier: '1' },
      );
      assert.equal(waited.state, 'SUCCESS');

      const latest = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pub' }));
      assert.notEqual(latest.RevisionId, created.RevisionId, 'publishing gives $LATEST a new RevisionId');
      assert.equal(latest.LastModified, created.LastModified);
      assert.equal(latest.Description, '');

      const again = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'pub' }));
      assert.equal(again.Version, '1');
      assert.equal(again.RevisionId, first.RevisionId);

      await f.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'pub', Timeout: 9 }));
      const second = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'pub' }));
      assert.equal(second.Version, '2');
      assert.equal(second.Timeout, 9);
      const one = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pub:1' }));
      assert.equal(one.Timeout, 3, 'a published version does not change');
      assert.equal(one.Description, 'first release');
      assert.equal(one.State, 'Active');
    });

    test('PublishVersion checks CodeSha256 and RevisionId', async () => {
      const created = await createFunction(f.lambda, 'guarded', { Code: { ZipFile: await wordZip('g') } });
      await rejects(
        f.lambda.send(new PublishVersionCommand({ FunctionName: 'guarded', CodeSha256: 'abc' })),
        {
          name: 'InvalidParameterValueException',
          message: `CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST (${created.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
          status: 400,
        },
      );
      await rejects(
        f.lambda.send(new PublishVersionCommand({ FunctionName: 'guarded', RevisionId: 'stale' })),
        {
          name: 'PreconditionFailedException',
          message:
            'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
          status: 412,
        },
      );
      const published = await f.lambda.send(
        new PublishVersionCommand({
          FunctionName: arnOf('guarded'),
          CodeSha256: created.CodeSha256,
          RevisionId: created.RevisionId,
        }),
      );
      assert.equal(published.Version, '1');
      await rejects(f.lambda.send(new PublishVersionCommand({ FunctionName: 'nobody' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('nobody')}`,
        status: 404,
      });
    });

    test('each version runs its own code, version variable, log stream and invoked ARN', async () => {
      await createFunction(f.lambda, 'twice', { Code: { ZipFile: await wordZip('one') }, Publish: true });
      const updated = await f.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'twice',
          ZipFile: await wordZip('two'),
          Publish: true,
        }),
      );
      assert.equal(updated.Version, '2');
      assert.equal(updated.FunctionArn, `${arnOf('twice')}:2`);

      // Version 1 still runs the first package although $LATEST's code was replaced before it ever ran.
      const one = await invoke('twice:1');
      assert.equal(one.word, 'one');
      assert.equal(one.executed, '1');
      assert.equal(one.version, '1');
      assert.equal(one.invokedArn, `${arnOf('twice')}:1`);
      assert.match(one.stream, /^\d{4}\/\d\d\/\d\d\/\[1\][0-9a-f]{32}$/);
      assert.match(one.tail, /^START RequestId: [0-9a-f-]{36} Version: 1$/m);

      const two = await invoke(arnOf('twice'), '2');
      assert.deepEqual([two.word, two.executed, two.version], ['two', '2', '2']);
      assert.equal(two.invokedArn, `${arnOf('twice')}:2`);

      const latest = await invoke('twice');
      assert.deepEqual([latest.word, latest.executed, latest.version], ['two', '$LATEST', '$LATEST']);
      assert.equal(latest.invokedArn, arnOf('twice'));
      assert.match(latest.stream, /\/\[\$LATEST\][0-9a-f]{32}$/);
      assert.equal((await invoke('twice:1')).word, 'one', 'version 1 keeps its own warm environment');

      await rejects(f.lambda.send(new InvokeCommand({ FunctionName: 'twice:7' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('twice')}:7`,
        status: 404,
      });
    });

    test('a version runs with its own handler, variables, memory and timeout after $LATEST changes', async () => {
      const code = `
        const about = (handler, context) => ({
          handler,
          colour: process.env.COLOUR,
          memory: context.memoryLimitInMB,
          remaining: context.getRemainingTimeInMillis(),
        });
        export const first = async (event, context) => about('first', context);
        export const second = async (event, context) => about('second', context);`;
      await createFunction(f.lambda, 'configured-versions', {
        Code: { ZipFile: await zipOf({ 'index.mjs': code }) },
        Handler: 'index.first',
        Environment: { Variables: { COLOUR: 'red' } },
        MemorySize: 256,
        Timeout: 10,
        Publish: true,
      });
      await f.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'configured-versions',
          Handler: 'index.second',
          Environment: { Variables: { COLOUR: 'blue' } },
          MemorySize: 512,
          Timeout: 30,
        }),
      );
      const one = await invoke('configured-versions', '1');
      assert.deepEqual([one.handler, one.colour, one.memory], ['first', 'red', '256']);
      assert.ok(one.remaining <= 10_000, `${one.remaining} ms left of version 1's 10 s`);
      const latest = await invoke('configured-versions');
      assert.deepEqual([latest.handler, latest.colour, latest.memory], ['second', 'blue', '512']);
      assert.ok(latest.remaining > 10_000, `${latest.remaining} ms left of $LATEST's 30 s`);
    });

    test('qualifiers in names, ARNs and Qualifier', async () => {
      const zip = await wordZip('q');
      await createFunction(f.lambda, 'qualified', { Code: { ZipFile: zip }, Publish: true });
      for (const [FunctionName, Qualifier] of [
        ['qualified:1', undefined],
        [`${ACCOUNT}:function:qualified:1`, undefined],
        [`${arnOf('qualified')}:1`, undefined],
        ['qualified', '1'],
        ['qualified:1', '1'],
      ]) {
        const got = await f.lambda.send(new GetFunctionCommand({ FunctionName, Qualifier }));
        assert.equal(got.Configuration?.Version, '1', FunctionName);
        assert.equal(got.Configuration?.FunctionArn, `${arnOf('qualified')}:1`);
        assert.equal(got.Configuration?.CodeSha256, sha256(zip));
      }
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'qualified:1', Qualifier: '2' })), {
        name: 'InvalidParameterValueException',
        message: 'The derived qualifier from the function name does not match the specified qualifier.',
        status: 400,
      });
      await rejects(
        f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'qualified', Qualifier: '5' })),
        {
          name: 'ResourceNotFoundException',
          message: `Function not found: ${arnOf('qualified')}:5`,
          status: 404,
        },
      );
    });

    test('ListVersionsByFunction lists $LATEST then the versions, with MaxItems and Marker', async () => {
      await createFunction(f.lambda, 'listed', { Code: { ZipFile: await wordZip('0') } });
      for (const timeout of [4, 5, 6]) {
        await f.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'listed', Timeout: timeout }),
        );
        await f.lambda.send(new PublishVersionCommand({ FunctionName: 'listed' }));
      }
      const all = await f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'listed' }));
      assert.deepEqual(
        all.Versions?.map((v) => [v.Version, v.FunctionArn, v.Timeout]),
        [
          ['$LATEST', `${arnOf('listed')}:$LATEST`, 6],
          ['1', `${arnOf('listed')}:1`, 4],
          ['2', `${arnOf('listed')}:2`, 5],
          ['3', `${arnOf('listed')}:3`, 6],
        ],
      );
      assert.equal(all.NextMarker, undefined);
      const seen: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await f.lambda.send(
          new ListVersionsByFunctionCommand({ FunctionName: 'listed', MaxItems: 3, Marker }),
        );
        assert.ok((page.Versions ?? []).length <= 3);
        seen.push(...(page.Versions ?? []).map((v) => v.Version ?? ''));
        Marker = page.NextMarker;
      } while (Marker);
      assert.deepEqual(seen, ['$LATEST', '1', '2', '3']);
      await rejects(
        f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'listed', Marker: 'bad' })),
        {
          name: 'InvalidParameterValueException',
          status: 400,
        },
      );
      await rejects(f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'unlisted' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('unlisted')}`,
      });
    });

    test('DeleteFunction deletes one version, or the function with all its versions', async () => {
      const before = await f.lambda.send(new GetAccountSettingsCommand({}));
      const created = await createFunction(f.lambda, 'pruned', {
        Code: { ZipFile: await wordZip('a') },
        Publish: true,
      });
      await f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'pruned', ZipFile: await wordZip('b') }),
      );
      await f.lambda.send(new PublishVersionCommand({ FunctionName: 'pruned' }));
      const during = await f.lambda.send(new GetAccountSettingsCommand({}));
      assert.ok(
        (during.AccountUsage?.TotalCodeSize ?? 0) >=
          (before.AccountUsage?.TotalCodeSize ?? 0) + 3 * (created.CodeSize ?? 0),
        'every version counts towards the code storage',
      );

      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'pruned', Qualifier: '1' }));
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'pruned:1' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('pruned')}:1`,
      });
      await rejects(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'pruned:1' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('pruned')}:1`,
        status: 404,
      });
      await rejects(
        f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'pruned', Qualifier: '$LATEST' })),
        {
          name: 'InvalidParameterValueException',
          message: '$LATEST version cannot be deleted without deleting the function.',
        },
      );
      // Version 2 shares $LATEST's package: deleting version 1 left it in place.
      assert.equal((await invoke('pruned:2')).word, 'b');
      assert.equal((await invoke('pruned')).word, 'b');

      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'pruned' }));
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'pruned:2' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('pruned')}:2`,
      });
      await createFunction(f.lambda, 'pruned', { Code: { ZipFile: await wordZip('c') } });
      const versions = await f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'pruned' }));
      assert.deepEqual(
        versions.Versions?.map((v) => v.Version),
        ['$LATEST'],
      );
      const republished = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'pruned' }));
      assert.equal(republished.Version, '1', 'a new function numbers its versions from 1 again');
    });

    test('a package is deleted once neither $LATEST nor a version runs it', async () => {
      const base = await countBlobs(f.nubis);
      await createFunction(f.lambda, 'packaged', { Code: { ZipFile: await wordZip('p1') }, Publish: true });
      assert.equal(await countBlobs(f.nubis), base + 1, 'version 1 shares the package of $LATEST');
      await f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'packaged', ZipFile: await wordZip('p2') }),
      );
      assert.equal(await countBlobs(f.nubis), base + 2, 'version 1 keeps the replaced package');
      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'packaged', Qualifier: '1' }));
      assert.equal(await countBlobs(f.nubis), base + 1);
      await f.lambda.send(new PublishVersionCommand({ FunctionName: 'packaged' }));
      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'packaged' }));
      assert.equal(await countBlobs(f.nubis), base);
    });
  });
}
