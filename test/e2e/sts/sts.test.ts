import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { startNubis, sdkConfig, storages, type NubisProcess } from '../../support/nubis.js';

for (const storage of storages()) {
  describe(`STS (${storage})`, () => {
    let nubis: NubisProcess;
    let sts: STSClient;
    before(async () => {
      nubis = await startNubis({ storage });
      sts = new STSClient(sdkConfig(nubis.endpoint, '111122223333'));
    });
    after(() => nubis.stop());

    test('GetCallerIdentity names the account root for a long-term key', async () => {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, '111122223333');
      assert.equal(identity.Arn, 'arn:aws:iam::111122223333:root');
      assert.equal(identity.UserId, '111122223333');
      const other = new STSClient(sdkConfig(nubis.endpoint, 'anything'));
      assert.equal((await other.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
    });

    test('AssumeRole issues temporary credentials that resolve to the same account', async () => {
      const assumed = await sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/path/deployer',
          RoleSessionName: 'ci-session',
          DurationSeconds: 900,
        }),
      );
      const credentials = assumed.Credentials!;
      assert.match(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(credentials.SecretAccessKey!.length, 40);
      assert.ok(credentials.SessionToken!.length > 100);
      assert.ok(credentials.Expiration! > new Date(Date.now() + 800_000));
      assert.equal(
        assumed.AssumedRoleUser?.Arn,
        'arn:aws:sts::111122223333:assumed-role/deployer/ci-session',
      );
      assert.match(assumed.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{17}:ci-session$/);

      const asRole = new STSClient({
        ...sdkConfig(nubis.endpoint),
        credentials: {
          accessKeyId: credentials.AccessKeyId!,
          secretAccessKey: credentials.SecretAccessKey!,
          sessionToken: credentials.SessionToken!,
        },
      });
      const identity = await asRole.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, '111122223333');
      assert.equal(identity.Arn, 'arn:aws:sts::111122223333:assumed-role/deployer/ci-session');
      assert.equal(identity.UserId, assumed.AssumedRoleUser?.AssumedRoleId);
      const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: credentials.AccessKeyId! }));
      assert.equal(info.Account, '111122223333');
    });

    test('GetSessionToken issues credentials of the caller', async () => {
      const { Credentials } = await sts.send(new GetSessionTokenCommand({}));
      const session = new STSClient({
        ...sdkConfig(nubis.endpoint),
        credentials: {
          accessKeyId: Credentials!.AccessKeyId!,
          secretAccessKey: Credentials!.SecretAccessKey!,
        },
      });
      const identity = await session.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, '111122223333');
      assert.equal(identity.Arn, 'arn:aws:iam::111122223333:root');
    });

    test('AssumeRole validates its input as AWS does', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [
          { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'x' },
          /roleSessionName.*length greater than or equal to 2/,
        ],
        [
          { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'bad name!' },
          /regular expression pattern/,
        ],
        [
          { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'ok', DurationSeconds: 60 },
          /durationSeconds.*greater than or equal to 900/,
        ],
        [{ RoleArn: 'not-an-arn-but-long-enough', RoleSessionName: 'ok' }, /is invalid/],
      ];
      for (const [input, message] of cases) {
        await assert.rejects(sts.send(new AssumeRoleCommand(input as never)), (error: any) => {
          assert.equal(error.name, 'ValidationError');
          assert.equal(error.$metadata.httpStatusCode, 400);
          assert.match(error.message, message);
          return true;
        });
      }
    });

    test('AssumeRole refuses an inline policy that is not JSON', async () => {
      await assert.rejects(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::111122223333:role/r',
            RoleSessionName: 'ok',
            Policy: '{"Version": ',
          }),
        ),
        (error: any) => {
          assert.equal(error.name, 'MalformedPolicyDocumentException');
          assert.equal(error.$metadata.httpStatusCode, 400);
          assert.equal(error.message, 'The policy is not in the valid JSON format.');
          return true;
        },
      );
    });

    test('a missing required member is refused', async () => {
      await assert.rejects(
        sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/r' } as never)),
        (error: any) => {
          assert.equal(error.$metadata.httpStatusCode, 400);
          assert.match(error.message, /roleSessionName.*must not be null/);
          return true;
        },
      );
    });
  });
}
