// SQL over sqs_queues. (All of SQS's SQL lives in the store-*.ts files.)
import type { Database } from '../../storage/types.js';
import type { QueueLocation } from './arns.js';
import type { QueueRow } from './queue.js';

const LIVE = 'deleted_at IS NULL';

export type NewQueue = Omit<QueueRow, 'seq' | 'modified_at' | 'purged_at' | 'deleted_at'>;

/** False when a row with the name exists already (live or recently deleted). */
export async function insertQueue(db: Database, queue: NewQueue): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO sqs_queues (id, account_id, region, name, fifo, attributes, tags, dlq_arn, seq, created_at, modified_at)
     VALUES (:id, :account_id, :region, :name, :fifo, :attributes, :tags, :dlq_arn, 0, :created_at, :created_at)
     ON CONFLICT (account_id, region, name) DO NOTHING`,
    { ...queue },
  );
  return changes === 1;
}

/** The row under that name, deleted or not. */
export async function findQueueRow(db: Database, location: QueueLocation): Promise<QueueRow | undefined> {
  return db.one<QueueRow>(
    'SELECT * FROM sqs_queues WHERE account_id = :accountId AND region = :region AND name = :name',
    { ...location },
  );
}

export async function findLiveQueue(db: Database, location: QueueLocation): Promise<QueueRow | undefined> {
  return db.one<QueueRow>(
    `SELECT * FROM sqs_queues WHERE account_id = :accountId AND region = :region AND name = :name AND ${LIVE}`,
    { ...location },
  );
}

export async function findQueueById(db: Database, id: string): Promise<QueueRow | undefined> {
  return db.one<QueueRow>(`SELECT * FROM sqs_queues WHERE id = :id AND ${LIVE}`, { id });
}

/** Removes a long-deleted row so that its name can be taken again. */
export async function removeQueueRow(db: Database, id: string): Promise<void> {
  await db.run('DELETE FROM sqs_queues WHERE id = :id AND deleted_at IS NOT NULL', { id });
}

export async function markQueueDeleted(db: Database, id: string, now: number): Promise<boolean> {
  const { changes } = await db.run(`UPDATE sqs_queues SET deleted_at = :now WHERE id = :id AND ${LIVE}`, {
    id,
    now,
  });
  return changes === 1;
}

export async function updateQueueAttributes(
  db: Database,
  id: string,
  attributes: string,
  dlqArn: string | null,
  now: number,
): Promise<void> {
  await db.run(
    'UPDATE sqs_queues SET attributes = :attributes, dlq_arn = :dlqArn, modified_at = :now WHERE id = :id',
    { id, attributes, dlqArn, now },
  );
}

export async function updateQueueTags(db: Database, id: string, tags: string): Promise<void> {
  await db.run('UPDATE sqs_queues SET tags = :tags WHERE id = :id', { id, tags });
}

/** Records a purge unless one happened after `since`; false means a purge is still in progress. */
export async function claimPurge(db: Database, id: string, now: number, since: number): Promise<boolean> {
  const { changes } = await db.run(
    'UPDATE sqs_queues SET purged_at = :now WHERE id = :id AND (purged_at IS NULL OR purged_at <= :since)',
    { id, now, since },
  );
  return changes === 1;
}

/** Takes `count` FIFO sequence numbers; returns the last. Locks the queue row until commit. */
export async function takeSequence(db: Database, id: string, count = 1): Promise<number> {
  const row = await db.one<{ seq: number }>(
    'UPDATE sqs_queues SET seq = seq + :count WHERE id = :id RETURNING seq',
    { id, count },
  );
  return Number(row?.seq ?? 0);
}

/** The row, locked until commit on PostgreSQL (SQLite's transactions have the one writer anyway). */
export async function lockQueueRow(db: Database, id: string): Promise<QueueRow | undefined> {
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE' : '';
  return db.one<QueueRow>(`SELECT * FROM sqs_queues WHERE id = :id ${lock}`, { id });
}

/** PostgreSQL: serializes FIFO receives of one queue across nodes (SQLite has one writer anyway). */
export async function lockQueue(db: Database, id: string): Promise<void> {
  if (db.dialect === 'postgres') await db.run('SELECT id FROM sqs_queues WHERE id = :id FOR UPDATE', { id });
}

/** Names in byte order, for stable pagination on both databases. */
function byName(db: Database): string {
  return db.dialect === 'postgres' ? 'name COLLATE "C"' : 'name';
}

export async function listQueueRows(
  db: Database,
  scope: { accountId: string; region: string; prefix: string; after: string; limit: number },
): Promise<QueueRow[]> {
  return db.all<QueueRow>(
    `SELECT * FROM sqs_queues
     WHERE account_id = :accountId AND region = :region AND ${LIVE}
       AND substr(name, 1, :prefixLength) = :prefix AND ${byName(db)} > :after
     ORDER BY ${byName(db)} LIMIT :limit`,
    { ...scope, prefixLength: scope.prefix.length },
  );
}

/** Queues whose RedrivePolicy targets the dead-letter queue `dlqArn`. */
export async function listSourceQueueRows(
  db: Database,
  dlqArn: string,
  after: string,
  limit: number,
): Promise<QueueRow[]> {
  return db.all<QueueRow>(
    `SELECT * FROM sqs_queues WHERE dlq_arn = :dlqArn AND ${LIVE} AND ${byName(db)} > :after
     ORDER BY ${byName(db)} LIMIT :limit`,
    { dlqArn, after, limit },
  );
}

export async function allLiveQueues(db: Database): Promise<QueueRow[]> {
  return db.all<QueueRow>(`SELECT * FROM sqs_queues WHERE ${LIVE}`);
}

/** Forgets queues deleted before `before` (their names are free again anyway). */
export async function removeDeletedQueues(db: Database, before: number): Promise<void> {
  await db.run('DELETE FROM sqs_queues WHERE deleted_at IS NOT NULL AND deleted_at < :before', { before });
}
