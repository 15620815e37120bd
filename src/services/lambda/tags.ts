// TagResource, UntagResource, ListTags, and the tag rules CreateFunction shares. Tagging gives the
// function a new RevisionId but leaves LastModified alone (it is not a configuration change).
import type {
  ListTagsRequest,
  ListTagsResponse,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler } from '../../core/service.js';
import { MAX_TAGS } from './constants.js';
import { parseJson } from './configuration.js';
import { invalidParameterValue, validationError } from './errors.js';
import { changeFunction, getFunctionRow } from './change.js';
import { parseResourceArn } from './names.js';

/** Lambda's tag rules: keys 1–128 characters, values up to 256, at most 50 tags on a function. */
export function mergeTags(
  current: Record<string, string>,
  added: Record<string, string>,
): Record<string, string> {
  for (const [key, value] of Object.entries(added)) {
    if (key.length < 1 || key.length > 128) {
      throw validationError(key, 'tags', 'Member must have length less than or equal to 128');
    }
    if (String(value).length > 256) {
      throw validationError(value, 'tags', 'Member must have length less than or equal to 256');
    }
  }
  const merged = { ...current, ...added };
  if (Object.keys(merged).length > MAX_TAGS)
    throw invalidParameterValue('Number of tags exceeds resource tag limit.');
  return merged;
}

export const TagResource: OperationHandler<TagResourceRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const ref = parseResourceArn(ctx, input.Resource ?? '');
  const added = (input.Tags ?? {}) as Record<string, string>;
  if (Object.keys(added).length === 0)
    throw invalidParameterValue('An error occurred: Tags must not be empty.');
  await changeFunction(ctx, ref, undefined, (row) => ({
    tags: JSON.stringify(mergeTags(parseJson<Record<string, string>>(row.tags) ?? {}, added)),
    modified_at: row.modified_at,
  }));
  return {};
};

export const UntagResource: OperationHandler<UntagResourceRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const ref = parseResourceArn(ctx, input.Resource ?? '');
  const keys = input.TagKeys ?? [];
  await changeFunction(ctx, ref, undefined, (row) => {
    const remaining = parseJson<Record<string, string>>(row.tags) ?? {};
    for (const key of keys) delete remaining[key];
    return { tags: JSON.stringify(remaining), modified_at: row.modified_at };
  });
  return {};
};

/** ListTags answers `Tags: {}` for a function without tags. */
export const ListTags: OperationHandler<ListTagsRequest, ListTagsResponse> = async (ctx, input) => {
  const row = await getFunctionRow(ctx, parseResourceArn(ctx, input.Resource ?? ''));
  return { Tags: parseJson<Record<string, string>>(row.tags) ?? {} };
};
