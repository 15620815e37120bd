// GetItem: one item by key, projected.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import { project } from '../expressions/index.js';
import type { ExpressionInput, ParsedExpressions } from '../expressions/index.js';
import { CapacityMeter, readUnits } from './capacity.js';
import { keyPlan } from './delete.js';
import { readItem } from './store.js';
import { itemTable } from './table.js';

export interface GetItemInput extends ExpressionInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
}

export async function GetItem(
  ctx: RequestContext,
  input: GetItemInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const key = keyPlan(target, input.Key, parsed);
  const row = await readItem(ctx.storage.db, target.table.id, key);
  const out: Record<string, unknown> = {};
  if (row) {
    const item = JSON.parse(row.item) as Item;
    out.Item = parsed.projection ? project(parsed.projection, item) : item;
  }
  const meter = new CapacityMeter(target.table.name);
  meter.table = readUnits(row?.size ?? 0, input.ConsistentRead === true);
  const consumed = meter.report(input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}
