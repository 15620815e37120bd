import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/service.js';
import { issueCredentials } from './credentials.js';
import {
  checkPolicyDocument,
  checkSessionPolicies,
  packedPolicySize,
  type PolicyDescriptor,
} from './session-policy.js';
import { findSession } from './store.js';
import { checkLength, checkMaxItems, checkPattern, checkRange, SESSION_NAME_PATTERN } from './validate.js';

/** 15 minutes to 36 hours, 12 hours by default (GetFederationToken API reference). */
const FEDERATION_DURATION_S = { min: 900, max: 129_600, default: 43_200 };

/** Session tags: up to 50, keys 1–128 and values 0–256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`. */
const MAX_TAGS = 50;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_SHOWN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

interface Tag {
  Key: string;
  Value: string;
}

interface GetFederationTokenInput {
  Name: string;
  Policy?: string;
  PolicyArns?: PolicyDescriptor[];
  DurationSeconds?: number;
  Tags?: Tag[];
}

function checkTags(tags: Tag[] | undefined): void {
  checkMaxItems(tags, 'tags', MAX_TAGS);
  tags?.forEach((tag, i) => {
    const at = `tags.${i + 1}.member`;
    checkLength(tag.Key, `${at}.key`, 1, 128);
    checkPattern(tag.Key, `${at}.key`, TAG_CHARACTERS, TAG_CHARACTERS_SHOWN);
    checkLength(tag.Value, `${at}.value`, 0, 256);
    checkPattern(tag.Value, `${at}.value`, TAG_CHARACTERS, TAG_CHARACTERS_SHOWN);
  });
}

function checkInput(input: GetFederationTokenInput): void {
  checkLength(input.Name, 'name', 2, 32);
  checkPattern(input.Name, 'name', SESSION_NAME_PATTERN, '[\\w+=,.@-]*');
  checkRange(input.DurationSeconds, 'durationSeconds', FEDERATION_DURATION_S.min, FEDERATION_DURATION_S.max);
  checkTags(input.Tags);
  checkSessionPolicies(input.Policy, input.PolicyArns);
  checkPolicyDocument(input.Policy);
}

/**
 * Credentials for a federated user of the caller's account. AWS requires long-term credentials:
 * a caller signing with temporary ones is refused with AccessDenied.
 */
export const GetFederationToken: OperationHandler<GetFederationTokenInput> = async (ctx, input) => {
  checkInput(input);
  if (ctx.accessKeyId && (await findSession(ctx.storage.db, ctx.accessKeyId))) {
    throw new AwsError('AccessDenied', 'Cannot call GetFederationToken with session credentials', {
      status: 403,
    });
  }
  const federatedUserId = `${ctx.accountId}:${input.Name}`;
  const arn = `arn:aws:sts::${ctx.accountId}:federated-user/${input.Name}`;
  const credentials = await issueCredentials(ctx, {
    accountId: ctx.accountId,
    arn,
    userId: federatedUserId,
    durationSeconds: input.DurationSeconds ?? FEDERATION_DURATION_S.default,
  });
  return {
    Credentials: credentials,
    FederatedUser: { FederatedUserId: federatedUserId, Arn: arn },
    PackedPolicySize: packedPolicySize(input.Policy),
  };
};
