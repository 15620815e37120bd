// Reading one page of a Query or Scan: rows in key order until Limit items were evaluated or
// 1 MB was read, the filter applied after counting (ScannedCount counts every item read).
import type { RequestContext } from '../../../core/service.js';
import type { Item } from '../attribute-value.js';
import { entryItemPartition, partitionKey, sortKey, tablePartitionOfEntry } from '../keys.js';
import { CapacityMeter, pageUnits } from './capacity.js';
import { PAGE_LIMIT_BYTES, pageBytes } from './page-size.js';
import { keyOf, type IndexShape } from './schema.js';
import { itemSize } from './size.js';
import { readItem, readRange, type ItemRow, type Position, type RangeRead } from './store.js';
import type { ItemTable } from './table.js';

export interface PageRequest {
  target: ItemTable;
  index: IndexShape | undefined;
  /** Which rows: one partition (Query) or a partition range (Scan). */
  range: Pick<RangeRead, 'partition' | 'sort' | 'fromPartition' | 'toPartition'>;
  forward: boolean;
  after: Position | undefined;
  limit: number | undefined;
  filter: ((item: Item) => boolean) | undefined;
  /** A local index read with Select ALL_ATTRIBUTES fetches each item from the table. */
  fetchFromTable: boolean;
  consistent: boolean;
}

export interface Page {
  items: Item[];
  scanned: number;
  lastEvaluatedKey: Item | undefined;
  meter: CapacityMeter;
}

const CHUNK = 256;

/** The key a page ends with: the table's key and, for an index, the index's key too. */
function evaluatedKey(request: PageRequest, item: Item): Item {
  const { schema } = request.target;
  return request.index ? { ...keyOf(schema, item), ...keyOf(request.index, item) } : keyOf(schema, item);
}

/** Where to resume after a row. */
function positionOf(row: ItemRow): Position {
  return { pk: row.pk, sk: row.sk, itemPk: row.item_pk, itemSk: row.item_sk };
}

/** An ExclusiveStartKey as a position in the table or index. */
export function startPosition(target: ItemTable, index: IndexShape | undefined, key: Item): Position {
  const { schema } = target;
  const tableKey = {
    pk: partitionKey(key[schema.hash.name]!),
    sk: sortKey(schema.range && key[schema.range.name]),
  };
  if (!index) return tableKey;
  return {
    pk: partitionKey(key[index.hash.name]!),
    sk: sortKey(index.range && key[index.range.name]),
    itemPk: entryItemPartition(tableKey.pk, tableKey.sk),
    itemSk: tableKey.sk,
  };
}

export async function readPage(ctx: RequestContext, request: PageRequest): Promise<Page> {
  const { table, schema } = request.target;
  const db = ctx.storage.db;
  const rangeKey = (request.index ?? schema).range?.name;
  const items: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let tableBytes = 0;
  let indexBytes = 0;
  let after = request.after;
  let last: Item | undefined;
  let full = false;
  for (;;) {
    const want = request.limit === undefined ? CHUNK : Math.min(CHUNK, request.limit - scanned);
    const rows = await readRange(db, {
      tableId: table.id,
      index: request.index?.name,
      ...request.range,
      forward: request.forward,
      after,
      limit: want,
    });
    for (const row of rows) {
      let item = JSON.parse(row.item) as Item;
      if (request.index) indexBytes += itemSize(item);
      if (request.fetchFromTable) {
        const itemKey = { pk: tablePartitionOfEntry(row.item_pk!), sk: row.item_sk! };
        const fetched = await readItem(db, table.id, itemKey);
        if (fetched) item = JSON.parse(fetched.item) as Item;
        tableBytes += fetched?.size ?? 0;
      } else if (!request.index) {
        tableBytes += row.size;
      }
      scanned += 1;
      bytes += pageBytes(item, rangeKey);
      last = item;
      after = positionOf(row);
      if (!request.filter || request.filter(item)) items.push(item);
      if ((request.limit !== undefined && scanned >= request.limit) || bytes >= PAGE_LIMIT_BYTES) {
        full = true;
        break;
      }
    }
    if (full || rows.length < want) break;
  }
  const meter = new CapacityMeter(table.name, schema.indexes);
  meter.table = pageUnits(tableBytes, request.consistent);
  if (request.index) meter.addIndex(request.index.name, pageUnits(indexBytes, request.consistent));
  return { items, scanned, lastEvaluatedKey: full && last ? evaluatedKey(request, last) : undefined, meter };
}
