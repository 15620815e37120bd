import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  AssumeRoleWithSAMLCommand,
  STSClient,
  type AssumeRoleWithSAMLCommandInput,
} from '@aws-sdk/client-sts';
import { startNubis, sdkConfig, storages, type NubisProcess } from '../../support/nubis.js';
import { assertCredentials, assertFails, identityOf, samlResponse, type SamlOptions } from './helpers.js';

const ROLE_ARN = 'arn:aws:iam::333344445555:role/SamlAdmin';
const PROVIDER_ARN = 'arn:aws:iam::333344445555:saml-provider/CorpIdP';
const SESSION_NAME = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SOURCE_IDENTITY = 'https://aws.amazon.com/SAML/Attributes/SourceIdentity';
const ROLE = 'https://aws.amazon.com/SAML/Attributes/Role';

function request(saml: SamlOptions = {}, overrides: Partial<AssumeRoleWithSAMLCommandInput> = {}) {
  return new AssumeRoleWithSAMLCommand({
    RoleArn: ROLE_ARN,
    PrincipalArn: PROVIDER_ARN,
    SAMLAssertion: samlResponse({
      attributes: { [SESSION_NAME]: 'jane.doe@example.com', [ROLE]: `${ROLE_ARN},${PROVIDER_ARN}` },
      ...saml,
    }),
    ...overrides,
  });
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

for (const storage of storages()) {
  describe(`STS AssumeRoleWithSAML (${storage})`, () => {
    let nubis: NubisProcess;
    let sts: STSClient;
    before(async () => {
      nubis = await startNubis({ storage });
      sts = new STSClient(sdkConfig(nubis.endpoint, '111122223333'));
    });
    after(() => nubis.stop());

    test('reads the assertion and issues credentials of the role’s account', async () => {
      const out = await sts.send(request());
      assertCredentials(out.Credentials, 3600);
      assert.equal(out.Subject, 'user-1234');
      assert.equal(out.SubjectType, 'persistent');
      assert.equal(out.Issuer, 'https://idp.example.com/saml');
      assert.equal(out.Audience, 'https://signin.aws.amazon.com/saml');
      const qualifier = createHash('sha1')
        .update('https://idp.example.com/saml333344445555/CorpIdP')
        .digest('base64');
      assert.equal(out.NameQualifier, qualifier);
      // The session is named by the assertion's RoleSessionName attribute.
      assert.equal(
        out.AssumedRoleUser?.Arn,
        'arn:aws:sts::333344445555:assumed-role/SamlAdmin/jane.doe@example.com',
      );
      assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{17}:jane\.doe@example\.com$/);

      const identity = await identityOf(nubis.endpoint, out.Credentials);
      assert.equal(identity.Account, '333344445555');
      assert.equal(identity.Arn, out.AssumedRoleUser?.Arn);
      assert.equal(identity.UserId, out.AssumedRoleUser?.AssumedRoleId);
    });

    test('formats, bare assertions, source identity, durations and SessionNotOnOrAfter', async () => {
      const saml: SamlOptions = {
        format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        nameId: 'jane@example.com',
        bareAssertion: true,
        attributes: { [SESSION_NAME]: 'jane', [SOURCE_IDENTITY]: 'jane-src' },
      };
      const out = await sts.send(request(saml, { DurationSeconds: 7200, Policy: '{"Statement":[]}' }));
      assertCredentials(out.Credentials, 7200);
      // Only the SAML 2.0 nameid-format prefix is removed.
      assert.equal(out.SubjectType, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
      assert.equal(out.Subject, 'jane@example.com');
      assert.equal(out.SourceIdentity, 'jane-src');
      assert.equal(out.PackedPolicySize, 1);

      const soon = new Date(Date.now() + 1200_000).toISOString();
      const capped = await sts.send(request({ sessionNotOnOrAfter: soon }, { DurationSeconds: 7200 }));
      assertCredentials(capped.Credentials, 1200);
    });

    test('an undecodable assertion is InvalidIdentityToken', async () => {
      const assertions = [
        'this is not base64!',
        base64('plain text, not XML'),
        base64('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>'),
        // A DTD is refused outright: no entity is ever expanded.
        base64('<!DOCTYPE r [<!ENTITY a "aaaa">]><Assertion>&a;</Assertion>'),
      ];
      for (const SAMLAssertion of assertions) {
        await assertFails(
          sts.send(request({}, { SAMLAssertion })),
          'InvalidIdentityTokenException',
          400,
          'Invalid base64 SAMLResponse',
        );
      }
    });

    test('the session name and source identity attributes are checked as AWS does', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'RoleSessionName is required in AuthnResponse'],
        [
          { [SESSION_NAME]: 'has space' },
          'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
        ],
        [
          { [SESSION_NAME]: 'ok-name', [SOURCE_IDENTITY]: 'x' },
          'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
        ],
      ];
      for (const [attributes, message] of cases) {
        await assertFails(sts.send(request({ attributes })), 'InvalidIdentityTokenException', 400, message);
      }
    });

    test('validates its members as AWS does', async () => {
      const cases: Array<[Partial<AssumeRoleWithSAMLCommandInput>, string, RegExp]> = [
        [
          { SAMLAssertion: 'abc' },
          'ValidationError',
          /^1 validation error detected: Value at 'sAMLAssertion' failed to satisfy constraint: Member must have length greater than or equal to 4$/,
        ],
        [
          { PrincipalArn: 'arn:aws:iam::1:x' },
          'ValidationError',
          /'principalArn'.*greater than or equal to 20/,
        ],
        [{ PrincipalArn: 'arn:aws:iam::333344445555:oidc-provider/x' }, 'ValidationError', /is invalid$/],
        [{ DurationSeconds: 899 }, 'ValidationError', /'durationSeconds'.*greater than or equal to 900/],
        [{ Policy: '[]' }, 'MalformedPolicyDocumentException', /not in the valid JSON format/],
      ];
      for (const [overrides, name, message] of cases) {
        await assertFails(sts.send(request({}, overrides)), name, 400, message);
      }
    });
  });
}
