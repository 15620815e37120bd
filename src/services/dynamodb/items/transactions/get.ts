// TransactGetItems: up to 100 items of any tables read at one moment (AWS API reference). The
// answer lists one entry per request in its order, `{}` for an item that does not exist; each read
// costs two strongly consistent read units per 4 KB.
import type { RequestContext } from '../../../../core/service.js';
import type { Item } from '../../attribute-value.js';
import { validation } from '../../errors.js';
import { project, type ParsedExpressions } from '../../expressions/index.js';
import { CapacityMeter, capacityList, readUnits } from '../capacity.js';
import { keyPlan } from '../delete.js';
import { keyId } from '../schema.js';
import { readItems } from '../store.js';
import { itemTables } from '../table.js';

export interface TransactGetItemsInput {
  TransactItems: { Get: { TableName: string; Key: Item } }[];
  ReturnConsumedCapacity?: string;
}

const TRANSACTION_FACTOR = 2;

export async function TransactGetItems(
  ctx: RequestContext,
  input: TransactGetItemsInput,
  parsed: ParsedExpressions[],
): Promise<unknown> {
  const gets = input.TransactItems.map(({ Get }) => Get);
  const tables = await itemTables(
    ctx,
    gets.map((get) => get.TableName),
  );
  const reads = gets.map((get, i) => {
    const target = tables.get(get.TableName)!;
    return { target, key: keyPlan(target, get.Key, parsed[i]!), projection: parsed[i]!.projection };
  });
  const targets = new Set(reads.map(({ target, key }) => `${target.table.id}/${keyId(key)}`));
  if (targets.size < reads.length) {
    throw validation('Transaction request cannot include multiple operations on one item');
  }
  const rows = await readItems(
    ctx.storage.db,
    reads.map(({ target, key }) => ({ tableId: target.table.id, key })),
  );
  const meters = new Map<string, CapacityMeter>();
  const responses = reads.map(({ target, projection }, i) => {
    const row = rows[i];
    const meter = meters.get(target.table.id) ?? new CapacityMeter(target.table.name);
    meters.set(target.table.id, meter);
    meter.table += TRANSACTION_FACTOR * readUnits(row?.size ?? 0, true);
    if (!row) return {};
    const item = JSON.parse(row.item) as Item;
    return { Item: projection ? project(projection, item) : item };
  });
  const out: Record<string, unknown> = { Responses: responses };
  const consumed = capacityList([...meters.values()], input.ReturnConsumedCapacity, 'Read');
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}
