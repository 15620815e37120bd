// UpdateItem: changes attributes of an item (creating it when absent), under an optional condition.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import { applyUpdate, project, updatedAttributeNames } from '../expressions/index.js';
import type { ExpressionInput, ParsedExpressions, Path } from '../expressions/index.js';
import { validation } from '../errors.js';
import { CapacityMeter } from './capacity.js';
import { expressionPaths, refuseIndexKeyRetyping, refuseNestedKeyPaths } from './expression-checks.js';
import { normaliseItem } from './normalise.js';
import { itemCollectionMetrics, withCapacity, type WriteOptions } from './responses.js';
import { checkIndexKeys, checkKey, PARAMETERS_INVALID, type StoredKey, type TableSchema } from './schema.js';
import { itemSize } from './size.js';
import { itemTable, type ItemTable } from './table.js';
import { conditionalWrite } from './write.js';

export interface UpdateItemInput extends WriteOptions, ExpressionInput {
  TableName: string;
  Key: Item;
  ReturnValues?: string;
}

const MAX_ITEM_BYTES = 400 * 1024;

/** Key attributes cannot be updated; DynamoDB names the first it finds (hash, then range). */
function refuseKeyUpdates(schema: TableSchema, names: string[]): void {
  for (const attribute of [schema.hash, schema.range]) {
    if (attribute && names.includes(attribute.name)) {
      throw validation(
        `${PARAMETERS_INVALID} Cannot update attribute ${attribute.name}. This attribute is part of the key`,
      );
    }
  }
}

/** UPDATED_OLD and UPDATED_NEW return just the paths the update wrote, before or after. */
export function returnedAttributes(
  mode: string | undefined,
  paths: Path[],
  old: Item | undefined,
  next: Item | undefined,
): Item | undefined {
  if (mode === 'ALL_OLD') return old;
  if (mode === 'ALL_NEW') return next;
  if (mode === 'UPDATED_OLD') return old && project(paths, old);
  if (mode === 'UPDATED_NEW') return next && project(paths, next);
  return undefined;
}

export interface UpdatePlan {
  key: StoredKey;
  /** The item after the update, from the item before it; throws DynamoDB's errors. */
  next(old: Item | undefined): Item;
}

/** What an update writes: its key is checked and its expression judged against the table. */
export function updatePlan(target: ItemTable, requested: Item, parsed: ParsedExpressions): UpdatePlan {
  const keyItem = normaliseItem(requested);
  const key = checkKey(target.schema, keyItem);
  const { update } = parsed;
  refuseKeyUpdates(target.schema, update ? updatedAttributeNames(update) : []);
  refuseIndexKeyRetyping(target.schema, update);
  refuseNestedKeyPaths(target.schema, expressionPaths(parsed));
  return {
    key,
    next(old) {
      const next = update ? applyUpdate(update, old ?? keyItem) : (old ?? keyItem);
      checkIndexKeys(target.schema, next, true);
      if (itemSize(next) > MAX_ITEM_BYTES) {
        throw validation('Item size to update has exceeded the maximum allowed size');
      }
      return next;
    },
  };
}

export async function UpdateItem(
  ctx: RequestContext,
  input: UpdateItemInput,
  parsed: ParsedExpressions,
): Promise<unknown> {
  const target = await itemTable(ctx, input.TableName);
  const { key, next } = updatePlan(target, input.Key, parsed);
  const meter = new CapacityMeter(target.table.name, target.schema.indexes);
  const outcome = await conditionalWrite(
    ctx.storage.db,
    { target, key, condition: parsed.condition, options: input, now: ctx.clock.now(), next },
    meter,
  );
  const out: Record<string, unknown> = {};
  const paths = (parsed.update ?? []).map((action) => action.path);
  const attributes = returnedAttributes(input.ReturnValues, paths, outcome.old, outcome.item);
  if (attributes && Object.keys(attributes).length > 0) out.Attributes = attributes;
  const metrics = itemCollectionMetrics(target, input, outcome.item);
  if (metrics) out.ItemCollectionMetrics = metrics;
  return withCapacity(out, meter, input);
}
