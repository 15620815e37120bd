// SQL over dynamodb_streams and dynamodb_stream_records.
import type { Database } from '../../../storage/types.js';
import type { KeySchemaElement, Table } from '../tables/types.js';

export interface StreamRow {
  arn: string;
  table_id: string;
  account_id: string;
  region: string;
  table_name: string;
  label: string;
  view_type: string;
  key_schema: string;
  created_at: number;
  disabled_at: number | null;
  last_seq: number;
}

export interface Stream {
  arn: string;
  tableName: string;
  label: string;
  viewType: string;
  keySchema: KeySchemaElement[];
  createdAt: number;
  disabledAt: number | undefined;
  lastSeq: number;
}

export interface StoredRecord {
  seq: number;
  createdAt: number;
  record: string;
}

/** Stream records are kept for 24 hours, and so are streams once disabled (AWS docs). */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

function streamOf(row: StreamRow): Stream {
  return {
    arn: row.arn,
    tableName: row.table_name,
    label: row.label,
    viewType: row.view_type,
    keySchema: JSON.parse(row.key_schema) as KeySchemaElement[],
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? undefined : Number(row.disabled_at),
    lastSeq: Number(row.last_seq),
  };
}

export function streamArnOf(table: Table, label: string): string {
  return `${table.arn}/stream/${label}`;
}

export async function createStream(tx: Database, table: Table, now: number): Promise<void> {
  const { stored } = table;
  const label = stored.LatestStreamLabel!;
  await tx.run(
    `INSERT INTO dynamodb_streams (arn, table_id, account_id, region, table_name, label, view_type, key_schema, created_at, disabled_at, last_seq)
     VALUES (:arn, :tableId, :accountId, :region, :tableName, :label, :viewType, :keySchema, :now, NULL, 0)`,
    {
      arn: streamArnOf(table, label),
      tableId: table.id,
      accountId: table.accountId,
      region: table.region,
      tableName: table.name,
      label,
      viewType: stored.StreamSpecification!.StreamViewType!,
      keySchema: JSON.stringify(stored.KeySchema),
      now,
    },
  );
}

/** Closes a table's open stream (it was disabled, or the table deleted). */
export async function disableStreams(tx: Database, tableId: string, now: number): Promise<void> {
  await tx.run(
    'UPDATE dynamodb_streams SET disabled_at = :now WHERE table_id = :tableId AND disabled_at IS NULL',
    {
      tableId,
      now,
    },
  );
}

/**
 * Appends a record in the writing transaction. The row update both numbers the record and holds
 * other writers of the stream until this transaction ends, so numbers are committed in order.
 * A stream disabled meanwhile (another node's cached definition) takes no more records.
 */
export async function appendRecord(tx: Database, arn: string, now: number, record: string): Promise<void> {
  const row = await tx.one<{ last_seq: number | string }>(
    `UPDATE dynamodb_streams SET last_seq = last_seq + 1 WHERE arn = :arn AND disabled_at IS NULL RETURNING last_seq`,
    { arn },
  );
  if (!row) return;
  await tx.run(
    'INSERT INTO dynamodb_stream_records (stream_arn, seq, created_at, record) VALUES (:arn, :seq, :now, :record)',
    { arn, seq: Number(row.last_seq), now, record },
  );
}

export async function findStream(db: Database, arn: string, now: number): Promise<Stream | undefined> {
  const row = await db.one<StreamRow>('SELECT * FROM dynamodb_streams WHERE arn = :arn', { arn });
  if (!row) return undefined;
  const stream = streamOf(row);
  return stream.disabledAt !== undefined && stream.disabledAt <= now - RETENTION_MS ? undefined : stream;
}

/** Streams of an account and region (of one table if named), oldest first, after `afterArn`. */
export async function listStreams(
  db: Database,
  scope: { accountId: string; region: string },
  options: { tableName?: string; afterArn?: string; limit: number; now: number },
): Promise<Stream[]> {
  const table = options.tableName === undefined ? '' : ' AND table_name = :tableName';
  const after = options.afterArn === undefined ? '' : ' AND arn > :afterArn';
  const rows = await db.all<StreamRow>(
    `SELECT * FROM dynamodb_streams
     WHERE account_id = :accountId AND region = :region${table}${after}
       AND (disabled_at IS NULL OR disabled_at > :oldest)
     ORDER BY arn LIMIT :limit`,
    {
      ...scope,
      ...(options.tableName === undefined ? {} : { tableName: options.tableName }),
      ...(options.afterArn === undefined ? {} : { afterArn: options.afterArn }),
      oldest: options.now - RETENTION_MS,
      limit: options.limit,
    },
  );
  return rows.map(streamOf);
}

/** Records from `fromSeq` on, within retention, at most `limit`. */
export async function readRecords(
  db: Database,
  arn: string,
  fromSeq: number,
  limit: number,
  now: number,
): Promise<StoredRecord[]> {
  const rows = await db.all<{ seq: number | string; created_at: number | string; record: string }>(
    `SELECT seq, created_at, record FROM dynamodb_stream_records
     WHERE stream_arn = :arn AND seq >= :fromSeq AND created_at > :oldest
     ORDER BY seq LIMIT :limit`,
    { arn, fromSeq, oldest: now - RETENTION_MS, limit },
  );
  return rows.map((row) => ({ seq: Number(row.seq), createdAt: Number(row.created_at), record: row.record }));
}

/** The first record still kept (its number), or undefined when none is. */
export async function oldestKept(db: Database, arn: string, now: number): Promise<number | undefined> {
  const row = await db.one<{ seq: number | string }>(
    `SELECT seq FROM dynamodb_stream_records WHERE stream_arn = :arn AND created_at > :oldest ORDER BY seq LIMIT 1`,
    { arn, oldest: now - RETENTION_MS },
  );
  return row ? Number(row.seq) : undefined;
}

/** Forgets records and disabled streams past retention (run by the sweep). */
export async function trimStreams(db: Database, now: number): Promise<void> {
  const oldest = now - RETENTION_MS;
  await db.run('DELETE FROM dynamodb_stream_records WHERE created_at <= :oldest', { oldest });
  await db.run('DELETE FROM dynamodb_streams WHERE disabled_at IS NOT NULL AND disabled_at <= :oldest', {
    oldest,
  });
}
