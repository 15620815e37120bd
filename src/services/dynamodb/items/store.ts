// SQL over dynamodb_items and dynamodb_index_items. Keys are DynamoDB-ordered bytes (keys.ts), so
// the databases' own ordering gives Query and Scan order.
import type { Database, SqlParams } from '../../../storage/types.js';
import { createHash } from 'node:crypto';
import { entryItemPartition } from '../keys.js';
import { keyId, type StoredKey } from './schema.js';

export interface ItemRow {
  pk: Buffer;
  sk: Buffer;
  item: string;
  size: number;
  /** Index entries only: the table key of the item. */
  item_pk?: Buffer;
  item_sk?: Buffer;
}

const asBuffer = (value: unknown): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);

function normalise<R extends ItemRow>(row: R): R {
  row.pk = asBuffer(row.pk);
  row.sk = asBuffer(row.sk);
  if (row.item_pk !== undefined) row.item_pk = asBuffer(row.item_pk);
  if (row.item_sk !== undefined) row.item_sk = asBuffer(row.item_sk);
  row.size = Number(row.size);
  return row;
}

/**
 * PostgreSQL: serialises writers of one key until commit, also when no row exists yet (FOR UPDATE
 * locks only existing rows, so two conditional puts of a new key could both pass their check).
 * SQLite transactions are serial already.
 */
export async function lockItemKey(db: Database, tableId: string, key: StoredKey): Promise<void> {
  if (db.dialect !== 'postgres') return;
  const digest = createHash('md5').update(tableId).update(key.pk).update(key.sk).digest();
  await db.run('SELECT pg_advisory_xact_lock(:high, :low)', {
    high: digest.readInt32BE(0),
    low: digest.readInt32BE(4),
  });
}

export async function readItem(
  db: Database,
  tableId: string,
  key: StoredKey,
  lock = false,
): Promise<ItemRow | undefined> {
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await db.one<ItemRow>(
    `SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = :tableId AND pk = :pk AND sk = :sk${forUpdate}`,
    { tableId, pk: key.pk, sk: key.sk },
  );
  return row && normalise(row);
}

export interface TableKey {
  tableId: string;
  key: StoredKey;
}

/**
 * Several items read by one statement, so that they are read at one moment (a statement sees one
 * snapshot also at PostgreSQL's READ COMMITTED). Rows come back in the order of `keys`.
 */
export async function readItems(db: Database, keys: TableKey[]): Promise<(ItemRow | undefined)[]> {
  const params: SqlParams = {};
  const matches = keys.map(({ tableId, key }, i) => {
    Object.assign(params, { [`t${i}`]: tableId, [`p${i}`]: key.pk, [`s${i}`]: key.sk });
    return `(table_id = :t${i} AND pk = :p${i} AND sk = :s${i})`;
  });
  const rows = await db.all<ItemRow & { table_id: string }>(
    `SELECT table_id, pk, sk, item, size FROM dynamodb_items WHERE ${matches.join(' OR ')}`,
    params,
  );
  const found = new Map<string, ItemRow>();
  for (const row of rows.map(normalise)) found.set(`${row.table_id}/${keyId(row)}`, row);
  return keys.map(({ tableId, key }) => found.get(`${tableId}/${keyId(key)}`));
}

export async function writeItem(
  db: Database,
  tableId: string,
  key: StoredKey,
  item: string,
  size: number,
  expiresAt: number | null,
): Promise<void> {
  await db.run(
    `INSERT INTO dynamodb_items (table_id, pk, sk, item, size, expires_at) VALUES (:tableId, :pk, :sk, :item, :size, :expiresAt)
     ON CONFLICT (table_id, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, expires_at = excluded.expires_at`,
    { tableId, pk: key.pk, sk: key.sk, item, size, expiresAt },
  );
}

export async function removeItem(db: Database, tableId: string, key: StoredKey): Promise<void> {
  await db.run('DELETE FROM dynamodb_items WHERE table_id = :tableId AND pk = :pk AND sk = :sk', {
    tableId,
    pk: key.pk,
    sk: key.sk,
  });
}

export interface IndexEntry {
  index: string;
  key: StoredKey;
  itemKey: StoredKey;
  item: string;
  size: number;
}

