// TagResource, UntagResource, ListTagsOfResource: tags of a table, addressed by its ARN.
import { AwsError } from '../../../core/aws-error.js';
import type { RequestContext } from '../../../core/service.js';
import { resourceNotFound, validation } from '../errors.js';
import { findTable, tableChanged } from './lookup.js';
import { saveTags } from './store.js';
import type { Table } from './types.js';

type TagList = { Key: string; Value: string }[];

export function tagsFromList(list: TagList, into: Record<string, string> = {}): Record<string, string> {
  for (const { Key, Value } of list) into[Key] = Value;
  return into;
}

/**
 * DynamoDB authorises before it parses: an ARN that is not even shaped like `…:…/…` is refused as
 * an action on that resource (AccessDeniedException, `Message` in the body), as recorded from AWS.
 */
function accessDenied(ctx: RequestContext, arn: string): AwsError {
  const resource = arn === '' ? '*' : arn;
  return new AwsError('AccessDeniedException', '', {
    fields: {
      Message: `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: dynamodb:${ctx.operation} on resource: ${resource}`,
    },
  });
}

const TABLE_ARN = /^arn:aws:dynamodb:([^:]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})$/;

/** Checks in DynamoDB's order; `members` names the request's list member ('Tags' / 'TagKeys'). */
async function taggedTable(
  ctx: RequestContext,
  input: { ResourceArn?: unknown } & Record<string, unknown>,
  member?: { name: 'Tags' | 'TagKeys'; empty: string },
): Promise<Table> {
  const arn = input.ResourceArn;
  if (typeof arn !== 'string') throw validation('Invalid TableArn');
  const parts = arn.split(':');
  if (parts.length < 6 || !parts.slice(5).join(':').includes('/')) throw accessDenied(ctx, arn);
  const list = member && input[member.name];
  if (member && (list === undefined || list === null)) {
    const wire = member.name === 'Tags' ? 'tags' : 'tagKeys';
    throw validation(
      `1 validation error detected: Value null at '${wire}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const match = TABLE_ARN.exec(arn);
  if (!match) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  if (member && Array.isArray(list) && list.length === 0) throw validation(member.empty);
  // UntagResource alone leaves the ARN out of its message.
  const notFound = resourceNotFound(
    ctx.operation === 'UntagResource'
      ? 'Requested resource not found'
      : `Requested resource not found: ResourcArn: ${arn} not found`,
  );
  if (match[1] !== ctx.region || match[2] !== ctx.accountId) throw notFound;
  const table = await findTable(ctx.storage.db, ctx, match[3]!, ctx.clock.now(), 'fresh');
  if (!table) throw notFound;
  return table;
}

/** Read, change and write under the table's row lock, so that concurrent calls lose no tag. */
async function changeTags(
  ctx: RequestContext,
  table: Table,
  change: (tags: Record<string, string>) => Record<string, string>,
): Promise<void> {
  await ctx.storage.db.transaction(async (tx) => {
    const current = await findTable(tx, ctx, table.name, ctx.clock.now(), 'locked');
    await saveTags(tx, table.id, JSON.stringify(change({ ...(current ?? table).tags })));
  });
  await tableChanged(ctx, table.name);
}

export async function TagResource(
  ctx: RequestContext,
  input: { ResourceArn?: string; Tags?: TagList },
): Promise<unknown> {
  const table = await taggedTable(ctx, input, {
    name: 'Tags',
    empty: 'Atleast one Tag needs to be provided as Input.',
  });
  await changeTags(ctx, table, (tags) => tagsFromList(input.Tags ?? [], tags));
  return {};
}

export async function UntagResource(
  ctx: RequestContext,
  input: { ResourceArn?: string; TagKeys?: string[] },
): Promise<unknown> {
  const table = await taggedTable(ctx, input, {
    name: 'TagKeys',
    empty: 'Atleast one Tag Key needs to be provided as Input.',
  });
  await changeTags(ctx, table, (tags) => {
    for (const key of input.TagKeys ?? []) delete tags[key];
    return tags;
  });
  return {};
}

export async function ListTagsOfResource(
  ctx: RequestContext,
  input: { ResourceArn?: string },
): Promise<unknown> {
  const table = await taggedTable(ctx, input);
  return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
}
