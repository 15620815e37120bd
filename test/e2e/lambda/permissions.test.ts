import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AddPermissionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, useLambda } from './support.js';

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

for (const storage of storages()) {
  describe(`Lambda permissions (${storage})`, () => {
    const fixture = useLambda(storage);

    test('AddPermission builds statements; GetPolicy returns the policy document Lambda returns', async () => {
      const created = await createFunction(fixture.lambda, 'policy-doc');
      const added = await fixture.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'policy-doc',
          StatementId: 's3-invoke',
          Action: 'lambda:InvokeFunction',
          Principal: 's3.amazonaws.com',
          SourceArn: 'arn:aws:s3:::my-bucket',
          SourceAccount: ACCOUNT,
        }),
      );
      const s3Statement = {
        Sid: 's3-invoke',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: arnOf('policy-doc'),
        Condition: {
          StringEquals: { 'AWS:SourceAccount': ACCOUNT },
          ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::my-bucket' },
        },
      };
      assert.deepEqual(JSON.parse(added.Statement ?? ''), s3Statement);

      await fixture.lambda.send(
        new AddPermissionCommand({
          FunctionName: arnOf('policy-doc'),
          StatementId: 'FunctionURLAllowPublicAccess',
          Action: 'lambda:InvokeFunctionUrl',
          Principal: '*',
          FunctionUrlAuthType: 'NONE',
        }),
      );
      await fixture.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'policy-doc',
          StatementId: 'other-account',
          Action: 'lambda:GetFunction',
          Principal: '111122223333',
          PrincipalOrgID: 'o-abc123',
        }),
      );

      const policy = await fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-doc' }));
      assert.deepEqual(JSON.parse(policy.Policy ?? ''), {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          s3Statement,
          {
            Sid: 'FunctionURLAllowPublicAccess',
            Effect: 'Allow',
            Principal: '*',
            Action: 'lambda:InvokeFunctionUrl',
            Resource: arnOf('policy-doc'),
            Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
          },
          {
            Sid: 'other-account',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'lambda:GetFunction',
            Resource: arnOf('policy-doc'),
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          },
        ],
      });
      const configuration = await fixture.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'policy-doc' }),
      );
      assert.equal(policy.RevisionId, configuration.RevisionId);
      assert.notEqual(configuration.RevisionId, created.RevisionId, 'each change gives a new RevisionId');
      assert.equal(
        configuration.LastModified,
        created.LastModified,
        'a policy change is not a configuration change',
      );
    });

    test('duplicate and missing statements, RevisionId, and bad input get Lambda errors', async () => {
      await createFunction(fixture.lambda, 'policy-errors');
      const permission = {
        FunctionName: 'policy-errors',
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
      };
      await rejects(fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-errors' })), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      });
      await rejects(
        fixture.lambda.send(
          new RemovePermissionCommand({ FunctionName: 'policy-errors', StatementId: 'sns' }),
        ),
        { name: 'ResourceNotFoundException', message: 'No policy is associated with the given resource.' },
      );
      await fixture.lambda.send(new AddPermissionCommand(permission));
      await rejects(fixture.lambda.send(new AddPermissionCommand(permission)), {
        name: 'ResourceConflictException',
        status: 409,
        message:
          'The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.',
      });
      await rejects(
        fixture.lambda.send(
          new RemovePermissionCommand({ FunctionName: 'policy-errors', StatementId: 'nope' }),
        ),
        { name: 'ResourceNotFoundException', message: 'Statement nope is not found in resource policy.' },
      );
      await rejects(
        fixture.lambda.send(
          new AddPermissionCommand({ ...permission, StatementId: 'stale', RevisionId: 'stale-revision' }),
        ),
        { name: 'PreconditionFailedException', status: 412 },
      );
      await rejects(
        fixture.lambda.send(new AddPermissionCommand({ ...permission, StatementId: 'bad sid' })),
        {
          name: 'ValidationException',
          message: /Value 'bad sid' at 'statementId' failed to satisfy constraint/,
        },
      );
      await rejects(
        fixture.lambda.send(new AddPermissionCommand({ ...permission, StatementId: 'a', Action: 'invoke' })),
        {
          name: 'ValidationException',
          message: /at 'action' failed to satisfy constraint/,
        },
      );
      await rejects(
        fixture.lambda.send(
          new AddPermissionCommand({ ...permission, StatementId: 'latest', Qualifier: '$LATEST' }),
        ),
        {
          name: 'InvalidParameterValueException',
          message: 'We currently do not support adding policies for $LATEST.',
        },
      );
      await rejects(
        fixture.lambda.send(new AddPermissionCommand({ ...permission, FunctionName: 'policy-none' })),
        {
          name: 'ResourceNotFoundException',
          message: `Function not found: ${arnOf('policy-none')}`,
        },
      );
    });

    test('RemovePermission takes a statement out (with the current RevisionId); the last one removes the policy', async () => {
      await createFunction(fixture.lambda, 'policy-remove');
      for (const sid of ['first', 'second']) {
        await fixture.lambda.send(
          new AddPermissionCommand({
            FunctionName: 'policy-remove',
            StatementId: sid,
            Action: 'lambda:InvokeFunction',
            Principal: 'events.amazonaws.com',
          }),
        );
      }
      const before = await fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-remove' }));
      await fixture.lambda.send(
        new RemovePermissionCommand({
          FunctionName: 'policy-remove',
          StatementId: 'first',
          RevisionId: before.RevisionId,
        }),
      );
      const after = await fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-remove' }));
      assert.deepEqual(
        JSON.parse(after.Policy ?? '').Statement.map((statement: { Sid: string }) => statement.Sid),
        ['second'],
      );
      assert.notEqual(after.RevisionId, before.RevisionId);
      await rejects(
        fixture.lambda.send(
          new RemovePermissionCommand({
            FunctionName: 'policy-remove',
            StatementId: 'second',
            RevisionId: before.RevisionId,
          }),
        ),
        { name: 'PreconditionFailedException' },
      );
      await fixture.lambda.send(
        new RemovePermissionCommand({ FunctionName: 'policy-remove', StatementId: 'second' }),
      );
      await rejects(fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-remove' })), {
        name: 'ResourceNotFoundException',
      });
    });

    test('a function deleted and created again starts without a policy', async () => {
      await createFunction(fixture.lambda, 'policy-recreated');
      await fixture.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'policy-recreated',
          StatementId: 'keep',
          Action: 'lambda:InvokeFunction',
          Principal: 'sqs.amazonaws.com',
        }),
      );
      await fixture.lambda.send(new DeleteFunctionCommand({ FunctionName: 'policy-recreated' }));
      await createFunction(fixture.lambda, 'policy-recreated');
      await rejects(fixture.lambda.send(new GetPolicyCommand({ FunctionName: 'policy-recreated' })), {
        name: 'ResourceNotFoundException',
      });
    });
  });
}
