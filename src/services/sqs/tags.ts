// TagQueue, UntagQueue, ListQueueTags, and the tag rules CreateQueue shares.
import type {
  ListQueueTagsRequest,
  ListQueueTagsResult,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import type { OperationHandler } from '../../core/service.js';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS } from './constants.js';
import { invalidParameterValue, missingParameter } from './errors.js';
import { resolveQueue } from './resolve.js';
import { changeQueue } from './change-queue.js';

/** Unicode letters, digits, white space and `_ . : / = + - @` (the AWS tagging character set). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTag(key: string, value: string): void {
  if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
    throw invalidParameterValue('Tag keys must be between 1 and 128 characters in length.');
  }
  if (!TAG_CHARACTERS.test(key)) {
    throw invalidParameterValue(
      'Tag keys may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @',
    );
  }
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    throw invalidParameterValue('Tag values must be between 0 and 256 characters in length.');
  }
  if (!TAG_CHARACTERS.test(value)) {
    throw invalidParameterValue(
      'Tag values may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @',
    );
  }
}

/** Merges `added` into `current` (a new value for an existing key overwrites it); at most 50 tags. */
export function mergeTags(
  queueName: string,
  current: Record<string, string>,
  added: Record<string, string>,
): Record<string, string> {
  for (const [key, value] of Object.entries(added)) checkTag(key, String(value));
  const merged = { ...current, ...added };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw invalidParameterValue(`Too many tags added for queue ${queueName}.`);
  }
  return merged;
}

export const TagQueue: OperationHandler<TagQueueRequest, Record<string, never>> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const added = (input.Tags ?? {}) as Record<string, string>;
  if (Object.keys(added).length === 0) throw missingParameter('Tags');
  await changeQueue(ctx, queue, (current) => ({ tags: mergeTags(current.name, current.tags, added) }));
  return {};
};

export const UntagQueue: OperationHandler<UntagQueueRequest, Record<string, never>> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const keys = input.TagKeys ?? [];
  if (keys.length === 0) throw missingParameter('TagKeys');
  await changeQueue(ctx, queue, (current) => {
    const remaining = { ...current.tags };
    for (const key of keys) delete remaining[key];
    return { tags: remaining };
  });
  return {};
};

/** Without tags AWS omits the Tags member. */
export const ListQueueTags: OperationHandler<ListQueueTagsRequest, ListQueueTagsResult> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  return { Tags: Object.keys(queue.tags).length > 0 ? queue.tags : undefined };
};
