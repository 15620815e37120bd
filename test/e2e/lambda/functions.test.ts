import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { storages } from '../../support/nubis.js';
import { ACCOUNT, ROLE, createFunction, handlerZip, rejects, sha256, useLambda, zipOf } from './support.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

for (const storage of storages()) {
  describe(`Lambda functions (${storage})`, () => {
    const f = useLambda(storage);

    test('CreateFunction answers Pending; the function is Active at once and the waiter succeeds', async () => {
      const zip = await handlerZip();
      const created = await createFunction(f.lambda, 'hello', {
        Code: { ZipFile: zip },
        Description: 'says hi',
        Environment: { Variables: { GREETING: 'hi' } },
        Tags: { team: 'core' },
      });
      assert.equal(created.FunctionName, 'hello');
      assert.equal(created.FunctionArn, arnOf('hello'));
      assert.equal(created.Version, '$LATEST');
      assert.equal(created.State, 'Pending');
      assert.equal(created.StateReasonCode, 'Creating');
      assert.equal(created.LastUpdateStatus, 'Successful');
      assert.equal(created.CodeSize, zip.length);
      assert.equal(created.CodeSha256, sha256(zip));
      assert.equal(created.MemorySize, 128);
      assert.equal(created.Timeout, 3);
      assert.equal(created.PackageType, 'Zip');
      assert.match(created.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      assert.match(created.RevisionId ?? '', /^[0-9a-f-]{36}$/);

      const waited = await waitUntilFunctionActiveV2(
        { client: f.lambda, maxWaitTime: 5, minDelay: 1 },
        { FunctionName: 'hello' },
      );
      assert.equal(waited.state, 'SUCCESS');

      const got = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'hello' }));
      assert.equal(got.Configuration?.State, 'Active');
      assert.equal(got.Configuration?.RevisionId, created.RevisionId);
      assert.deepEqual(got.Configuration?.Environment?.Variables, { GREETING: 'hi' });
      assert.equal(got.Code?.RepositoryType, 'S3');
      assert.deepEqual(got.Tags, { team: 'core' });

      await rejects(createFunction(f.lambda, 'hello'), {
        name: 'ResourceConflictException',
        message: 'Function already exist: hello',
        status: 409,
      });
    });

    test('a FunctionName may be a name, a partial ARN or a full ARN, with $LATEST', async () => {
      await createFunction(f.lambda, 'named');
      for (const name of ['named', `${ACCOUNT}:function:named`, arnOf('named')]) {
        const config = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
        assert.equal(config.FunctionArn, arnOf('named'), name);
      }
      // Named with a qualifier, Lambda answers with the qualified ARN.
      const latest = await f.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'named:$LATEST' }),
      );
      assert.equal(latest.FunctionArn, `${arnOf('named')}:$LATEST`);
      assert.equal(latest.Version, '$LATEST');
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'named', Qualifier: '7' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('named')}:7`,
        status: 404,
      });
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'absent' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('absent')}`,
        status: 404,
      });
    });

    test('UpdateFunctionCode and UpdateFunctionConfiguration; RevisionId guards both', async () => {
      const created = await createFunction(f.lambda, 'updated');
      const zip = await zipOf({ 'index.mjs': 'export const handler = async () => "v2";' });
      const code = await f.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'updated',
          ZipFile: zip,
          RevisionId: created.RevisionId,
        }),
      );
      assert.equal(code.CodeSha256, sha256(zip));
      assert.equal(code.CodeSize, zip.length);
      assert.notEqual(code.RevisionId, created.RevisionId);
      await rejects(
        f.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'updated',
            Timeout: 30,
            RevisionId: created.RevisionId,
          }),
        ),
        {
          name: 'PreconditionFailedException',
          message:
            'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
          status: 412,
        },
      );
      const config = await f.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: arnOf('updated'),
          Timeout: 30,
          MemorySize: 1024,
          Runtime: 'python3.12',
          Handler: 'app.handler',
          Description: 'changed',
          Environment: { Variables: { AB: '1' } },
          Role: 'arn:aws:iam::123456789012:role/other',
          RevisionId: code.RevisionId,
        }),
      );
      assert.equal(config.Timeout, 30);
      assert.equal(config.MemorySize, 1024);
      assert.equal(config.Runtime, 'python3.12');
      assert.equal(config.Handler, 'app.handler');
      assert.equal(config.Description, 'changed');
      assert.equal(config.Role, 'arn:aws:iam::123456789012:role/other');
      assert.equal(config.CodeSha256, sha256(zip));
      const waited = await waitUntilFunctionUpdatedV2(
        { client: f.lambda, maxWaitTime: 5, minDelay: 1 },
        { FunctionName: 'updated' },
      );
      assert.equal(waited.state, 'SUCCESS');
      const cleared = await f.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'updated', Environment: { Variables: {} } }),
      );
      assert.equal(cleared.Environment, undefined);

      const other = await zipOf({ 'index.mjs': 'export const handler = async () => "v3";' });
      const dry = await f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'updated', ZipFile: other, DryRun: true }),
      );
      assert.equal(dry.CodeSha256, sha256(other));
      assert.equal(dry.RevisionId, cleared.RevisionId, 'a dry run changes nothing');
      await rejects(
        f.lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: 'updated',
            ZipFile: other,
            RevisionId: created.RevisionId,
          }),
        ),
        { name: 'PreconditionFailedException', status: 412 },
      );
      const current = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'updated' }));
      assert.equal(current.CodeSha256, sha256(zip));
    });

    test('ListFunctions pages in name order with MaxItems and Marker', async () => {
      for (const name of ['page-c', 'page-a', 'page-b']) await createFunction(f.lambda, name);
      const all = await f.lambda.send(new ListFunctionsCommand({}));
      const names = (all.Functions ?? []).map((fn) => fn.FunctionName);
      assert.deepEqual(
        names.filter((n) => n?.startsWith('page-')),
        ['page-a', 'page-b', 'page-c'],
      );
      const seen: string[] = [];
      let marker: string | undefined;
      do {
        const page = await f.lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
        assert.ok((page.Functions ?? []).length <= 2);
        seen.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ''));
        marker = page.NextMarker;
      } while (marker);
      assert.deepEqual(seen, names);
    });

    test('ListFunctions with FunctionVersion ALL lists every published version too, paged', async () => {
      await createFunction(f.lambda, 'all-a', { Description: 'one', Publish: true });
      await f.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'all-a', Description: 'two' }),
      );
      await f.lambda.send(new PublishVersionCommand({ FunctionName: 'all-a' }));
      await createFunction(f.lambda, 'all-b');
      const listed = async (input: { FunctionVersion?: 'ALL'; MaxItems: number }) => {
        const entries: { arn?: string; version?: string; description?: string }[] = [];
        let marker: string | undefined;
        do {
          const page = await f.lambda.send(new ListFunctionsCommand({ ...input, Marker: marker }));
          assert.ok((page.Functions ?? []).length <= input.MaxItems);
          for (const fn of page.Functions ?? []) {
            // A subset of FunctionConfiguration: State and LastUpdateStatus are GetFunction's.
            assert.equal(fn.State, undefined);
            assert.equal(fn.LastUpdateStatus, undefined);
            if (fn.FunctionName?.startsWith('all-'))
              entries.push({ arn: fn.FunctionArn, version: fn.Version, description: fn.Description });
          }
          marker = page.NextMarker;
        } while (marker);
        return entries;
      };
      const expected = [
        { arn: `${arnOf('all-a')}:$LATEST`, version: '$LATEST', description: 'two' },
        { arn: `${arnOf('all-a')}:1`, version: '1', description: 'one' },
        { arn: `${arnOf('all-a')}:2`, version: '2', description: 'two' },
        { arn: `${arnOf('all-b')}:$LATEST`, version: '$LATEST', description: '' },
      ];
      assert.deepEqual(await listed({ FunctionVersion: 'ALL', MaxItems: 1 }), expected);
      assert.deepEqual(await listed({ FunctionVersion: 'ALL', MaxItems: 3 }), expected);
      assert.deepEqual(await listed({ MaxItems: 1 }), [
        { arn: arnOf('all-a'), version: '$LATEST', description: 'two' },
        { arn: arnOf('all-b'), version: '$LATEST', description: '' },
      ]);
    });

    test('ListFunctions checks FunctionVersion and MasterRegion as Lambda does', async () => {
      const list = (input: Record<string, string>) => f.lambda.send(new ListFunctionsCommand(input as any));
      await rejects(list({ FunctionVersion: 'LATEST' }), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'LATEST' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
        status: 400,
      });
      await rejects(list({ FunctionVersion: 'all', MasterRegion: 'nowhere' }), {
        name: 'ValidationException',
        message:
          "2 validation errors detected: Value 'all' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]; " +
          "Value 'nowhere' at 'masterRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}",
      });
      await rejects(list({ MasterRegion: 'eu-west-1' }), {
        name: 'InvalidParameterValueException',
        message:
          'The combination MasterArn=eu-west-1 and FunctionVersion=NULL is not supported. Please see our documentation for valid combinations of ListFunctions options.',
        status: 400,
      });
      // Only Lambda@Edge replicas are listed by MasterRegion, and Nubis has none.
      await createFunction(f.lambda, 'not-replicated');
      for (const region of ['us-east-1', 'ALL']) {
        const replicas = await list({ MasterRegion: region, FunctionVersion: 'ALL' });
        assert.deepEqual(replicas.Functions, []);
      }
    });

    test('DeleteFunction removes the function; GetAccountSettings counts what is left', async () => {
      const before = await f.lambda.send(new GetAccountSettingsCommand({}));
      await createFunction(f.lambda, 'doomed');
      const during = await f.lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(during.AccountUsage?.FunctionCount, (before.AccountUsage?.FunctionCount ?? 0) + 1);
      assert.ok((during.AccountUsage?.TotalCodeSize ?? 0) > (before.AccountUsage?.TotalCodeSize ?? 0));
      assert.deepEqual(during.AccountLimit, {
        TotalCodeSize: 80530636800,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000,
      });
      await f.lambda.send(new DeleteFunctionCommand({ FunctionName: arnOf('doomed') }));
      await rejects(f.lambda.send(new GetFunctionCommand({ FunctionName: 'doomed' })), {
        name: 'ResourceNotFoundException',
        status: 404,
      });
      await rejects(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' })), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arnOf('doomed')}`,
      });
      const after = await f.lambda.send(new GetAccountSettingsCommand({}));
      assert.equal(after.AccountUsage?.FunctionCount, before.AccountUsage?.FunctionCount);
      await createFunction(f.lambda, 'doomed', { Role: ROLE });
    });
  });
}
