// DeleteItem: removes an item by key, under an optional condition.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import { evaluateCondition } from '../expressions/index.js';
import type { ExpressionInput, ParsedExpressions } from '../expressions/index.js';
import { expressionPaths, refuseNestedKeyPaths } from './expression-checks.js';
import { CapacityMeter } from './capacity.js';
import { normaliseItem } from './normalise.js';
import { conditionFailed, replacedItemAnswer, type WriteOptions } from './responses.js';
import { checkKey } from './schema.js';
import { itemTable } from './table.js';
import { applyWrite } from './write.js';

export interface DeleteItemInput extends WriteOptions, ExpressionInput {
  TableName: string;
  Key: Item;
  ReturnValues?: string;
}

export async function DeleteItem(
  ctx: RequestContext,
  input: DeleteItemInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const key = checkKey(target.schema, normaliseItem(input.Key));
  refuseNestedKeyPaths(target.schema, expressionPaths(parsed));
  const meter = new CapacityMeter(target.table.name, target.schema.indexes);
  const condition = parsed.condition;
  const outcome = await ctx.storage.db.transaction((tx) =>
    applyWrite(
      tx,
      {
        target,
        key,
        change(old) {
          if (condition && !evaluateCondition(condition, old)) throw conditionFailed(input, old);
          return undefined;
        },
      },
      meter,
    ),
  );
  return replacedItemAnswer(target, input, outcome.old, outcome.old, meter);
}
