// SQL over logs_streams.
import type { Database } from '../../storage/types.js';
import { byteOrder } from './store-groups.js';

export interface StreamRow {
  group_id: string;
  name: string;
  created_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  last_ingestion_at: number | null;
  upload_seq: number;
}

export async function insertStream(
  db: Database,
  groupId: string,
  name: string,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO logs_streams (group_id, name, created_at) VALUES (:groupId, :name, :now)
     ON CONFLICT (group_id, name) DO NOTHING`,
    { groupId, name, now },
  );
  return changes === 1;
}

export async function findStream(
  db: Database,
  groupId: string,
  name: string,
): Promise<StreamRow | undefined> {
  return db.one<StreamRow>('SELECT * FROM logs_streams WHERE group_id = :groupId AND name = :name', {
    groupId,
    name,
  });
}

export async function deleteStream(db: Database, groupId: string, name: string): Promise<boolean> {
  await db.run('DELETE FROM logs_events WHERE group_id = :groupId AND stream_name = :name', {
    groupId,
    name,
  });
  const { changes } = await db.run('DELETE FROM logs_streams WHERE group_id = :groupId AND name = :name', {
    groupId,
    name,
  });
  return changes === 1;
}

/** Records an accepted batch: widens the event time range, bumps the upload sequence. */
export async function recordUpload(
  db: Database,
  groupId: string,
  name: string,
  batch: { first: number | null; last: number | null; now: number },
): Promise<number> {
  const row = await db.one<{ upload_seq: number }>(
    `UPDATE logs_streams SET
       first_event_at = CASE WHEN CAST(:first AS BIGINT) IS NULL THEN first_event_at
         WHEN first_event_at IS NULL OR first_event_at > :first THEN :first ELSE first_event_at END,
       last_event_at = CASE WHEN CAST(:last AS BIGINT) IS NULL THEN last_event_at
         WHEN last_event_at IS NULL OR last_event_at < :last THEN :last ELSE last_event_at END,
       last_ingestion_at = CASE WHEN CAST(:first AS BIGINT) IS NULL THEN last_ingestion_at ELSE :now END,
       upload_seq = upload_seq + 1
     WHERE group_id = :groupId AND name = :name RETURNING upload_seq`,
    { groupId, name, ...batch },
  );
  return Number(row?.upload_seq ?? 0);
}

export interface StreamListing {
  groupId: string;
  prefix: string;
  byLastEvent: boolean;
  descending: boolean;
  /** The last row of the previous page: its sort key. */
  after: { time: number; name: string } | undefined;
  limit: number;
}

export async function listStreams(db: Database, q: StreamListing): Promise<StreamRow[]> {
  const name = byteOrder(db, 'name');
  const dir = q.descending ? 'DESC' : 'ASC';
  const cmp = q.descending ? '<' : '>';
  const time = 'COALESCE(last_event_at, -1)';
  const keyset = !q.after
    ? ''
    : q.byLastEvent
      ? `AND (${time} ${cmp} :afterTime OR (${time} = :afterTime AND ${name} ${cmp} :afterName))`
      : `AND ${name} ${cmp} :afterName`;
  const order = q.byLastEvent ? `${time} ${dir}, ${name} ${dir}` : `${name} ${dir}`;
  return db.all<StreamRow>(
    `SELECT * FROM logs_streams
     WHERE group_id = :groupId AND substr(name, 1, :prefixLength) = :prefix ${keyset}
     ORDER BY ${order} LIMIT :limit`,
    {
      groupId: q.groupId,
      prefix: q.prefix,
      prefixLength: q.prefix.length,
      afterTime: q.after?.time ?? 0,
      afterName: q.after?.name ?? '',
      limit: q.limit,
    },
  );
}
