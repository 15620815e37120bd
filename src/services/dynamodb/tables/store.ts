// SQL over dynamodb_tables. (The tables' SQL lives here; items' in items/store.ts.)
import type { Database } from '../../../storage/types.js';

export interface TableRow {
  id: string;
  account_id: string;
  region: string;
  name: string;
  status: string;
  settles_at: number;
  created_at: number;
  description: string;
  pending: string | null;
  tags: string;
  ttl: string | null;
}

export interface Scope {
  accountId: string;
  region: string;
}

/** Names in byte order on both databases (ListTables pages by name). */
function byteOrder(db: Database, column: string): string {
  return db.dialect === 'postgres' ? `${column} COLLATE "C"` : column;
}

/** A deleted table whose deletion has settled frees its name for a new table. */
export async function releaseSettledName(
  db: Database,
  scope: Scope,
  name: string,
  now: number,
): Promise<void> {
  await db.run(
    `UPDATE dynamodb_tables SET name = NULL
     WHERE account_id = :accountId AND region = :region AND name = :name AND status = 'DELETING' AND settles_at <= :now`,
    { ...scope, name, now },
  );
}

/** False when the name is taken. */
export async function insertTable(db: Database, row: TableRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO dynamodb_tables (id, account_id, region, name, status, settles_at, created_at, description, pending, tags, ttl)
     VALUES (:id, :account_id, :region, :name, :status, :settles_at, :created_at, :description, :pending, :tags, :ttl)
     ON CONFLICT (account_id, region, name) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

/** With `lock`, PostgreSQL holds the row until commit (SQLite transactions are serial already). */
export async function findTableRow(
  db: Database,
  scope: Scope,
  name: string,
  lock = false,
): Promise<TableRow | undefined> {
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await db.one<TableRow>(
    `SELECT * FROM dynamodb_tables WHERE account_id = :accountId AND region = :region AND name = :name${forUpdate}`,
    { ...scope, name },
  );
  return row && { ...row, settles_at: Number(row.settles_at), created_at: Number(row.created_at) };
}

export async function saveTableState(
  db: Database,
  id: string,
  state: { status: string; settles_at: number; description: string; pending: string | null },
): Promise<void> {
  await db.run(
    `UPDATE dynamodb_tables SET status = :status, settles_at = :settles_at, description = :description, pending = :pending
     WHERE id = :id`,
    { id, ...state },
  );
}

export async function saveTags(db: Database, id: string, tags: string): Promise<void> {
  await db.run('UPDATE dynamodb_tables SET tags = :tags WHERE id = :id', { id, tags });
}

export async function saveTtl(db: Database, id: string, ttl: string): Promise<void> {
  await db.run('UPDATE dynamodb_tables SET ttl = :ttl WHERE id = :id', { id, ttl });
}

/** Names of the tables that exist (not deleted, or still DELETING), after `after`, in byte order. */
export async function listTableNames(
  db: Database,
  scope: Scope,
  query: { after: string; limit: number; now: number },
): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT name FROM dynamodb_tables
     WHERE account_id = :accountId AND region = :region AND name IS NOT NULL AND ${byteOrder(db, 'name')} > :after
       AND NOT (status = 'DELETING' AND settles_at <= :now)
     ORDER BY ${byteOrder(db, 'name')} LIMIT :limit`,
    { ...scope, after: query.after, limit: query.limit, now: query.now },
  );
  return rows.map((row) => row.name);
}

/** Items and index entries of a deleted table, a batch at a time; true when none are left. */
export async function purgeTableBatch(db: Database, id: string, batch: number): Promise<boolean> {
  const items = await db.run(
    `DELETE FROM dynamodb_items WHERE table_id = :id AND (pk, sk) IN
       (SELECT pk, sk FROM dynamodb_items WHERE table_id = :id LIMIT :batch)`,
    { id, batch },
  );
  const entries = await db.run(
    `DELETE FROM dynamodb_index_items WHERE table_id = :id AND (index_name, pk, sk, item_pk, item_sk) IN
       (SELECT index_name, pk, sk, item_pk, item_sk FROM dynamodb_index_items WHERE table_id = :id LIMIT :batch)`,
    { id, batch },
  );
  if (items.changes > 0 || entries.changes > 0) return false;
  await db.run('DELETE FROM dynamodb_tables WHERE id = :id', { id });
  return true;
}
