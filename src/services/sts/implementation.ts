import { accountForAccessKey, isAccountId } from '../../core/accounts.js';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext, ServiceImplementation } from '../../core/service.js';
import { issueCredentials, roleIdFor } from './credentials.js';
import { migrations } from './migrations.js';
import { findSession } from './store.js';
import { checkLength, checkPattern, checkRange, SESSION_NAME_PATTERN } from './validate.js';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;
const ASSUME_ROLE_DURATION_S = { min: 900, max: 43_200, default: 3_600 };
const SESSION_TOKEN_DURATION_S = { min: 900, max: 129_600, default: 43_200 };

function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** The caller as AWS names it: the temporary session when the key is one, else the account root. */
async function callerIdentity(
  ctx: RequestContext,
): Promise<{ Account: string; Arn: string; UserId: string }> {
  const session = ctx.accessKeyId ? await findSession(ctx.storage.db, ctx.accessKeyId) : undefined;
  if (session) return { Account: session.account_id, Arn: session.arn, UserId: session.user_id };
  return { Account: ctx.accountId, Arn: rootArn(ctx.accountId), UserId: ctx.accountId };
}

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  ExternalId?: string;
  SourceIdentity?: string;
}

const AssumeRole: OperationHandler<AssumeRoleInput> = async (ctx, input) => {
  checkLength(input.RoleArn, 'roleArn', 20, 2048);
  checkLength(input.RoleSessionName, 'roleSessionName', 2, 64);
  checkPattern(input.RoleSessionName, 'roleSessionName', SESSION_NAME_PATTERN, '[\\w+=,.@-]*');
  checkRange(
    input.DurationSeconds,
    'durationSeconds',
    ASSUME_ROLE_DURATION_S.min,
    ASSUME_ROLE_DURATION_S.max,
  );
  checkLength(input.Policy, 'policy', 1, 2048);
  checkLength(input.ExternalId, 'externalId', 2, 1224);
  checkLength(input.SourceIdentity, 'sourceIdentity', 2, 64);
  const match = ROLE_ARN.exec(input.RoleArn);
  if (!match) throw new AwsError('ValidationError', `${input.RoleArn} is invalid`);
  const [, roleAccount, roleName] = match as unknown as [string, string, string];
  // The role's own account owns the session, as on AWS; for the usual local role it is the caller's.
  const accountId = isAccountId(roleAccount) ? roleAccount : ctx.accountId;
  const assumedRoleId = `${roleIdFor(input.RoleArn)}:${input.RoleSessionName}`;
  const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${input.RoleSessionName}`;
  const credentials = await issueCredentials(ctx, {
    accountId,
    arn,
    userId: assumedRoleId,
    durationSeconds: input.DurationSeconds ?? ASSUME_ROLE_DURATION_S.default,
  });
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
    PackedPolicySize: input.Policy ? Math.min(100, Math.ceil((input.Policy.length / 2048) * 100)) : undefined,
    SourceIdentity: input.SourceIdentity,
  };
};

const GetSessionToken: OperationHandler<{ DurationSeconds?: number }> = async (ctx, input) => {
  checkRange(
    input.DurationSeconds,
    'durationSeconds',
    SESSION_TOKEN_DURATION_S.min,
    SESSION_TOKEN_DURATION_S.max,
  );
  const caller = await callerIdentity(ctx);
  const credentials = await issueCredentials(ctx, {
    accountId: caller.Account,
    arn: caller.Arn,
    userId: caller.UserId,
    durationSeconds: input.DurationSeconds ?? SESSION_TOKEN_DURATION_S.default,
  });
  return { Credentials: credentials };
};

const GetCallerIdentity: OperationHandler = async (ctx) => callerIdentity(ctx);

const GetAccessKeyInfo: OperationHandler<{ AccessKeyId: string }> = async (_ctx, input) => {
  checkLength(input.AccessKeyId, 'accessKeyId', 16, 128);
  return { Account: accountForAccessKey(input.AccessKeyId) };
};

export const implementation: ServiceImplementation = {
  migrations,
  operations: { AssumeRole, GetSessionToken, GetCallerIdentity, GetAccessKeyInfo },
};
