// BatchGetItem and BatchWriteItem. Every table is looked up first, then keys are checked. A write
// batch runs in one transaction here, so nothing is left unprocessed (UnprocessedItems comes back
// empty, as DynamoDB answers a batch within its limits); a read batch whose items pass 16 MB
// returns the rest of its keys as UnprocessedKeys.
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import { project, type ParsedExpressions } from '../expressions/index.js';
import { validation } from '../errors.js';
import { CapacityMeter, capacityList, readUnits } from './capacity.js';
import { normaliseItem } from './normalise.js';
import { checkIndexKeys, checkKey, keyId, type StoredKey, type TableSchema } from './schema.js';
import { readItem } from './store.js';
import { itemTables, type ItemTable } from './table.js';
import { applyWrite } from './write.js';

interface GetRequest {
  Keys: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  AttributesToGet?: string[];
}

interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

/** BatchGetItem answers at most 16 MB of items (AWS API reference). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

const duplicates = () => validation('Provided list of item keys contains duplicates');

function refuseDuplicates(keys: StoredKey[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    const id = keyId(key);
    if (seen.has(id)) throw duplicates();
    seen.add(id);
  }
}

export async function BatchGetItem(
  ctx: RequestContext,
  input: { RequestItems: Record<string, GetRequest>; ReturnConsumedCapacity?: string },
  parsed: Map<string, ParsedExpressions>,
): Promise<unknown> {
  const names = Object.keys(input.RequestItems);
  const tables = await itemTables(ctx, names);
  const checked = names.map((name) => {
    const target = tables.get(name)!;
    const keys = input.RequestItems[name]!.Keys.map((key) => checkKey(target.schema, normaliseItem(key)));
    refuseDuplicates(keys);
    return { name, target, keys };
  });
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, GetRequest> = {};
  const meters: CapacityMeter[] = [];
  let bytes = 0;
  for (const { name, target, keys } of checked) {
    const request = input.RequestItems[name]!;
    const meter = new CapacityMeter(target.table.name);
    const items: Item[] = [];
    const projection = parsed.get(name)!.projection;
    for (const [i, key] of keys.entries()) {
      const row = await readItem(ctx.storage.db, target.table.id, key);
      // An answer holds at most 16 MB: the keys it has no room for come back as UnprocessedKeys.
      if (row && bytes + row.size > MAX_ANSWER_BYTES) {
        unprocessed[name] = { ...request, Keys: request.Keys.slice(i) };
        break;
      }
      if (row) {
        bytes += row.size;
        const item = JSON.parse(row.item) as Item;
        items.push(projection ? project(projection, item) : item);
      }
      meter.table += readUnits(row?.size ?? 0, request.ConsistentRead === true);
    }
    responses[name] = items;
    meters.push(meter);
  }
  const out: Record<string, unknown> = { Responses: responses, UnprocessedKeys: unprocessed };
  const consumed = capacityList(meters, input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}

/** A put's key, checked as a key (DynamoDB says "does not match the schema" for batch puts). */
function putKey(schema: TableSchema, item: Item): StoredKey {
  const key: Item = {};
  for (const attribute of [schema.hash, schema.range]) {
    if (attribute && item[attribute.name] !== undefined) key[attribute.name] = item[attribute.name]!;
  }
  const stored = checkKey(schema, key);
  checkIndexKeys(schema, item);
  return stored;
}

interface PlannedWrite {
  target: ItemTable;
  key: StoredKey;
  item: Item | undefined;
  meter: CapacityMeter;
}

export async function BatchWriteItem(
  ctx: RequestContext,
  input: { RequestItems: Record<string, WriteRequest[]>; ReturnConsumedCapacity?: string },
): Promise<unknown> {
  const names = Object.keys(input.RequestItems);
  const tables = await itemTables(ctx, names);
  const planned: PlannedWrite[] = [];
  const meters: CapacityMeter[] = [];
  for (const name of names) {
    const target = tables.get(name)!;
    const meter = new CapacityMeter(target.table.name, target.schema.indexes);
    meters.push(meter);
    const writes = input.RequestItems[name]!.map((request): PlannedWrite => {
      if (request.PutRequest) {
        const item = normaliseItem(request.PutRequest.Item);
        return { target, key: putKey(target.schema, item), item, meter };
      }
      return {
        target,
        key: checkKey(target.schema, normaliseItem(request.DeleteRequest!.Key)),
        item: undefined,
        meter,
      };
    });
    refuseDuplicates(writes.map((write) => write.key));
    planned.push(...writes);
  }
  const now = ctx.clock.now();
  await ctx.storage.db.transaction(async (tx) => {
    for (const write of planned) {
      const readsOld = input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE';
      await applyWrite(
        tx,
        { target: write.target, key: write.key, readsOld, now, change: () => write.item },
        write.meter,
      );
    }
  });
  const out: Record<string, unknown> = { UnprocessedItems: {} };
  const consumed = capacityList(meters, input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}
