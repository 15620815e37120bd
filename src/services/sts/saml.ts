import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/service.js';
import {
  checkRoleRequest,
  resolveRole,
  ROLE_DURATION_S,
  startRoleSession,
  type RoleRequest,
} from './roles.js';
import { readSamlAssertion, type SamlAssertion } from './saml-assertion.js';
import { packedPolicySize } from './session-policy.js';
import { checkLength } from './validate.js';

interface AssumeRoleWithSAMLInput extends RoleRequest {
  PrincipalArn: string;
  SAMLAssertion: string;
}

const SAML_PROVIDER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):saml-provider\/([\w.-]+)$/;

/** The attributes AWS reads from the assertion (IAM User Guide, "Configure SAML assertions"). */
const ROLE_SESSION_NAME = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SOURCE_IDENTITY = 'https://aws.amazon.com/SAML/Attributes/SourceIdentity';

/** `[a-zA-Z_0-9+=,.@-]{2,64}`, as AWS words it for the assertion's session name and source identity. */
const SESSION_NAME = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;

/** Formats under this prefix are reported by their last part (`transient`, `persistent`). */
const NAME_ID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

function invalidToken(message: string): AwsError {
  return new AwsError('InvalidIdentityToken', message);
}

function parseProviderArn(arn: string): { accountId: string; name: string } {
  const match = SAML_PROVIDER_ARN.exec(arn);
  if (!match) throw new AwsError('ValidationError', `${arn} is invalid`);
  const [, accountId, name] = match as unknown as [string, string, string];
  return { accountId, name };
}

/** The session name comes from the assertion; AWS's troubleshooting guide gives both messages. */
function sessionNameOf(assertion: SamlAssertion): string {
  const name = assertion.attributes.get(ROLE_SESSION_NAME)?.[0];
  if (name === undefined) throw invalidToken('RoleSessionName is required in AuthnResponse');
  if (!SESSION_NAME.test(name)) {
    throw invalidToken('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  }
  return name;
}

function sourceIdentityOf(assertion: SamlAssertion): string | undefined {
  const value = assertion.attributes.get(SOURCE_IDENTITY)?.[0];
  if (value === undefined) return undefined;
  if (!SESSION_NAME.test(value) || value.startsWith('aws:')) {
    throw invalidToken('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  return value;
}

/** NameQualifier = BASE64(SHA1(issuer + account id + "/" + provider name)), per the API reference. */
function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}

function subjectTypeOf(format: string | undefined): string | undefined {
  return format?.startsWith(NAME_ID_FORMAT_PREFIX) ? format.slice(NAME_ID_FORMAT_PREFIX.length) : format;
}

/** The session lasts DurationSeconds or until the assertion's SessionNotOnOrAfter, whichever is shorter. */
function durationOf(requested: number | undefined, sessionEnd: number | undefined, nowMs: number): number {
  const duration = requested ?? ROLE_DURATION_S.default;
  if (sessionEnd === undefined || sessionEnd <= nowMs) return duration;
  return Math.min(duration, Math.floor((sessionEnd - nowMs) / 1000));
}

/** Trades a SAML authentication response for role credentials; the assertion is read, not verified. */
export const AssumeRoleWithSAML: OperationHandler<AssumeRoleWithSAMLInput> = async (ctx, input) => {
  checkRoleRequest(input);
  checkLength(input.PrincipalArn, 'principalArn', 20, 2048);
  checkLength(input.SAMLAssertion, 'sAMLAssertion', 4, 100_000, true);
  const role = resolveRole(input);
  const provider = parseProviderArn(input.PrincipalArn);
  const assertion = readSamlAssertion(input.SAMLAssertion);
  const sessionName = sessionNameOf(assertion);
  const sourceIdentity = sourceIdentityOf(assertion);
  const duration = durationOf(input.DurationSeconds, assertion.sessionNotOnOrAfter, ctx.clock.now());
  const session = await startRoleSession(ctx, role, sessionName, duration);
  return {
    ...session,
    PackedPolicySize: packedPolicySize(input.Policy),
    Subject: assertion.subject,
    SubjectType: subjectTypeOf(assertion.subjectFormat),
    Issuer: assertion.issuer,
    Audience: assertion.recipient,
    NameQualifier: assertion.issuer && nameQualifier(assertion.issuer, provider.accountId, provider.name),
    SourceIdentity: sourceIdentity,
  };
};
