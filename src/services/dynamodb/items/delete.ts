// DeleteItem: removes an item by key, under an optional condition.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import type { ExpressionInput, ParsedExpressions } from '../expressions/index.js';
import { expressionPaths, refuseNestedKeyPaths } from './expression-checks.js';
import { CapacityMeter } from './capacity.js';
import { normaliseItem } from './normalise.js';
import { replacedItemAnswer, type WriteOptions } from './responses.js';
import { checkKey, type StoredKey } from './schema.js';
import { itemTable, type ItemTable } from './table.js';
import { conditionalWrite } from './write.js';

export interface DeleteItemInput extends WriteOptions, ExpressionInput {
  TableName: string;
  Key: Item;
  ReturnValues?: string;
}

/** The key a delete (or a transaction's condition check) names, checked against the table. */
export function keyPlan(target: ItemTable, requested: Item, parsed: ParsedExpressions): StoredKey {
  const key = checkKey(target.schema, normaliseItem(requested));
  refuseNestedKeyPaths(target.schema, expressionPaths(parsed));
  return key;
}

export async function DeleteItem(
  ctx: RequestContext,
  input: DeleteItemInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const key = keyPlan(target, input.Key, parsed);
  const meter = new CapacityMeter(target.table.name, target.schema.indexes);
  const outcome = await conditionalWrite(
    ctx.storage.db,
    { target, key, condition: parsed.condition, options: input, now: ctx.clock.now(), next: () => undefined },
    meter,
  );
  return replacedItemAnswer(target, input, outcome.old, outcome.old, meter);
}
