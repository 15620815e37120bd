import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetFederationTokenCommand,
  STSClient,
  type GetFederationTokenCommandInput,
} from '@aws-sdk/client-sts';
import { startNubis, sdkConfig, storages, type NubisProcess } from '../../support/nubis.js';
import { assertCredentials, assertFails, clientWith, identityOf } from './helpers.js';

for (const storage of storages()) {
  describe(`STS federation, root and authorization messages (${storage})`, () => {
    let nubis: NubisProcess;
    let sts: STSClient;
    before(async () => {
      nubis = await startNubis({ storage });
      sts = new STSClient(sdkConfig(nubis.endpoint, '111122223333'));
    });
    after(() => nubis.stop());

    test('GetFederationToken issues credentials of a federated user of the caller’s account', async () => {
      const out = await sts.send(
        new GetFederationTokenCommand({
          Name: 'Bob',
          Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
          Tags: [{ Key: 'team', Value: 'data' }],
        }),
      );
      assertCredentials(out.Credentials, 43_200);
      assert.deepEqual(out.FederatedUser, {
        FederatedUserId: '111122223333:Bob',
        Arn: 'arn:aws:sts::111122223333:federated-user/Bob',
      });
      assert.equal(out.PackedPolicySize, 5);

      const identity = await identityOf(nubis.endpoint, out.Credentials);
      assert.equal(identity.Account, '111122223333');
      assert.equal(identity.Arn, 'arn:aws:sts::111122223333:federated-user/Bob');
      assert.equal(identity.UserId, '111122223333:Bob');
      const info = await sts.send(
        new GetAccessKeyInfoCommand({ AccessKeyId: out.Credentials!.AccessKeyId! }),
      );
      assert.equal(info.Account, '111122223333');
    });

    test('GetFederationToken accepts durations from 15 minutes to 36 hours', async () => {
      for (const DurationSeconds of [900, 129_600]) {
        const out = await sts.send(
          new GetFederationTokenCommand({ Name: 'ci.bot@example', DurationSeconds }),
        );
        assertCredentials(out.Credentials, DurationSeconds);
      }
    });

    test('GetFederationToken validates its members as AWS does', async () => {
      const tooManyTags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      const cases: Array<[GetFederationTokenCommandInput, string, RegExp]> = [
        [{ Name: 'B' }, 'ValidationError', /Value 'B' at 'name'.*length greater than or equal to 2/],
        [{ Name: 'x'.repeat(33) }, 'ValidationError', /at 'name'.*length less than or equal to 32/],
        [
          { Name: 'Bob Smith' },
          'ValidationError',
          /at 'name'.*regular expression pattern: \[\\w\+=,\.@-\]\*/,
        ],
        [{ Name: 'Bob', DurationSeconds: 899 }, 'ValidationError', /greater than or equal to 900/],
        [{ Name: 'Bob', DurationSeconds: 129_601 }, 'ValidationError', /less than or equal to 129600/],
        [{ Name: 'Bob', Tags: tooManyTags }, 'ValidationError', /at 'tags'.*less than or equal to 50/],
        [
          { Name: 'Bob', Tags: [{ Key: 'bad*key', Value: 'v' }] },
          'ValidationError',
          /'tags\.1\.member\.key'/,
        ],
        [{ Name: 'Bob', Policy: '{"Statement": [' }, 'MalformedPolicyDocumentException', /valid JSON format/],
      ];
      for (const [input, name, message] of cases) {
        await assertFails(sts.send(new GetFederationTokenCommand(input)), name, 400, message);
      }
    });

    test('GetFederationToken refuses session credentials', async () => {
      const assumed = await sts.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'chain' }),
      );
      const asRole = clientWith(nubis.endpoint, assumed.Credentials);
      await assertFails(
        asRole.send(new GetFederationTokenCommand({ Name: 'Bob' })),
        'AccessDenied',
        403,
        'Cannot call GetFederationToken with session credentials',
      );
    });

    test('DecodeAuthorizationMessage: Nubis issues no encoded messages, so none decodes', async () => {
      await assertFails(
        sts.send(
          new DecodeAuthorizationMessageCommand({
            EncodedMessage: 'rHU-pVHMSckD0OAc5l3r9-gKN1XZjZ2X9J3w0fZ',
          }),
        ),
        'InvalidAuthorizationMessageException',
        400,
        'The encoded authorization message is not valid.',
      );
      await assertFails(
        sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x'.repeat(10_241) })),
        'ValidationError',
        400,
        /at 'encodedMessage'.*less than or equal to 10240/,
      );
    });
  });
}
