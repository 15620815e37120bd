import { AwsError } from '../../core/aws-error.js';
import { checkLength, checkPattern } from './validate.js';

/** `{ arn }`, AWS's PolicyDescriptorType: a managed policy passed as a session policy. */
export interface PolicyDescriptor {
  arn?: string;
}

/** The characters AWS allows in an inline session policy (sessionPolicyDocumentType). */
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]+$/;
const POLICY_CHARACTERS_SHOWN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

/** The model constraints of the inline and managed session policies a call may pass (ValidationError). */
export function checkSessionPolicies(policy: string | undefined, policyArns: PolicyDescriptor[] = []): void {
  checkLength(policy, 'policy', 1, 2048);
  checkPattern(policy, 'policy', POLICY_CHARACTERS, POLICY_CHARACTERS_SHOWN);
  policyArns.forEach((descriptor, i) =>
    checkLength(descriptor.arn, `policyArns.${i + 1}.member.arn`, 20, 2048),
  );
}

/**
 * After the constraints, an inline policy that is not a JSON object is refused as AWS refuses it:
 * `MalformedPolicyDocument`, "The policy is not in the valid JSON format." No IAM evaluates session
 * policies, so their statements are not checked further.
 */
export function checkPolicyDocument(policy: string | undefined): void {
  if (policy !== undefined && !isJsonObject(policy)) {
    throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * PackedPolicySize: the percentage of AWS's packed-policy allowance the inline policy uses. AWS's
 * packing is not public; Nubis reports the plaintext's share of the 2,048-character limit.
 */
export function packedPolicySize(policy: string | undefined): number | undefined {
  return policy ? Math.min(100, Math.ceil((policy.length / 2048) * 100)) : undefined;
}
