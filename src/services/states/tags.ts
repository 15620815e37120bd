// Tags of state machines and activities: TagResource, UntagResource, ListTagsForResource, and the
// checks CreateStateMachine and CreateActivity apply to their `tags` too. Keys are 1–128 characters, values 0–256 (coral's
// ValidationException otherwise), at most 50 tags a resource (TooManyTags). Tagging a key again
// replaces its value and keeps its place, as AWS lists them.
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import {
  invalidArn,
  MAX_TAGS,
  rejectViolations,
  resourceNotFound,
  tooManyTags,
  type Violation,
} from './errors.js';
import { findActivity, setActivityTags } from './activities-store.js';
import { findMachine, lockMachine, setMachineTags } from './store.js';

export interface Tag {
  key: string;
  value: string;
}

/** Machine and activity ARNs are taggable; versions, aliases and executions are not found. */
const TAGGABLE = /^arn:aws:states:[a-z0-9-]+:\d{12}:(stateMachine|activity):/;

function lengthViolations(value: unknown, path: string, min: number, max: number): Violation[] {
  if (typeof value !== 'string') return [{ value: null, path, constraint: 'Member must not be null' }];
  if (value.length < min)
    return [{ value, path, constraint: `Member must have length greater than or equal to ${min}` }];
  if (value.length > max)
    return [{ value, path, constraint: `Member must have length less than or equal to ${max}` }];
  return [];
}

/** The tags as given, once every key and value is within AWS's lengths. */
export function checkedTags(tags: Partial<Tag>[]): Tag[] {
  rejectViolations(
    tags.flatMap((tag, index) => [
      ...lengthViolations(tag.key, `tags.${index + 1}.member.key`, 1, 128),
      ...lengthViolations(tag.value ?? '', `tags.${index + 1}.member.value`, 0, 256),
    ]),
  );
  return tags.map((tag) => ({ key: tag.key!, value: tag.value ?? '' }));
}

/** `current` with `added` over it; TooManyTags past 50. */
export function mergedTags(arn: string, current: Tag[], added: Tag[]): Tag[] {
  const merged = new Map(current.map((tag) => [tag.key, tag.value]));
  for (const tag of added) merged.set(tag.key, tag.value);
  if (merged.size > MAX_TAGS) throw tooManyTags(arn, merged.size);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/** What tagging reads of a machine or an activity. */
interface Tagged {
  account_id: string;
  tags: string;
}

const tagsOf = (resource: Tagged): Tag[] => JSON.parse(resource.tags) as Tag[];

/** The machine or activity a taggable ARN names (`lock`: until `db`'s transaction ends). */
function readTagged(db: Database, arn: string, lock: boolean): Promise<Tagged | undefined> {
  if (TAGGABLE.exec(arn)?.[1] === 'activity') return findActivity(db, arn, lock);
  return lock ? lockMachine(db, arn) : findMachine(db, arn);
}

function writeTags(db: Database, arn: string, tags: Tag[]): Promise<void> {
  const write = TAGGABLE.exec(arn)?.[1] === 'activity' ? setActivityTags : setMachineTags;
  return write(db, arn, JSON.stringify(tags));
}

/** Changes a resource's tags in one transaction, so that concurrent taggers lose nothing. */
async function retag(ctx: RequestContext, arn: string, change: (tags: Tag[]) => Tag[]): Promise<void> {
  if (!TAGGABLE.test(arn)) throw invalidArn(arn);
  await ctx.storage.db.transaction(async (tx) => {
    const resource = await readTagged(tx, arn, true);
    if (!resource || resource.account_id !== ctx.accountId) throw resourceNotFound(arn);
    await writeTags(tx, arn, change(tagsOf(resource)));
  });
}

export const TagResource: OperationHandler<{ resourceArn: string; tags: Partial<Tag>[] }> = async (
  ctx,
  input,
) => {
  const added = checkedTags(input.tags);
  await retag(ctx, input.resourceArn, (current) => mergedTags(input.resourceArn, current, added));
  return {};
};

export const UntagResource: OperationHandler<{ resourceArn: string; tagKeys: string[] }> = async (
  ctx,
  input,
) => {
  rejectViolations(
    input.tagKeys.flatMap((key, index) => lengthViolations(key, `tagKeys.${index + 1}.member`, 1, 128)),
  );
  const removed = new Set(input.tagKeys);
  await retag(ctx, input.resourceArn, (current) => current.filter((tag) => !removed.has(tag.key)));
  return {};
};

export const ListTagsForResource: OperationHandler<{ resourceArn: string }> = async (ctx, input) => {
  const arn = input.resourceArn;
  if (!TAGGABLE.test(arn)) throw invalidArn(arn);
  const resource = await readTagged(ctx.storage.db, arn, false);
  if (!resource || resource.account_id !== ctx.accountId) throw resourceNotFound(arn);
  return { tags: tagsOf(resource) };
};
