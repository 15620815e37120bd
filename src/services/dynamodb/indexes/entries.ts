// Secondary index entries of an item: written and removed in the same transaction as the item.
// An item lacking an index's key attributes has no entry there (sparse indexes).
import type { Item } from '../attribute-value.js';
import type { Database } from '../../../storage/types.js';
import { partitionKey, sortKey } from '../keys.js';
import { keyOf, type IndexShape, type StoredKey, type TableSchema } from '../items/schema.js';
import { itemSize } from '../items/size.js';
import { removeIndexEntry, writeIndexEntry, type IndexEntry } from '../items/store.js';
import { writeUnits } from '../items/capacity.js';

/** What an index keeps of an item: everything, its keys, or its keys and the included attributes. */
export function projectForIndex(schema: TableSchema, index: IndexShape, item: Item): Item {
  if (index.projection === 'ALL') return item;
  const projected: Item = { ...keyOf(schema, item), ...keyOf(index, item) };
  if (index.projection === 'INCLUDE') {
    for (const name of index.include) if (item[name] !== undefined) projected[name] = item[name]!;
  }
  return projected;
}

function entryKey(index: IndexShape, item: Item): StoredKey | undefined {
  const hash = item[index.hash.name];
  const range = index.range && item[index.range.name];
  if (!hash || (index.range && !range)) return undefined;
  return { pk: partitionKey(hash), sk: sortKey(range) };
}

export function indexEntry(
  schema: TableSchema,
  index: IndexShape,
  item: Item,
  itemKey: StoredKey,
): IndexEntry | undefined {
  const key = entryKey(index, item);
  if (!key) return undefined;
  const projected = projectForIndex(schema, index, item);
  return { index: index.name, key, itemKey, item: JSON.stringify(projected), size: itemSize(projected) };
}

const sameKey = (a: StoredKey, b: StoredKey): boolean => a.pk.equals(b.pk) && a.sk.equals(b.sk);

/**
 * Replaces the entries of `before` with those of `after` (either may be absent) in every index, or
 * in `only`. Returns the write capacity each index consumed: an unchanged entry costs nothing, a
 * changed one a write, a moved one (new index key) a delete and a write (AWS docs, "Provisioned
 * throughput considerations for global secondary indexes").
 */
export async function updateIndexEntries(
  db: Database,
  tableId: string,
  schema: TableSchema,
  itemKey: StoredKey,
  before: Item | undefined,
  after: Item | undefined,
  only?: string,
): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  for (const index of schema.indexes) {
    if (only !== undefined && index.name !== only) continue;
    const old = before && indexEntry(schema, index, before, itemKey);
    const entry = after && indexEntry(schema, index, after, itemKey);
    if (old && entry && sameKey(old.key, entry.key) && old.item === entry.item) continue;
    let used = 0;
    if (old && !(entry && sameKey(old.key, entry.key))) {
      await removeIndexEntry(db, tableId, old);
      used += writeUnits(old.size);
    }
    if (entry) {
      await writeIndexEntry(db, tableId, entry);
      used += writeUnits(entry.size);
    }
    if (used > 0) units.set(index.name, used);
  }
  return units;
}
