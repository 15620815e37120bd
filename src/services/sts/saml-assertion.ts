import { AwsError } from '../../core/aws-error.js';
import { parseXml, type XmlNode } from '../../protocol/xml-reader.js';

/**
 * What STS reads of a SAML 2.0 authentication response. Nothing is verified: no signature, no
 * audience restriction, no validity window (there is no IAM SAML provider holding a certificate).
 */
export interface SamlAssertion {
  issuer?: string;
  /** The `NameID` of the assertion's `Subject`, and its `Format`. */
  subject?: string;
  subjectFormat?: string;
  /** The `Recipient` of the `SubjectConfirmationData`. */
  recipient?: string;
  /** `AuthnStatement/@SessionNotOnOrAfter`, in ms since the epoch. */
  sessionNotOnOrAfter?: number;
  /** `AttributeStatement` values by attribute `Name`. */
  attributes: Map<string, string[]>;
}

/** The message AWS answers when the SAMLAssertion is not a base64 SAML response it can read. */
const UNREADABLE = 'Invalid base64 SAMLResponse';

function unreadable(): AwsError {
  return new AwsError('InvalidIdentityToken', UNREADABLE);
}

/** Decodes base64 (line breaks allowed, as IdPs wrap it) into the XML document's root element. */
function decodeResponse(encoded: string): XmlNode {
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) throw unreadable();
  // parseXml refuses DTDs and expands no entities beyond XML's five named ones.
  const root = parseXml(Buffer.from(compact, 'base64').toString('utf8'));
  if (!root) throw unreadable();
  return root;
}

function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function text(node: XmlNode | undefined): string | undefined {
  const value = node?.text.trim();
  return value ? value : undefined;
}

/** A `samlp:Response` carrying an `Assertion`, or a bare `Assertion`. */
function assertionOf(root: XmlNode): XmlNode {
  const assertion = root.name === 'Assertion' ? root : child(root, 'Assertion');
  if (!assertion) throw unreadable();
  return assertion;
}

function attributesOf(assertion: XmlNode): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const statement of assertion.children.filter((c) => c.name === 'AttributeStatement')) {
    for (const attribute of statement.children.filter((c) => c.name === 'Attribute')) {
      const name = attribute.attributes['Name'];
      if (!name) continue;
      const values = attribute.children.filter((c) => c.name === 'AttributeValue').map((v) => v.text.trim());
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return attributes;
}

function sessionEndOf(assertion: XmlNode): number | undefined {
  const raw = child(assertion, 'AuthnStatement')?.attributes['SessionNotOnOrAfter'];
  const ms = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the base64 SAMLAssertion; an undecodable one is InvalidIdentityToken, as on AWS. */
export function readSamlAssertion(encoded: string): SamlAssertion {
  const root = decodeResponse(encoded);
  const assertion = assertionOf(root);
  const subject = child(assertion, 'Subject');
  const nameId = child(subject, 'NameID');
  const confirmation = child(child(subject, 'SubjectConfirmation'), 'SubjectConfirmationData');
  return {
    issuer: text(child(assertion, 'Issuer')) ?? text(child(root, 'Issuer')),
    subject: text(nameId),
    subjectFormat: nameId?.attributes['Format'],
    recipient: confirmation?.attributes['Recipient'],
    sessionNotOnOrAfter: sessionEndOf(assertion),
    attributes: attributesOf(assertion),
  };
}
