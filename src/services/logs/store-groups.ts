// SQL over logs_groups. (All of CloudWatch Logs' SQL lives in the store-*.ts files.)
import type { Database } from '../../storage/types.js';

export interface GroupRow {
  id: string;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  retention_days: number | null;
  log_group_class: string;
  kms_key_id: string | null;
  tags: string;
  seq: number;
}

export interface GroupScope {
  accountId: string;
  region: string;
}

/** Names in byte order, for stable pagination on both databases. */
export function byteOrder(db: Database, column: string): string {
  return db.dialect === 'postgres' ? `${column} COLLATE "C"` : column;
}

/** False when the name is taken. */
export async function insertGroup(db: Database, row: Omit<GroupRow, 'seq'>): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO logs_groups (id, account_id, region, name, created_at, retention_days, log_group_class, kms_key_id, tags)
     VALUES (:id, :account_id, :region, :name, :created_at, :retention_days, :log_group_class, :kms_key_id, :tags)
     ON CONFLICT (account_id, region, name) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

export async function findGroup(
  db: Database,
  scope: GroupScope,
  name: string,
): Promise<GroupRow | undefined> {
  return db.one<GroupRow>(
    'SELECT * FROM logs_groups WHERE account_id = :accountId AND region = :region AND name = :name',
    { ...scope, name },
  );
}

/** Deletes the group with its streams and events; false when it did not exist. */
export async function deleteGroup(db: Database, id: string): Promise<boolean> {
  await db.run('DELETE FROM logs_events WHERE group_id = :id', { id });
  await db.run('DELETE FROM logs_streams WHERE group_id = :id', { id });
  const { changes } = await db.run('DELETE FROM logs_groups WHERE id = :id', { id });
  return changes === 1;
}

export async function setRetention(db: Database, id: string, days: number | null): Promise<void> {
  await db.run('UPDATE logs_groups SET retention_days = :days WHERE id = :id', { id, days });
}

export async function setTags(db: Database, id: string, tags: string): Promise<void> {
  await db.run('UPDATE logs_groups SET tags = :tags WHERE id = :id', { id, tags });
}

/** Takes `count` event sequence numbers; returns the first. Locks the group row until commit. */
export async function takeSequence(db: Database, id: string, count: number): Promise<number> {
  const row = await db.one<{ seq: number }>(
    'UPDATE logs_groups SET seq = seq + :count WHERE id = :id RETURNING seq',
    { id, count },
  );
  return Number(row?.seq ?? 0) - count + 1;
}

export interface GroupListing extends GroupScope {
  prefix: string;
  /** Lower-cased substring to look for (logGroupNamePattern), '' for none. */
  contains: string;
  logGroupClass: string | null;
  after: string;
  limit: number;
}

export async function listGroups(db: Database, q: GroupListing): Promise<GroupRow[]> {
  return db.all<GroupRow>(
    `SELECT * FROM logs_groups
     WHERE account_id = :accountId AND region = :region
       AND substr(name, 1, :prefixLength) = :prefix
       AND (:contains = '' OR lower(name) LIKE :like ESCAPE '\\')
       AND (CAST(:logGroupClass AS TEXT) IS NULL OR log_group_class = :logGroupClass)
       AND ${byteOrder(db, 'name')} > :after
     ORDER BY ${byteOrder(db, 'name')} LIMIT :limit`,
    {
      ...q,
      prefixLength: q.prefix.length,
      like: `%${q.contains.replace(/[\\%_]/g, '\\$&')}%`,
    },
  );
}

/** Bytes of the group's events still within retention (`cutoff`: the oldest kept timestamp). */
export async function storedBytes(db: Database, id: string, cutoff: number): Promise<number> {
  const row = await db.one<{ total: number | null }>(
    'SELECT SUM(bytes) AS total FROM logs_events WHERE group_id = :id AND event_at >= :cutoff',
    { id, cutoff },
  );
  return Number(row?.total ?? 0);
}

export async function groupsWithRetention(db: Database): Promise<GroupRow[]> {
  return db.all<GroupRow>('SELECT * FROM logs_groups WHERE retention_days IS NOT NULL');
}
