// Activities: CreateActivity (idempotent by name), DescribeActivity, DeleteActivity and
// ListActivities (AWS API reference). Their tasks are handed to workers by GetActivityTask
// (activity-tasks.ts); their tags are TagResource's (tags.ts).
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { activityArn, checkName, parseActivityArn } from './arns.js';
import { activityNotFound } from './errors.js';
import {
  deleteActivity,
  findActivity,
  insertActivity,
  listActivities,
  type ActivityRow,
} from './activities-store.js';
import { pageOf, paged } from './pages.js';
import { checkedTags, mergedTags, type Tag } from './tags.js';

/**
 * Creating an activity again answers the one there is, with its ARN and creation date: a request
 * with other tags is the same request, and its tags are not applied (AWS API reference,
 * CreateActivity).
 */
export const CreateActivity: OperationHandler<{ name: string; tags?: Partial<Tag>[] }> = async (
  ctx,
  input,
) => {
  const tags = checkedTags(input.tags ?? []);
  checkName(input.name);
  const arn = activityArn(ctx, input.name);
  const row: ActivityRow = {
    arn,
    account_id: ctx.accountId,
    region: ctx.region,
    name: input.name,
    tags: JSON.stringify(mergedTags(arn, [], tags)),
    created_at: ctx.clock.now(),
  };
  if (await insertActivity(ctx.storage.db, row)) return created(row);
  const existing = await findActivity(ctx.storage.db, arn);
  // Deleted between the insert and this read: the name is free again, for this request to take.
  return existing ? created(existing) : CreateActivity(ctx, input);
};

const created = (row: ActivityRow) => ({ activityArn: row.arn, creationDate: new Date(row.created_at) });

/** The activity an ARN names, in the caller's account; InvalidArn or ActivityDoesNotExist otherwise. */
export async function activityOf(ctx: RequestContext, arn: string): Promise<ActivityRow> {
  parseActivityArn(arn);
  const activity = await findActivity(ctx.storage.db, arn);
  if (!activity || activity.account_id !== ctx.accountId) throw activityNotFound(arn);
  return activity;
}

export const DescribeActivity: OperationHandler<{ activityArn: string }> = async (ctx, input) => {
  const activity = await activityOf(ctx, input.activityArn);
  return { activityArn: activity.arn, name: activity.name, creationDate: new Date(activity.created_at) };
};

/**
 * Deleting an activity that is not there succeeds (InvalidArn is the only error AWS documents).
 * Its queued tasks stay with their executions: no worker can take them while the activity is gone
 * (GetActivityTask answers ActivityDoesNotExist), so they wait for their TimeoutSeconds, or for an
 * activity of the same name; a task a worker took already can still be answered.
 */
export const DeleteActivity: OperationHandler<{ activityArn: string }> = async (ctx, input) => {
  const { scope } = parseActivityArn(input.activityArn);
  if (scope.accountId === ctx.accountId) await deleteActivity(ctx.storage.db, input.activityArn);
  return {};
};

export const ListActivities: OperationHandler<{ maxResults?: number; nextToken?: string }> = async (
  ctx,
  input,
) => {
  const page = pageOf(input);
  const rows = await listActivities(ctx.storage.db, ctx, page.offset, page.limit + 1);
  const { rows: listed, nextToken } = paged(rows, page);
  return {
    activities: listed.map((row) => ({
      activityArn: row.arn,
      name: row.name,
      creationDate: new Date(row.created_at),
    })),
    ...(nextToken !== undefined && { nextToken }),
  };
};
