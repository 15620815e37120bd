import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetAccountSettingsCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
  type PublishLayerVersionCommandInput,
} from '@aws-sdk/client-lambda';
import { sdkConfig, storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, sha256, useLambda, zipOf } from './support.js';

const OTHER_ACCOUNT = '111111111111';
const layerArnOf = (name: string, account = ACCOUNT) => `arn:aws:lambda:us-east-1:${account}:layer:${name}`;
const LAMBDA_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

for (const storage of storages()) {
  describe(`Lambda layers (${storage})`, () => {
    const f = useLambda(storage);

    async function publish(name: string, extra: Partial<PublishLayerVersionCommandInput> = {}) {
      const zip = await zipOf({ 'nodejs/node_modules/lib/index.js': `module.exports = '${name}';` });
      return f.lambda.send(
        new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip }, ...extra }),
      );
    }

    test('PublishLayerVersion numbers versions 1, 2, … and Get, GetByArn and ListLayerVersions show them', async () => {
      const zip = await zipOf({ 'python/util.py': 'X = 1' });
      const usage = async () =>
        (await f.lambda.send(new GetAccountSettingsCommand({}))).AccountUsage?.TotalCodeSize;
      const before = await usage();
      const first = await f.lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'util',
          Content: { ZipFile: zip },
          Description: 'helpers',
          LicenseInfo: 'MIT',
          CompatibleRuntimes: ['python3.12', 'nodejs20.x'],
          CompatibleArchitectures: ['x86_64'],
        }),
      );
      assert.equal(first.$metadata.httpStatusCode, 201);
      assert.equal(first.Version, 1);
      assert.equal(first.LayerArn, layerArnOf('util'));
      assert.equal(first.LayerVersionArn, `${layerArnOf('util')}:1`);
      assert.deepEqual(first.Content, { CodeSha256: sha256(zip), CodeSize: zip.length });
      assert.match(first.CreatedDate ?? '', LAMBDA_DATE);
      assert.equal(first.Description, 'helpers');
      assert.equal(first.LicenseInfo, 'MIT');
      assert.deepEqual(first.CompatibleRuntimes, ['python3.12', 'nodejs20.x']);
      assert.deepEqual(first.CompatibleArchitectures, ['x86_64']);

      const second = await publish('util');
      assert.equal(second.Version, 2);
      // Layer archives count in the account's code storage, as on Lambda.
      assert.equal(await usage(), (before ?? 0) + zip.length + (second.Content?.CodeSize ?? 0));
      assert.equal(second.Description, '');
      assert.deepEqual(second.CompatibleRuntimes, []);
      assert.equal(second.LicenseInfo, undefined);

      const { $metadata, ...got } = await f.lambda.send(
        new GetLayerVersionCommand({ LayerName: 'util', VersionNumber: 1 }),
      );
      assert.equal($metadata.httpStatusCode, 200);
      const { $metadata: _, ...published } = first;
      assert.deepEqual(got, published);
      const byArn = await f.lambda.send(new GetLayerVersionByArnCommand({ Arn: `${layerArnOf('util')}:2` }));
      assert.equal(byArn.Version, 2);
      const byLayerArn = await f.lambda.send(
        new GetLayerVersionCommand({ LayerName: layerArnOf('util'), VersionNumber: 2 }),
      );
      assert.equal(byLayerArn.LayerVersionArn, `${layerArnOf('util')}:2`);

      const versions = await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'util' }));
      assert.deepEqual(
        versions.LayerVersions?.map((version) => [version.Version, version.LayerVersionArn]),
        [
          [2, `${layerArnOf('util')}:2`],
          [1, `${layerArnOf('util')}:1`],
        ],
      );
      const paged = await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'util', MaxItems: 1 }));
      assert.equal(paged.LayerVersions?.[0]?.Version, 2);
      const rest = await f.lambda.send(
        new ListLayerVersionsCommand({ LayerName: 'util', Marker: paged.NextMarker }),
      );
      assert.deepEqual(
        rest.LayerVersions?.map((version) => version.Version),
        [1],
      );
      assert.equal(rest.NextMarker, undefined);
      const missing = await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'nope' }));
      assert.deepEqual(missing.LayerVersions, []);
    });

    test('ListLayers shows the newest matching version of each layer, filtered and paged', async () => {
      await publish('list-a', { CompatibleRuntimes: ['nodejs20.x'], CompatibleArchitectures: ['arm64'] });
      await publish('list-a', { CompatibleRuntimes: ['python3.12'] });
      await publish('list-b', { CompatibleRuntimes: ['nodejs20.x'] });
      const all = await f.lambda.send(new ListLayersCommand({}));
      const mine = all.Layers?.filter((layer) => layer.LayerName?.startsWith('list-'));
      assert.deepEqual(
        mine?.map((layer) => [layer.LayerName, layer.LayerArn, layer.LatestMatchingVersion?.Version]),
        [
          ['list-a', layerArnOf('list-a'), 2],
          ['list-b', layerArnOf('list-b'), 1],
        ],
      );
      const node = await f.lambda.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }));
      const nodeLayers = node.Layers?.filter((layer) => layer.LayerName?.startsWith('list-'));
      assert.deepEqual(
        nodeLayers?.map((layer) => [layer.LayerName, layer.LatestMatchingVersion?.Version]),
        [
          ['list-a', 1],
          ['list-b', 1],
        ],
      );
      const arm = await f.lambda.send(new ListLayersCommand({ CompatibleArchitecture: 'arm64' }));
      assert.deepEqual(
        arm.Layers?.map((layer) => layer.LayerName),
        ['list-a'],
      );
      const page = await f.lambda.send(
        new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x', MaxItems: 1 }),
      );
      assert.equal(page.Layers?.length, 1);
      const next = await f.lambda.send(
        new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x', Marker: page.NextMarker }),
      );
      assert.notEqual(next.Layers?.[0]?.LayerName, page.Layers?.[0]?.LayerName);
    });

    test('DeleteLayerVersion is idempotent and never reuses a version number', async () => {
      await publish('gone');
      await publish('gone');
      for (const [LayerName, VersionNumber] of [
        ['never', 1],
        ['gone', 9],
        ['gone', 1],
        ['gone', 1],
        ['gone', 2],
      ] as const) {
        const deleted = await f.lambda.send(new DeleteLayerVersionCommand({ LayerName, VersionNumber }));
        assert.equal(deleted.$metadata.httpStatusCode, 204);
      }
      await rejects(f.lambda.send(new GetLayerVersionCommand({ LayerName: 'gone', VersionNumber: 1 })), {
        name: 'ResourceNotFoundException',
        message: 'The resource you requested does not exist.',
        status: 404,
      });
      assert.deepEqual(
        (await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'gone' }))).LayerVersions,
        [],
      );
      assert.equal((await publish('gone')).Version, 3);
    });

    test('bad input gets Lambda errors', async () => {
      await publish('checked');
      const zip = await zipOf({ 'a.txt': 'a' });
      await rejects(f.lambda.send(new GetLayerVersionCommand({ LayerName: 'checked', VersionNumber: 0 })), {
        name: 'InvalidParameterValueException',
        message: 'Layer Version Cannot be less than 1',
        status: 400,
      });
      await rejects(
        f.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'checked', VersionNumber: -1 })),
        {
          name: 'InvalidParameterValueException',
        },
      );
      await rejects(f.lambda.send(new GetLayerVersionCommand({ LayerName: 'bad name!', VersionNumber: 1 })), {
        name: 'ValidationException',
        message:
          /at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      });
      await rejects(f.lambda.send(new GetLayerVersionByArnCommand({ Arn: layerArnOf('checked') })), {
        name: 'ValidationException',
        message: new RegExp(`^1 validation error detected: Value '${layerArnOf('checked')}' at 'arn'`),
      });
      await rejects(f.lambda.send(new GetLayerVersionByArnCommand({ Arn: `${layerArnOf('checked')}:2` })), {
        name: 'ResourceNotFoundException',
        status: 404,
      });
      await rejects(
        f.lambda.send(
          new PublishLayerVersionCommand({ LayerName: 's3', Content: { S3Bucket: 'b', S3Key: 'k' } }),
        ),
        { name: 'InvalidParameterValueException', message: /not available yet/ },
      );
      await rejects(
        f.lambda.send(
          new PublishLayerVersionCommand({
            LayerName: 'bad-compat',
            Content: { ZipFile: zip },
            CompatibleRuntimes: ['cobol' as never, 'nodejs20.x'],
            CompatibleArchitectures: ['sparc' as never],
          }),
        ),
        {
          name: 'ValidationException',
          message:
            /^2 validation errors detected: Value '\[cobol, nodejs20.x\]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: \[.*\]; Value '\[sparc\]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set: \[x86_64, arm64\], Member must not be null\]$/,
        },
      );
      await rejects(f.lambda.send(new ListLayersCommand({ CompatibleRuntime: 'cobol' as never })), {
        name: 'ValidationException',
        message:
          /^1 validation error detected: Value 'cobol' at 'compatibleRuntime' failed to satisfy constraint/,
      });
      await rejects(f.lambda.send(new ListLayersCommand({ CompatibleArchitecture: 'sparc' as never })), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'sparc' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]",
      });
      await rejects(f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'checked', Marker: 'junk' })), {
        name: 'InvalidParameterValueException',
        message: 'Invalid Marker',
      });
    });

    test('layer version policies: statements, StatementId conflicts, RevisionId, other accounts', async () => {
      const layer = await publish('shared');
      const version = { LayerName: 'shared', VersionNumber: 1 };
      await rejects(f.lambda.send(new GetLayerVersionPolicyCommand(version)), {
        name: 'ResourceNotFoundException',
        message: 'No policy is associated with the given resource.',
        status: 404,
      });
      const other = new LambdaClient({ ...sdkConfig(f.nubis.endpoint, OTHER_ACCOUNT), maxAttempts: 1 });
      const arn = layer.LayerVersionArn ?? '';
      await rejects(other.send(new GetLayerVersionByArnCommand({ Arn: arn })), {
        name: 'ResourceNotFoundException',
      });

      const permission = { ...version, Action: 'lambda:GetLayerVersion' };
      const added = await f.lambda.send(
        new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'everyone', Principal: '*' }),
      );
      assert.equal(added.$metadata.httpStatusCode, 201);
      const everyone = {
        Sid: 'everyone',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:GetLayerVersion',
        Resource: arn,
      };
      assert.deepEqual(JSON.parse(added.Statement ?? ''), everyone);
      await rejects(
        f.lambda.send(
          new AddLayerVersionPermissionCommand({ ...permission, StatementId: 'everyone', Principal: '*' }),
        ),
        {
          name: 'ResourceConflictException',
          message:
            'The statement id (everyone) provided already exists. Please provide a new statement id, or remove the existing statement.',
          status: 409,
        },
      );
      await rejects(
        f.lambda.send(
          new AddLayerVersionPermissionCommand({
            ...permission,
            StatementId: 'x',
            Principal: '*',
            RevisionId: 'stale',
          }),
        ),
        {
          name: 'PreconditionFailedException',
          message:
            'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
          status: 412,
        },
      );
      await rejects(
        f.lambda.send(
          new AddLayerVersionPermissionCommand({
            ...permission,
            Action: '*',
            StatementId: 'x',
            Principal: '*',
          }),
        ),
        {
          name: 'ValidationException',
          message:
            "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion",
        },
      );
      const account = await f.lambda.send(
        new AddLayerVersionPermissionCommand({
          ...permission,
          StatementId: 'partner',
          Principal: OTHER_ACCOUNT,
          RevisionId: added.RevisionId,
        }),
      );
      const partner = {
        ...everyone,
        Sid: 'partner',
        Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
      };
      assert.deepEqual(JSON.parse(account.Statement ?? ''), partner);
      const policy = await f.lambda.send(new GetLayerVersionPolicyCommand(version));
      assert.equal(policy.RevisionId, account.RevisionId);
      assert.deepEqual(JSON.parse(policy.Policy ?? ''), {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [everyone, partner],
      });

      // Shared with the other account: it may read the version and use it in its functions.
      assert.equal((await other.send(new GetLayerVersionByArnCommand({ Arn: arn }))).Version, 1);
      const used = await createFunction(other, 'uses-shared', { Layers: [arn] });
      assert.deepEqual(used.Layers, [{ Arn: arn, CodeSize: layer.Content?.CodeSize }]);

      const removed = await f.lambda.send(
        new RemoveLayerVersionPermissionCommand({ ...version, StatementId: 'everyone' }),
      );
      assert.equal(removed.$metadata.httpStatusCode, 204);
      const after = await f.lambda.send(new GetLayerVersionPolicyCommand(version));
      assert.notEqual(after.RevisionId, policy.RevisionId);
      assert.deepEqual(JSON.parse(after.Policy ?? '').Statement, [partner]);
      await rejects(
        f.lambda.send(new RemoveLayerVersionPermissionCommand({ ...version, StatementId: 'everyone' })),
        {
          name: 'ResourceNotFoundException',
          message: 'Statement everyone is not found in resource policy.',
        },
      );
      await rejects(f.lambda.send(new GetLayerVersionPolicyCommand({ ...version, VersionNumber: 2 })), {
        name: 'ResourceNotFoundException',
        message: `Layer version ${layerArnOf('shared')}:2 does not exist.`,
      });
      await rejects(
        other.send(new DeleteLayerVersionCommand({ LayerName: layerArnOf('shared'), VersionNumber: 1 })),
        {
          name: 'AccessDeniedException',
          status: 403,
        },
      );
      other.destroy();
    });

    test('functions reference up to five layer versions, one per layer, in their region', async () => {
      const arns: string[] = [];
      for (let n = 1; n <= 6; n++) arns.push((await publish(`fl-${n}`)).LayerVersionArn ?? '');
      const second = (await publish('fl-1')).LayerVersionArn ?? '';
      const created = await createFunction(f.lambda, 'layered', { Layers: arns.slice(0, 2) });
      assert.deepEqual(
        created.Layers?.map((layer) => layer.Arn),
        arns.slice(0, 2),
      );
      assert.ok((created.Layers?.[0]?.CodeSize ?? 0) > 0);

      const configure = (Layers: string[]) =>
        f.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'layered', Layers }));
      await rejects(configure(arns), {
        name: 'InvalidParameterValueException',
        message: 'Cannot reference more than 5 layers.',
      });
      await rejects(configure([arns[0] ?? '', second]), {
        name: 'InvalidParameterValueException',
        message: `Two different versions of the same layer are not allowed to be referenced in the same function. ${arns[0]} and ${second} are versions of the same layer.`,
      });
      await rejects(configure([`${layerArnOf('fl-1')}:9`]), {
        name: 'InvalidParameterValueException',
        message: `Layer version ${layerArnOf('fl-1')}:9 does not exist.`,
        status: 400,
      });
      await rejects(configure([layerArnOf('fl-1')]), {
        name: 'ValidationException',
        message: new RegExp(`^1 validation error detected: Value '\\[${layerArnOf('fl-1')}\\]' at 'layers'`),
      });
      await rejects(configure([`arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:fl-1:1`]), {
        name: 'InvalidParameterValueException',
        message:
          'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.',
      });

      const updated = await configure([arns[2] ?? '']);
      assert.deepEqual(
        updated.Layers?.map((layer) => layer.Arn),
        [arns[2]],
      );
      // A deleted version stays in the configuration of the functions that use it.
      await f.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'fl-3', VersionNumber: 1 }));
      const kept = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'layered' }));
      assert.deepEqual(
        kept.Layers?.map((layer) => layer.Arn),
        [arns[2]],
      );
      await rejects(configure([arns[2] ?? '']), {
        name: 'InvalidParameterValueException',
        message: /does not exist/,
      });
      const cleared = await configure([]);
      assert.equal(cleared.Layers, undefined);
    });
  });
}
