import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/service.js';
import { issueCredentials, roleIdFor, type IssuedCredentials } from './credentials.js';
import { checkPolicyDocument, checkSessionPolicies, type PolicyDescriptor } from './session-policy.js';
import { checkLength, checkPattern, checkRange, SESSION_NAME_PATTERN } from './validate.js';

/** AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML: 15 minutes to 12 hours, 1 hour by default. */
export const ROLE_DURATION_S = { min: 900, max: 43_200, default: 3_600 };

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;

export interface Role {
  arn: string;
  accountId: string;
  name: string;
}

/** The members the three AssumeRole* calls share, checked against their model constraints. */
export interface RoleRequest {
  RoleArn: string;
  RoleSessionName?: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns?: PolicyDescriptor[];
}

export function checkRoleRequest(input: RoleRequest): void {
  checkLength(input.RoleArn, 'roleArn', 20, 2048);
  checkRoleSessionName(input.RoleSessionName, 'roleSessionName');
  checkRange(input.DurationSeconds, 'durationSeconds', ROLE_DURATION_S.min, ROLE_DURATION_S.max);
  checkSessionPolicies(input.Policy, input.PolicyArns);
}

function checkRoleSessionName(name: string | undefined, member: string): void {
  checkLength(name, member, 2, 64);
  checkPattern(name, member, SESSION_NAME_PATTERN, '[\\w+=,.@-]*');
}

/** Any well-formed role ARN is accepted (there is no IAM); a malformed one is refused as AWS does. */
function parseRoleArn(roleArn: string): Role {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsError('ValidationError', `${roleArn} is invalid`);
  const [, accountId, name] = match as unknown as [string, string, string];
  return { arn: roleArn, accountId, name };
}

/** After every member constraint: the inline policy's JSON, then the role ARN itself. */
export function resolveRole(input: RoleRequest): Role {
  checkPolicyDocument(input.Policy);
  return parseRoleArn(input.RoleArn);
}

/**
 * A role session as AWS names it: `AROA…:<session>` and
 * `arn:aws:sts::<account>:assumed-role/<role>/<session>`. The role's own account owns the session,
 * so its credentials act in that account.
 */
export async function startRoleSession(
  ctx: RequestContext,
  role: Role,
  sessionName: string,
  durationSeconds: number,
): Promise<{ Credentials: IssuedCredentials; AssumedRoleUser: { AssumedRoleId: string; Arn: string } }> {
  const assumedRoleId = `${roleIdFor(role.arn)}:${sessionName}`;
  const arn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`;
  const credentials = await issueCredentials(ctx, {
    accountId: role.accountId,
    arn,
    userId: assumedRoleId,
    durationSeconds,
  });
  return { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn } };
}