export async function writeIndexEntry(db: Database, tableId: string, entry: IndexEntry): Promise<void> {
  await db.run(
    `INSERT INTO dynamodb_index_items (table_id, index_name, pk, sk, item_pk, item_sk, item, size)
     VALUES (:tableId, :index, :pk, :sk, :itemPk, :itemSk, :item, :size)
     ON CONFLICT (table_id, index_name, pk, sk, item_pk, item_sk) DO UPDATE SET item = excluded.item, size = excluded.size`,
    {
      tableId,
      index: entry.index,
      pk: entry.key.pk,
      sk: entry.key.sk,
      itemPk: entryItemPartition(entry.itemKey.pk, entry.itemKey.sk),
      itemSk: entry.itemKey.sk,
      item: entry.item,
      size: entry.size,
    },
  );
}

export async function removeIndexEntry(
  db: Database,
  tableId: string,
  entry: Pick<IndexEntry, 'index' | 'key' | 'itemKey'>,
): Promise<void> {
  await db.run(
    `DELETE FROM dynamodb_index_items WHERE table_id = :tableId AND index_name = :index
       AND pk = :pk AND sk = :sk AND item_pk = :itemPk AND item_sk = :itemSk`,
    {
      tableId,
      index: entry.index,
      pk: entry.key.pk,
      sk: entry.key.sk,
      itemPk: entryItemPartition(entry.itemKey.pk, entry.itemKey.sk),
      itemSk: entry.itemKey.sk,
    },
  );
}

/** Bounds on the sort bytes within one partition; `undefined` means unbounded. */
export interface SortRange {
  lower?: Buffer;
  lowerInclusive?: boolean;
  upper?: Buffer;
  upperInclusive?: boolean;
}

/** Where a page starts: strictly after (forward) or before (backward) this position. */
export interface Position {
  pk: Buffer;
  sk: Buffer;
  itemPk?: Buffer;
  itemSk?: Buffer;
}

export interface RangeRead {
  tableId: string;
  /** A secondary index's name, or undefined for the table itself. */
  index?: string;
  /** Query: one partition. */
  partition?: Buffer;
  sort?: SortRange;
  /** Scan: partitions from `fromPartition` (inclusive) to `toPartition` (exclusive). */
  fromPartition?: Buffer;
  toPartition?: Buffer;
  forward: boolean;
  after?: Position;
  limit: number;
}

/** One page of rows of a Query (one partition) or a Scan (a partition range), in key order. */
export async function readRange(db: Database, read: RangeRead): Promise<ItemRow[]> {
  const params: SqlParams = { tableId: read.tableId, limit: read.limit };
  const where = ['table_id = :tableId'];
  const table = read.index === undefined ? 'dynamodb_items' : 'dynamodb_index_items';
  const order = read.index === undefined ? ['pk', 'sk'] : ['pk', 'sk', 'item_pk', 'item_sk'];
  if (read.index !== undefined) {
    where.push('index_name = :index');
    params.index = read.index;
  }
  if (read.partition) {
    where.push('pk = :partition');
    params.partition = read.partition;
  }
  if (read.fromPartition) {
    where.push('pk >= :fromPartition');
    params.fromPartition = read.fromPartition;
  }
  if (read.toPartition) {
    where.push('pk < :toPartition');
    params.toPartition = read.toPartition;
  }
  const sort = read.sort;
  if (sort?.lower) {
    where.push(`sk ${sort.lowerInclusive ? '>=' : '>'} :lower`);
    params.lower = sort.lower;
  }
  if (sort?.upper) {
    where.push(`sk ${sort.upperInclusive ? '<=' : '<'} :upper`);
    params.upper = sort.upper;
  }
  if (read.after) {
    const values = [read.after.pk, read.after.sk, read.after.itemPk, read.after.itemSk].slice(
      0,
      order.length,
    );
    values.forEach((value, i) => (params[`after${i}`] = value ?? Buffer.alloc(0)));
    const names = values.map((_, i) => `:after${i}`);
    where.push(`(${order.join(', ')}) ${read.forward ? '>' : '<'} (${names.join(', ')})`);
  }
  const direction = read.forward ? 'ASC' : 'DESC';
  const columns = read.index === undefined ? 'pk, sk, item, size' : 'pk, sk, item_pk, item_sk, item, size';
  const rows = await db.all<ItemRow>(
    `SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')}
     ORDER BY ${order.map((column) => `${column} ${direction}`).join(', ')} LIMIT :limit`,
    params,
  );
  return rows.map(normalise);
}
