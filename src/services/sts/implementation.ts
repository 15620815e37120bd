import { accountForAccessKey } from '../../core/accounts.js';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext, ServiceImplementation } from '../../core/service.js';
import { issueCredentials } from './credentials.js';
import { GetFederationToken } from './federation.js';
import { migrations } from './migrations.js';
import {
  checkRoleRequest,
  resolveRole,
  ROLE_DURATION_S,
  startRoleSession,
  type RoleRequest,
} from './roles.js';
import { AssumeRoleWithSAML } from './saml.js';
import { packedPolicySize } from './session-policy.js';
import { findSession } from './store.js';
import { checkLength, checkRange } from './validate.js';
import { AssumeRoleWithWebIdentity } from './web-identity.js';

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

interface AssumeRoleInput extends RoleRequest {
  RoleSessionName: string;
  ExternalId?: string;
  SourceIdentity?: string;
}

const AssumeRole: OperationHandler<AssumeRoleInput> = async (ctx, input) => {
  checkRoleRequest(input);
  checkLength(input.ExternalId, 'externalId', 2, 1224);
  checkLength(input.SourceIdentity, 'sourceIdentity', 2, 64);
  const role = resolveRole(input);
  const session = await startRoleSession(
    ctx,
    role,
    input.RoleSessionName,
    input.DurationSeconds ?? ROLE_DURATION_S.default,
  );
  return {
    ...session,
    PackedPolicySize: packedPolicySize(input.Policy),
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

/**
 * Only messages AWS encoded in its own authorization failures decode, and Nubis never issues one
 * (it has no IAM to deny a request), so every well-formed input is one AWS would refuse.
 */
const DecodeAuthorizationMessage: OperationHandler<{ EncodedMessage: string }> = async (_ctx, input) => {
  checkLength(input.EncodedMessage, 'encodedMessage', 1, 10_240);
  throw new AwsError(
    'InvalidAuthorizationMessageException',
    'The encoded authorization message is not valid.',
  );
};

export const implementation: ServiceImplementation = {
  migrations,
  operations: {
    AssumeRole,
    AssumeRoleWithSAML,
    AssumeRoleWithWebIdentity,
    DecodeAuthorizationMessage,
    GetAccessKeyInfo,
    GetCallerIdentity,
    GetFederationToken,
    GetSessionToken,
  },
};
