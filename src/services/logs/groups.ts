// CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy.
import { randomUUID } from 'node:crypto';
import type {
  CreateLogGroupRequest,
  DeleteLogGroupRequest,
  DeleteRetentionPolicyRequest,
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  LogGroup,
  PutRetentionPolicyRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { LOG_GROUP_CLASSES, MAX_DESCRIBE_LIMIT, RETENTION_DAYS } from './constants.js';
import { groupExists, groupNotFound, invalidParameter, validationError } from './errors.js';
import { groupArn, requireGroup, retentionCutoff } from './group.js';
import {
  deleteGroup,
  insertGroup,
  listGroups,
  setRetention,
  storedBytes,
  type GroupRow,
} from './store-groups.js';
import { checkTags } from './tags.js';
import { decodeOpaque, encodeOpaque } from './tokens.js';
import { checkGroupName, checkLimit } from './validate.js';

type Empty = Record<string, never>;

function checkClass(value: string | undefined, member = 'logGroupClass'): string | undefined {
  if (value !== undefined && !LOG_GROUP_CLASSES.includes(value)) {
    throw validationError(
      value,
      member,
      `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(', ')}]`,
    );
  }
  return value;
}

export const CreateLogGroup: OperationHandler<CreateLogGroupRequest, Empty> = async (ctx, input) => {
  checkGroupName(input.logGroupName!);
  const tags = (input.tags ?? {}) as Record<string, string>;
  checkTags(tags);
  const inserted = await insertGroup(ctx.storage.db, {
    id: randomUUID(),
    account_id: ctx.accountId,
    region: ctx.region,
    name: input.logGroupName!,
    created_at: ctx.clock.now(),
    retention_days: null,
    log_group_class: checkClass(input.logGroupClass) ?? 'STANDARD',
    kms_key_id: input.kmsKeyId ?? null,
    tags: JSON.stringify(tags),
  });
  if (!inserted) throw groupExists();
  return {};
};

export const DeleteLogGroup: OperationHandler<DeleteLogGroupRequest, Empty> = async (ctx, input) => {
  await ctx.storage.db.transaction(async (tx) => {
    const row = await requireGroup(tx, ctx, input.logGroupName!);
    if (!(await deleteGroup(tx, row.id))) throw groupNotFound();
  });
  return {};
};

async function describe(ctx: RequestContext, row: GroupRow): Promise<LogGroup> {
  const arn = groupArn(row);
  const bytes = await storedBytes(ctx.storage.db, row.id, retentionCutoff(row, ctx.clock.now()));
  return {
    logGroupName: row.name,
    creationTime: Number(row.created_at),
    retentionInDays: row.retention_days === null ? undefined : Number(row.retention_days),
    metricFilterCount: 0,
    // DescribeLogGroups' `arn` ends with `:*`; logGroupArn is the plain ARN.
    arn: `${arn}:*`,
    storedBytes: bytes,
    kmsKeyId: row.kms_key_id ?? undefined,
    logGroupClass: row.log_group_class as LogGroup['logGroupClass'],
    logGroupArn: arn,
  };
}

export const DescribeLogGroups: OperationHandler<
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse
> = async (ctx, input) => {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter(
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    );
  }
  const limit = checkLimit(input.limit, MAX_DESCRIBE_LIMIT);
  const scope = JSON.stringify([input.logGroupNamePrefix, input.logGroupNamePattern, input.logGroupClass]);
  const after = decodeOpaque<string>(input.nextToken, scope) ?? '';
  const rows = await listGroups(ctx.storage.db, {
    accountId: ctx.accountId,
    region: ctx.region,
    prefix: input.logGroupNamePrefix ?? '',
    contains: (input.logGroupNamePattern ?? '').toLowerCase(),
    logGroupClass: checkClass(input.logGroupClass) ?? null,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const logGroups = await Promise.all(page.map((row) => describe(ctx, row)));
  const last = page[page.length - 1];
  const nextToken = rows.length > limit && last ? encodeOpaque(scope, last.name) : undefined;
  return { logGroups, nextToken };
};

/** retentionInDays must be one of the values AWS lists. */
export const PutRetentionPolicy: OperationHandler<PutRetentionPolicyRequest, Empty> = async (ctx, input) => {
  const days = input.retentionInDays!;
  if (!RETENTION_DAYS.includes(days)) {
    throw validationError(
      days,
      'retentionInDays',
      `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    );
  }
  const row = await requireGroup(ctx.storage.db, ctx, input.logGroupName!);
  await setRetention(ctx.storage.db, row.id, days);
  return {};
};

export const DeleteRetentionPolicy: OperationHandler<DeleteRetentionPolicyRequest, Empty> = async (
  ctx,
  input,
) => {
  const row = await requireGroup(ctx.storage.db, ctx, input.logGroupName!);
  await setRetention(ctx.storage.db, row.id, null);
  return {};
};
