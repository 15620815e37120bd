import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/service.js';
import {
  checkRoleRequest,
  resolveRole,
  ROLE_DURATION_S,
  startRoleSession,
  type RoleRequest,
} from './roles.js';
import { packedPolicySize } from './session-policy.js';
import { checkLength } from './validate.js';

interface AssumeRoleWithWebIdentityInput extends RoleRequest {
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
}

/** What STS reads of a token; signatures are not verified, as no key is fetched from the provider. */
interface WebIdentity {
  provider: string;
  subject?: string;
  audience?: string;
  sourceIdentity?: string;
}

type Claims = Record<string, unknown>;

/** AWS's answer to a token it cannot read as an OpenID Connect ID token. */
const NOT_A_JWT =
  'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';

/** Providers AWS knows without an IAM OIDC provider; any other issuer is named by that provider's ARN. */
const BUILT_IN_PROVIDERS = new Set([
  'accounts.google.com',
  'cognito-identity.amazonaws.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

/** The claim an identity provider sets to pass a source identity (IAM User Guide). */
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

/** One base64url JWT segment holding a JSON object, else undefined. */
function decodeSegment(segment: string | undefined): Claims | undefined {
  if (!segment || !/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Claims)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a `header.payload.signature` token whose first two parts decode; else undefined. */
function decodeJwt(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !decodeSegment(parts[0])) return undefined;
  return decodeSegment(parts[1]);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `aud` is a string or a list of them; AWS reports the client id the token was issued to. */
function audienceOf(claims: Claims): string | undefined {
  const aud = claims['aud'];
  return Array.isArray(aud) ? text(aud[0]) : text(aud);
}

/**
 * On AWS, Provider is the issuer's IAM OIDC provider ARN in the role's account
 * (`arn:aws:iam::<account>:oidc-provider/<issuer host and path>`), or the bare name of a provider
 * AWS has built in.
 */
function providerFor(issuer: string, accountId: string): string {
  const name = issuer.replace(/^https:\/\//, '');
  return BUILT_IN_PROVIDERS.has(name) ? name : `arn:aws:iam::${accountId}:oidc-provider/${name}`;
}

/**
 * With ProviderId the token is an OAuth 2.0 access token, opaque to STS (AWS asks the provider);
 * without it, it must be an OpenID Connect ID token naming its issuer, whose expiry AWS enforces.
 */
function readToken(input: AssumeRoleWithWebIdentityInput, accountId: string, nowMs: number): WebIdentity {
  const claims = decodeJwt(input.WebIdentityToken);
  const issuer = claims && text(claims['iss']);
  if (!input.ProviderId && (!claims || !issuer)) throw new AwsError('InvalidIdentityToken', NOT_A_JWT);
  if (claims) checkExpiry(claims, nowMs);
  return {
    provider: input.ProviderId ?? providerFor(issuer as string, accountId),
    subject: claims && text(claims['sub']),
    audience: claims && audienceOf(claims),
    sourceIdentity: claims && text(claims[SOURCE_IDENTITY_CLAIM]),
  };
}

/** An expired token is refused with AWS's ExpiredTokenException and its wording (seconds since the epoch). */
function checkExpiry(claims: Claims, nowMs: number): void {
  const exp = claims['exp'];
  const now = Math.floor(nowMs / 1000);
  if (typeof exp !== 'number' || now < exp) return;
  throw new AwsError(
    'ExpiredTokenException',
    `Token expired: current date/time ${now} must be before the expiration date/time ${exp}`,
  );
}

/** Trades an identity provider's token for role credentials; the token's claims are read, not verified. */
export const AssumeRoleWithWebIdentity: OperationHandler<AssumeRoleWithWebIdentityInput> = async (
  ctx,
  input,
) => {
  checkRoleRequest(input);
  checkLength(input.WebIdentityToken, 'webIdentityToken', 4, 20_000, true);
  checkLength(input.ProviderId, 'providerId', 4, 2048);
  const role = resolveRole(input);
  const identity = readToken(input, role.accountId, ctx.clock.now());
  const session = await startRoleSession(
    ctx,
    role,
    input.RoleSessionName,
    input.DurationSeconds ?? ROLE_DURATION_S.default,
  );
  return {
    ...session,
    SubjectFromWebIdentityToken: identity.subject,
    PackedPolicySize: packedPolicySize(input.Policy),
    Provider: identity.provider,
    Audience: identity.audience,
    SourceIdentity: identity.sourceIdentity,
  };
};
