// Members that every item write may add to its answer.
import type { Item } from '../attribute-value.js';
import { conditionalCheckFailed } from '../errors.js';
import type { CapacityMeter } from './capacity.js';
import { keyOf } from './schema.js';
import { itemSize } from './size.js';
import type { ItemTable } from './table.js';

export interface WriteOptions {
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
  ReturnValuesOnConditionCheckFailure?: string;
}

/** The failed condition's error, carrying the item when ReturnValuesOnConditionCheckFailure asks. */
export function conditionFailed(options: WriteOptions, old: Item | undefined) {
  return conditionalCheckFailed(options.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? old : undefined);
}

/**
 * ItemCollectionMetrics: for tables with local secondary indexes, the item's partition key and
 * the size range of its item collection in GB (DynamoDB reports a [lower, upper] estimate).
 */
export function itemCollectionMetrics(
  target: ItemTable,
  options: WriteOptions,
  item: Item | undefined,
): Record<string, unknown> | undefined {
  if (options.ReturnItemCollectionMetrics !== 'SIZE' || !item) return undefined;
  if (!target.table.stored.LocalSecondaryIndexes?.length) return undefined;
  const { hash } = target.schema;
  const gigabytes = itemSize(item) / 1024 ** 3;
  return {
    ItemCollectionKey: { [hash.name]: keyOf(target.schema, item)[hash.name] },
    SizeEstimateRangeGB: [0, Math.max(1, Math.ceil(gigabytes))],
  };
}

export function withCapacity(
  out: Record<string, unknown>,
  meter: CapacityMeter,
  options: WriteOptions,
): Record<string, unknown> {
  const consumed = meter.report(options.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}

/** PutItem's and DeleteItem's answer: the old item if asked for, collection metrics, capacity. */
export function replacedItemAnswer(
  target: ItemTable,
  input: WriteOptions & { ReturnValues?: string },
  old: Item | undefined,
  metricsItem: Item | undefined,
  meter: CapacityMeter,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.ReturnValues === 'ALL_OLD' && old) out.Attributes = old;
  const metrics = itemCollectionMetrics(target, input, metricsItem);
  if (metrics) out.ItemCollectionMetrics = metrics;
  return withCapacity(out, meter, input);
}
