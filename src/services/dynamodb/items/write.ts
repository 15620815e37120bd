// One item write (put, update or delete) inside a transaction: the item, its index entries and
// (when the table has a stream) its stream record change together.
import type { Database } from '../../../storage/types.js';
import type { Item } from '../attribute-value.js';
import { evaluateCondition, type Condition } from '../expressions/index.js';
import { updateIndexEntries } from '../indexes/entries.js';
import { recordChange } from '../streams/records.js';
import { writeUnits, type CapacityMeter } from './capacity.js';
import type { StoredKey } from './schema.js';
import { storedExpiry } from './expiry.js';
import { itemSize } from './size.js';
import { lockItemKey, readItem, removeItem, writeItem } from './store.js';
import { conditionFailed, type WriteOptions } from './responses.js';
import type { ItemTable } from './table.js';

export interface ItemWrite {
  target: ItemTable;
  key: StoredKey;
  /**
   * The item after the write, from the item before it (undefined: absent); undefined deletes.
   * Throws to refuse the write (a failed condition), which rolls the transaction back.
   */
  change(old: Item | undefined): Item | undefined;
  /** False when nothing needs the old item: no condition, no ReturnValues, no capacity report. */
  readsOld?: boolean;
  /** When the write happens (its stream record's time). */
  now: number;
  /** A time-to-live deletion: its stream record names the service. */
  byService?: boolean;
}

export interface WriteOutcome {
  old: Item | undefined;
  item: Item | undefined;
}

/** Whether a write must read the item it replaces (indexes and streams always need it). */
function mustReadOld(write: ItemWrite): boolean {
  const { stored } = write.target.table;
  return (
    write.readsOld !== false ||
    write.target.schema.indexes.length > 0 ||
    stored.StreamSpecification !== undefined
  );
}

export async function applyWrite(
  tx: Database,
  write: ItemWrite,
  meter?: CapacityMeter,
): Promise<WriteOutcome> {
  const { table, schema } = write.target;
  await lockItemKey(tx, table.id, write.key);
  const row = mustReadOld(write) ? await readItem(tx, table.id, write.key, true) : undefined;
  const old = row && (JSON.parse(row.item) as Item);
  const item = write.change(old);
  let size = 0;
  if (item) {
    const text = JSON.stringify(item);
    size = itemSize(item);
    await writeItem(tx, table.id, write.key, text, size, storedExpiry(table, item));
  } else if (row || !mustReadOld(write)) {
    await removeItem(tx, table.id, write.key);
  }
  const indexUnits = await updateIndexEntries(tx, table.id, schema, write.key, old, item);
  if (row || item)
    await recordChange(tx, table, schema, { old, item, byService: write.byService }, write.now);
  if (meter) {
    meter.table += writeUnits(Math.max(size, row?.size ?? 0));
    meter.addIndexes(indexUnits);
  }
  return { old, item };
}

/**
 * One item write in its own transaction, refused with ConditionalCheckFailedException when the
 * request's condition does not hold for the item as it is (PutItem, DeleteItem, UpdateItem).
 */
export function conditionalWrite(
  db: Database,
  write: Omit<ItemWrite, 'change'> & {
    condition: Condition | undefined;
    options: WriteOptions;
    next(old: Item | undefined): Item | undefined;
  },
  meter: CapacityMeter,
): Promise<WriteOutcome> {
  const { condition, options, next, ...rest } = write;
  return db.transaction((tx) =>
    applyWrite(
      tx,
      {
        ...rest,
        change(old) {
          if (condition && !evaluateCondition(condition, old)) throw conditionFailed(options, old);
          return next(old);
        },
      },
      meter,
    ),
  );
}
