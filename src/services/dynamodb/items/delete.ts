// DeleteItem: removes an item by key, under an optional condition.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import type { ExpressionInput, ParsedExpressions } from '../expressions/index.js';
import { expressionPaths, refuseNestedKeyPaths } from './expression-checks.js';
import { CapacityMeter } from './capacity.js';
import { normaliseItem } from './normalise.js';
import { replacedItemAnswer, type WriteOptions } from './responses.js';
import { checkKey } from './schema.js';
import { itemTable } from './table.js';
import { conditionalWrite } from './write.js';

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
  const outcome = await conditionalWrite(
    ctx.storage.db,
    { target, key, condition: parsed.condition, options: input, next: () => undefined },
    meter,
  );
  return replacedItemAnswer(target, input, outcome.old, outcome.old, meter);
}
