import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { sdkConfig } from '../../support/nubis.js';

/** A client signing with temporary credentials an STS call returned. */
export function clientWith(endpoint: string, credentials: Credentials | undefined): STSClient {
  assert.ok(credentials, 'the call returned credentials');
  return new STSClient({
    ...sdkConfig(endpoint),
    credentials: {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    },
  });
}

/** Who the credentials act as, as GetCallerIdentity answers. */
export async function identityOf(endpoint: string, credentials: Credentials | undefined) {
  return clientWith(endpoint, credentials).send(new GetCallerIdentityCommand({}));
}

/** Asserts the shape of issued credentials and that they expire about `seconds` from now. */
export function assertCredentials(credentials: Credentials | undefined, seconds: number): void {
  assert.ok(credentials);
  assert.match(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(credentials.SecretAccessKey!.length, 40);
  assert.ok(credentials.SessionToken!.length > 100);
  const lifetime = (credentials.Expiration!.getTime() - Date.now()) / 1000;
  assert.ok(Math.abs(lifetime - seconds) < 60, `expires in ${lifetime}s, expected about ${seconds}s`);
}

/** Asserts an SDK call fails with `name` (the SDK's exception name), `status` and a matching message. */
export async function assertFails(
  call: Promise<unknown>,
  name: string,
  status: number,
  message: RegExp | string,
): Promise<void> {
  await assert.rejects(call, (error: any) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned-in-effect JWT: STS reads its claims without checking the signature. */
export function jwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

export interface SamlOptions {
  issuer?: string;
  nameId?: string;
  format?: string;
  recipient?: string;
  sessionNotOnOrAfter?: string;
  attributes?: Record<string, string>;
  /** Serve the Assertion as the document's root rather than inside a samlp:Response. */
  bareAssertion?: boolean;
}

function samlAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
}

/** A SAML 2.0 authentication response as an IdP posts it (unsigned), base64-encoded. */
export function samlResponse(options: SamlOptions = {}): string {
  const notOnOrAfter = options.sessionNotOnOrAfter
    ? ` SessionNotOnOrAfter="${options.sessionNotOnOrAfter}"`
    : '';
  const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="2024-01-01T00:00:00Z">
    <saml:Issuer>${options.issuer ?? 'https://idp.example.com/saml'}</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="${options.format ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${options.nameId ?? 'user-1234'}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData Recipient="${options.recipient ?? 'https://signin.aws.amazon.com/saml'}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:AuthnStatement AuthnInstant="2024-01-01T00:00:00Z"${notOnOrAfter}/>
    <saml:AttributeStatement>${samlAttributes(options.attributes ?? {})}</saml:AttributeStatement>
  </saml:Assertion>`;
  const xml = options.bareAssertion
    ? assertion
    : `<?xml version="1.0"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0">
    <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${options.issuer ?? 'https://idp.example.com/saml'}</saml:Issuer>
    ${assertion}</samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}
