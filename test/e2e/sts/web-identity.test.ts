import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AssumeRoleWithWebIdentityCommand,
  GetAccessKeyInfoCommand,
  STSClient,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { startNubis, sdkConfig, storages, type NubisProcess } from '../../support/nubis.js';
import { assertCredentials, assertFails, identityOf, jwt } from './helpers.js';

const ROLE_ARN = 'arn:aws:iam::222233334444:role/service/irsa-role';
const EKS_ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/D43CF17C27A865933144EA99A26FB128';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function request(overrides: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) {
  return new AssumeRoleWithWebIdentityCommand({
    RoleArn: ROLE_ARN,
    RoleSessionName: 'pod-session',
    WebIdentityToken: jwt({
      iss: EKS_ISSUER,
      sub: 'system:serviceaccount:default:app',
      aud: 'sts.amazonaws.com',
      exp: inAnHour(),
    }),
    ...overrides,
  });
}

for (const storage of storages()) {
  describe(`STS AssumeRoleWithWebIdentity (${storage})`, () => {
    let nubis: NubisProcess;
    let sts: STSClient;
    before(async () => {
      nubis = await startNubis({ storage });
      sts = new STSClient(sdkConfig(nubis.endpoint, '111122223333'));
    });
    after(() => nubis.stop());

    test('reads the ID token and issues credentials of the role’s account', async () => {
      const out = await sts.send(request());
      assertCredentials(out.Credentials, 3600);
      assert.equal(out.SubjectFromWebIdentityToken, 'system:serviceaccount:default:app');
      assert.equal(out.Audience, 'sts.amazonaws.com');
      // AWS names a registered OIDC issuer by its IAM provider ARN in the role's account.
      assert.equal(
        out.Provider,
        'arn:aws:iam::222233334444:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/D43CF17C27A865933144EA99A26FB128',
      );
      assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::222233334444:assumed-role/irsa-role/pod-session');
      assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{17}:pod-session$/);
      assert.equal(out.PackedPolicySize, undefined);

      const identity = await identityOf(nubis.endpoint, out.Credentials);
      assert.equal(identity.Account, '222233334444');
      assert.equal(identity.Arn, out.AssumedRoleUser?.Arn);
      assert.equal(identity.UserId, out.AssumedRoleUser?.AssumedRoleId);
      const info = await sts.send(
        new GetAccessKeyInfoCommand({ AccessKeyId: out.Credentials!.AccessKeyId! }),
      );
      assert.equal(info.Account, '222233334444');
    });

    test('built-in providers, audience lists, durations, policies and source identity', async () => {
      const token = jwt({
        iss: 'https://accounts.google.com',
        sub: '110169484474386276334',
        aud: ['client-1.apps.googleusercontent.com', 'other'],
        'https://aws.amazon.com/source_identity': 'alice@example.com',
      });
      const out = await sts.send(
        request({ WebIdentityToken: token, DurationSeconds: 900, Policy: '{"Version":"2012-10-17"}' }),
      );
      assertCredentials(out.Credentials, 900);
      assert.equal(out.Provider, 'accounts.google.com');
      assert.equal(out.Audience, 'client-1.apps.googleusercontent.com');
      assert.equal(out.SubjectFromWebIdentityToken, '110169484474386276334');
      assert.equal(out.SourceIdentity, 'alice@example.com');
      assert.equal(out.PackedPolicySize, 2);
    });

    test('needs no credentials: the SDK sends it unsigned', async () => {
      const anonymous = new STSClient({ endpoint: nubis.endpoint, region: 'us-east-1' });
      const out = await anonymous.send(request());
      assert.equal((await identityOf(nubis.endpoint, out.Credentials)).Account, '222233334444');
    });

    test('an OAuth 2.0 access token is opaque: ProviderId names the provider', async () => {
      const out = await sts.send(
        request({
          WebIdentityToken: 'Atza|IQEBLjAsAhRFiXuWpUXuRvQ9PZL3GMFcYevydwIUFAHZwXZXX',
          ProviderId: 'www.amazon.com',
        }),
      );
      assert.equal(out.Provider, 'www.amazon.com');
      assert.equal(out.SubjectFromWebIdentityToken, undefined);
      assert.equal((await identityOf(nubis.endpoint, out.Credentials)).Account, '222233334444');
    });

    test('a token that is not a JWT is InvalidIdentityToken, with AWS’s message', async () => {
      const message =
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
      const tokens = [
        'not-a-jwt-at-all',
        'aaa.bbb.ccc',
        `${Buffer.from('{}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.sig`,
        jwt({ sub: 'no-issuer', aud: 'x' }),
      ];
      for (const WebIdentityToken of tokens) {
        await assertFails(
          sts.send(request({ WebIdentityToken })),
          'InvalidIdentityTokenException',
          400,
          message,
        );
      }
    });

    test('an expired token is ExpiredTokenException', async () => {
      const exp = Math.floor(Date.now() / 1000) - 60;
      const token = jwt({ iss: EKS_ISSUER, sub: 's', aud: 'a', exp });
      await assertFails(
        sts.send(request({ WebIdentityToken: token })),
        'ExpiredTokenException',
        400,
        new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${exp}$`),
      );
    });

    test('validates its members as AWS does', async () => {
      const cases: Array<[Partial<AssumeRoleWithWebIdentityCommandInput>, string, RegExp]> = [
        [
          { WebIdentityToken: 'abc' },
          'ValidationError',
          /^1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4$/,
        ],
        [
          { RoleSessionName: 'has space' },
          'ValidationError',
          /Value 'has space' at 'roleSessionName'.*regular expression pattern/,
        ],
        [{ DurationSeconds: 43_201 }, 'ValidationError', /'durationSeconds'.*less than or equal to 43200/],
        [{ ProviderId: 'abc' }, 'ValidationError', /'providerId'.*greater than or equal to 4/],
        [
          { RoleArn: 'arn:aws:iam::222233334444:user/not-a-role' },
          'ValidationError',
          /^arn:aws:iam::222233334444:user\/not-a-role is invalid$/,
        ],
        [{ Policy: '{"a":"\u0100"}' }, 'ValidationError', /'policy'.*regular expression pattern/],
        [
          { Policy: 'not json' },
          'MalformedPolicyDocumentException',
          /^The policy is not in the valid JSON format\.$/,
        ],
      ];
      for (const [overrides, name, message] of cases) {
        await assertFails(sts.send(request(overrides)), name, 400, message);
      }
      await assertFails(
        sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ok' } as never)),
        'ValidationError',
        400,
        /webIdentityToken.*must not be null/,
      );
    });
  });
}
