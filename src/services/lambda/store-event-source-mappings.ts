// SQL over lambda_event_source_mappings.
import type { Database } from '../../storage/types.js';
import { likeLiteral } from './store-functions.js';

export interface MappingRow {
  uuid: string;
  account_id: string;
  region: string;
  event_source_arn: string;
  function_arn: string;
  enabled: number;
  batch_size: number;
  batching_window_s: number;
  filter_criteria: string | null;
  function_response_types: string;
  maximum_concurrency: number | null;
  /** A DynamoDB stream mapping's own settings (stream-settings.ts) as JSON; NULL for a queue. */
  stream_settings: string | null;
  revision_id: string;
  modified_at: number;
  /** LastProcessingResult; absent (undefined) in a row not read back from the table. */
  last_processing_result?: string | null;
  /** A stream mapping's position: the sequence number of the last record it is done with. */
  stream_checkpoint?: string | null;
}

export interface MappingKey {
  accountId: string;
  region: string;
  uuid: string;
}

const KEY = 'account_id = :accountId AND region = :region AND uuid = :uuid';

/** False when the queue is mapped to that function already. */
export async function insertMapping(db: Database, row: MappingRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO lambda_event_source_mappings (uuid, account_id, region, event_source_arn, function_arn,
       enabled, batch_size, batching_window_s, filter_criteria, function_response_types, maximum_concurrency,
       stream_settings, revision_id, modified_at)
     VALUES (:uuid, :account_id, :region, :event_source_arn, :function_arn, :enabled, :batch_size,
       :batching_window_s, :filter_criteria, :function_response_types, :maximum_concurrency, :stream_settings,
       :revision_id, :modified_at)
     ON CONFLICT (account_id, region, event_source_arn, function_arn) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

/** The UUID of the mapping of `eventSourceArn` to `functionArn`, if there is one. */
export async function findMappingOf(
  db: Database,
  pair: { accountId: string; region: string; eventSourceArn: string; functionArn: string },
): Promise<string | undefined> {
  const row = await db.one<{ uuid: string }>(
    `SELECT uuid FROM lambda_event_source_mappings
     WHERE account_id = :accountId AND region = :region AND event_source_arn = :eventSourceArn
       AND function_arn = :functionArn`,
    { ...pair },
  );
  return row?.uuid;
}

export async function findMapping(db: Database, key: MappingKey): Promise<MappingRow | undefined> {
  return db.one<MappingRow>(`SELECT * FROM lambda_event_source_mappings WHERE ${KEY}`, { ...key });
}

/** The row, locked until commit on PostgreSQL (SQLite's transactions have the one writer anyway). */
export async function lockMapping(db: Database, key: MappingKey): Promise<MappingRow | undefined> {
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE' : '';
  return db.one<MappingRow>(`SELECT * FROM lambda_event_source_mappings WHERE ${KEY} ${lock}`, { ...key });
}

export async function updateMapping(db: Database, row: MappingRow): Promise<void> {
  await db.run(
    `UPDATE lambda_event_source_mappings SET function_arn = :function_arn, enabled = :enabled,
       batch_size = :batch_size, batching_window_s = :batching_window_s, filter_criteria = :filter_criteria,
       function_response_types = :function_response_types, maximum_concurrency = :maximum_concurrency,
       stream_settings = :stream_settings, revision_id = :revision_id, modified_at = :modified_at
     WHERE uuid = :uuid`,
    { ...row },
  );
}

/** What the poller last found; not a change of the mapping, so its revision stays. */
export async function setLastProcessingResult(db: Database, key: MappingKey, result: string): Promise<void> {
  await db.run(`UPDATE lambda_event_source_mappings SET last_processing_result = :result WHERE ${KEY}`, {
    ...key,
    result,
  });
}

export interface StreamCheckpoint {
  sequenceNumber: string | null;
  /** The open tumbling window, as JSON. */
  window: string | null;
}

export async function readStreamCheckpoint(db: Database, key: MappingKey): Promise<StreamCheckpoint> {
  const row = await db.one<{ stream_checkpoint: string | null; stream_window: string | null }>(
    `SELECT stream_checkpoint, stream_window FROM lambda_event_source_mappings WHERE ${KEY}`,
    { ...key },
  );
  return { sequenceNumber: row?.stream_checkpoint ?? null, window: row?.stream_window ?? null };
}

/**
 * A stream mapping is done with the records up to `sequenceNumber`, and its tumbling window (if
 * any) stands as `window`: both in one write. Not a change of the mapping.
 */
export async function setStreamCheckpoint(
  db: Database,
  key: MappingKey,
  checkpoint: StreamCheckpoint,
): Promise<void> {
  await db.run(
    `UPDATE lambda_event_source_mappings SET stream_checkpoint = :sequenceNumber, stream_window = :window
     WHERE ${KEY}`,
    { ...key, sequenceNumber: checkpoint.sequenceNumber, window: checkpoint.window },
  );
}

/**
 * Gives the mappings that invoke the function (`functionArn`, or any qualifier of it with
 * `qualified`) a new revision, so that their pollers restart; returns how many there were.
 */
export async function restartMappingsOf(
  db: Database,
  target: { accountId: string; region: string; functionArn: string; qualified: boolean; revisionId: string },
): Promise<number> {
  const { changes } = await db.run(
    `UPDATE lambda_event_source_mappings SET revision_id = :revisionId
     WHERE account_id = :accountId AND region = :region
       AND (function_arn = :functionArn OR (:qualified = 1 AND function_arn LIKE :anyQualifier ESCAPE '\\'))`,
    {
      accountId: target.accountId,
      region: target.region,
      functionArn: target.functionArn,
      qualified: target.qualified ? 1 : 0,
      revisionId: target.revisionId,
      anyQualifier: `${likeLiteral(target.functionArn)}:%`,
    },
  );
  return changes;
}

export async function deleteMapping(db: Database, key: MappingKey): Promise<void> {
  await db.run(`DELETE FROM lambda_event_source_mappings WHERE ${KEY}`, { ...key });
}

/** UUIDs in byte order, for stable pagination on both databases; either filter may be absent. */
export async function listMappingRows(
  db: Database,
  scope: {
    accountId: string;
    region: string;
    eventSourceArn: string | null;
    functionArn: string | null;
    after: string;
    limit: number;
  },
): Promise<MappingRow[]> {
  const uuid = db.dialect === 'postgres' ? 'uuid COLLATE "C"' : 'uuid';
  return db.all<MappingRow>(
    `SELECT * FROM lambda_event_source_mappings
     WHERE account_id = :accountId AND region = :region AND ${uuid} > :after
       AND (CAST(:eventSourceArn AS TEXT) IS NULL OR event_source_arn = :eventSourceArn)
       AND (CAST(:functionArn AS TEXT) IS NULL OR function_arn = :functionArn)
     ORDER BY ${uuid} LIMIT :limit`,
    { ...scope },
  );
}

/** Every enabled mapping of every account: what the nodes share out to poll. */
export async function listEnabledMappings(db: Database): Promise<MappingRow[]> {
  return db.all<MappingRow>('SELECT * FROM lambda_event_source_mappings WHERE enabled = 1');
}

export async function anyMapping(db: Database): Promise<boolean> {
  return (await db.one('SELECT uuid FROM lambda_event_source_mappings LIMIT 1')) !== undefined;
}
