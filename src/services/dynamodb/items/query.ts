// Query: the items of one partition of a table or index, in sort key order.
import type { RequestContext } from '../../../core/service.js';
import { evaluateCondition } from '../expressions/index.js';
import type { ParsedExpressions } from '../expressions/index.js';
import {
  checkKeyConditions,
  checkStartKeyBounds,
  checkStartKeyNames,
  keyNames,
  partitionOf,
  sortRangeOf,
  type KeyConditions,
} from './key-conditions.js';
import { conditionPaths, refuseKeyFilters, refuseNestedKeyPaths } from './expression-checks.js';
import { readPage, startPosition } from './pages.js';
import { fetchesFromTable, pageAnswer, readIndex, refuseGlobalFetch, type ReadInput } from './select.js';
import { itemTable } from './table.js';

export interface QueryInput extends ReadInput {
  ScanIndexForward?: boolean;
}

export async function Query(
  ctx: RequestContext,
  input: QueryInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const index = readIndex(target, input);
  const shape = index ?? target.schema;
  const conditions: KeyConditions = parsed.keyConditions ?? {};
  const startKey = input.ExclusiveStartKey;
  checkStartKeyNames(keyNames(target.schema, index), startKey);
  checkKeyConditions(shape, conditions, startKey);
  if (startKey) checkStartKeyBounds(target.schema, shape, conditions, startKey);
  refuseNestedKeyPaths(target.schema, parsed.projection ?? []);
  refuseKeyFilters(shape, parsed.filter, input.QueryFilter !== undefined);
  refuseGlobalFetch(index, input);
  refuseNestedKeyPaths(target.schema, conditionPaths(parsed.filter));
  const filter = parsed.filter;
  const page = await readPage(ctx, {
    target,
    index,
    range: { partition: partitionOf(shape, conditions), sort: sortRangeOf(shape, conditions) },
    forward: input.ScanIndexForward !== false,
    after: startKey && startPosition(target, index, startKey),
    limit: input.Limit,
    filter: filter && ((item) => evaluateCondition(filter, item)),
    fetchFromTable: fetchesFromTable(index, input),
    consistent: input.ConsistentRead === true,
  });
  return pageAnswer(page, parsed, input);
}
