// PutItem: replaces the whole item, under an optional condition.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import type { ExpressionInput, ParsedExpressions } from '../expressions/index.js';
import { expressionPaths, refuseNestedKeyPaths } from './expression-checks.js';
import { CapacityMeter } from './capacity.js';
import { normaliseItem } from './normalise.js';
import { replacedItemAnswer, type WriteOptions } from './responses.js';
import { checkItem, type StoredKey } from './schema.js';
import { itemTable, type ItemTable } from './table.js';
import { conditionalWrite } from './write.js';

export interface PutItemInput extends WriteOptions, ExpressionInput {
  TableName: string;
  Item: Item;
  ReturnValues?: string;
  ConditionExpression?: string;
}

/** The item a put writes, normalised, and its key; throws DynamoDB's errors for either. */
export function putPlan(
  target: ItemTable,
  requested: Item,
  parsed: ParsedExpressions,
): { key: StoredKey; item: Item } {
  const item = normaliseItem(requested);
  const key = checkItem(target.schema, item);
  refuseNestedKeyPaths(target.schema, expressionPaths(parsed));
  return { key, item };
}

export async function PutItem(
  ctx: RequestContext,
  input: PutItemInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const { key, item } = putPlan(target, input.Item, parsed);
  const meter = new CapacityMeter(target.table.name, target.schema.indexes);
  const outcome = await conditionalWrite(
    ctx.storage.db,
    {
      target,
      key,
      condition: parsed.condition,
      options: input,
      now: ctx.clock.now(),
      readsOld:
        parsed.condition !== undefined ||
        input.ReturnValues === 'ALL_OLD' ||
        input.ReturnConsumedCapacity !== undefined,
      next: () => item,
    },
    meter,
  );
  return replacedItemAnswer(target, input, outcome.old, item, meter);
}
