// TagResource, UntagResource, ListTagsForResource (by log group ARN) and the older TagLogGroup,
// UntagLogGroup, ListTagsLogGroup (by name). At most 50 tags per log group.
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  ListTagsLogGroupRequest,
  ListTagsLogGroupResponse,
  TagLogGroupRequest,
  TagResourceRequest,
  UntagLogGroupRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { MAX_TAGS } from './constants.js';
import { groupNotFound, invalidParameter, validationError } from './errors.js';
import { parseGroupArn, requireGroup } from './group.js';
import { setTags, type GroupRow } from './store-groups.js';

type Empty = Record<string, never>;
type Tags = Record<string, string>;

const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(tags: Tags): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    throw validationError('tags', 'tags', `Member must have length less than or equal to ${MAX_TAGS}`);
  }
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || !TAG_KEY.test(key)) {
      throw validationError(
        key,
        'tags',
        'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$',
      );
    }
    if (value.length > 256 || !TAG_VALUE.test(value)) {
      throw validationError(
        value,
        'tags',
        'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$',
      );
    }
  }
}

async function groupByArn(ctx: RequestContext, arn: string): Promise<GroupRow> {
  const parsed = parseGroupArn(arn);
  if (!parsed) throw invalidParameter(`Invalid resource arn: ${arn}`);
  if (parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) throw groupNotFound();
  return requireGroup(ctx.storage.db, ctx, parsed.name);
}

function currentTags(row: GroupRow): Tags {
  return JSON.parse(row.tags) as Tags;
}

async function addTags(ctx: RequestContext, row: GroupRow, added: Tags): Promise<void> {
  const merged = { ...currentTags(row), ...added };
  checkTags(merged);
  await setTags(ctx.storage.db, row.id, JSON.stringify(merged));
}

async function removeTags(ctx: RequestContext, row: GroupRow, keys: string[]): Promise<void> {
  const remaining = currentTags(row);
  for (const key of keys) delete remaining[key];
  await setTags(ctx.storage.db, row.id, JSON.stringify(remaining));
}

export const TagResource: OperationHandler<TagResourceRequest, Empty> = async (ctx, input) => {
  await addTags(ctx, await groupByArn(ctx, input.resourceArn!), (input.tags ?? {}) as Tags);
  return {};
};

export const UntagResource: OperationHandler<UntagResourceRequest, Empty> = async (ctx, input) => {
  await removeTags(ctx, await groupByArn(ctx, input.resourceArn!), input.tagKeys ?? []);
  return {};
};

export const ListTagsForResource: OperationHandler<
  ListTagsForResourceRequest,
  ListTagsForResourceResponse
> = async (ctx, input) => ({ tags: currentTags(await groupByArn(ctx, input.resourceArn!)) });

export const TagLogGroup: OperationHandler<TagLogGroupRequest, Empty> = async (ctx, input) => {
  await addTags(
    ctx,
    await requireGroup(ctx.storage.db, ctx, input.logGroupName!),
    (input.tags ?? {}) as Tags,
  );
  return {};
};

export const UntagLogGroup: OperationHandler<UntagLogGroupRequest, Empty> = async (ctx, input) => {
  await removeTags(ctx, await requireGroup(ctx.storage.db, ctx, input.logGroupName!), input.tags ?? []);
  return {};
};

export const ListTagsLogGroup: OperationHandler<ListTagsLogGroupRequest, ListTagsLogGroupResponse> = async (
  ctx,
  input,
) => ({ tags: currentTags(await requireGroup(ctx.storage.db, ctx, input.logGroupName!)) });
