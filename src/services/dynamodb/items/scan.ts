// Scan: every item of a table or index in partition-hash order; with TotalSegments, the segment's
// share of the 4,096 hash buckets (parallel scan as DynamoDB splits it).
import type { RequestContext } from '../../../core/service.js';
import { evaluateCondition } from '../expressions/index.js';
import type { ParsedExpressions } from '../expressions/index.js';
import { validation } from '../errors.js';
import { bucketOf, bucketStart, segmentBuckets } from '../keys.js';
import { checkStartTableKey, keyNames } from './key-conditions.js';
import { conditionPaths, refuseNestedKeyPaths } from './expression-checks.js';
import { readPage, startPosition } from './pages.js';
import type { IndexShape } from './schema.js';
import { fetchesFromTable, pageAnswer, readIndex, refuseGlobalFetch, type ReadInput } from './select.js';
import { itemTable, type ItemTable } from './table.js';
import type { Item } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';

export interface ScanInput extends ReadInput {
  Segment?: number;
  TotalSegments?: number;
}

const invalidStartKey = (detail?: string) =>
  validation(
    detail ? `The provided starting key is invalid: ${detail}` : 'The provided starting key is invalid',
  );

function checkStartKey(target: ItemTable, index: IndexShape | undefined, startKey: Item): void {
  if (Object.keys(startKey).length !== keyNames(target.schema, index).length) {
    throw index ? invalidStartKey() : invalidStartKey('The provided key element does not match the schema');
  }
  for (const attribute of index ? [index.hash, index.range] : []) {
    if (!attribute) continue;
    const value = startKey[attribute.name];
    if (!value) throw invalidStartKey();
    if (typeOf(value) !== attribute.type)
      throw validation('The provided key element does not match the schema');
  }
}

export async function Scan(
  ctx: RequestContext,
  input: ScanInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const index = readIndex(target, input);
  const startKey = input.ExclusiveStartKey;
  if (startKey) checkStartKey(target, index, startKey);
  refuseGlobalFetch(index, input);
  if (startKey) checkStartTableKey(target.schema, startKey);
  const total = input.TotalSegments ?? 1;
  const segment = input.Segment ?? 0;
  const buckets = segmentBuckets(segment, total);
  const after = startKey && startPosition(target, index, startKey);
  if (after && total > 1) {
    const bucket = bucketOf(after.pk);
    if (bucket < buckets.first || bucket >= buckets.end) {
      throw invalidStartKey(
        `Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,
      );
    }
  }
  refuseNestedKeyPaths(target.schema, parsed.projection ?? []);
  refuseNestedKeyPaths(target.schema, conditionPaths(parsed.filter));
  const filter = parsed.filter;
  const page = await readPage(ctx, {
    target,
    index,
    range: { fromPartition: bucketStart(buckets.first), toPartition: bucketStart(buckets.end) },
    forward: true,
    after,
    limit: input.Limit,
    filter: filter && ((item) => evaluateCondition(filter, item)),
    fetchFromTable: fetchesFromTable(index, input),
    consistent: input.ConsistentRead === true,
  });
  return pageAnswer(page, parsed, input);
}
