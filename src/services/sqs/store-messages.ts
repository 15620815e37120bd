// SQL over sqs_messages. A message is visible when visible_at <= now and alive while
// retention_base > the queue's retention cutoff; in flight when received (receive_count > 0) and
// not yet visible again; delayed when never received and not yet visible.
import type { Database, SqlParams } from '../../storage/types.js';

export interface MessageRow {
  queue_id: string;
  message_id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  system_attributes: string | null;
  md5_system: string | null;
  sender_id: string;
  sent_at: number;
  retention_base: number;
  enqueued_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  received_at: number | null;
  receipt_token: string | null;
  group_id: string | null;
  dedup_id: string | null;
  seq: number;
  sequence_number: string | null;
  dlq_source_arn: string | null;
}

const COLUMNS =
  'queue_id, message_id, body, md5_body, attributes, system_attributes, md5_system, sender_id, sent_at, ' +
  'retention_base, enqueued_at, visible_at, receive_count, first_received_at, received_at, receipt_token, ' +
  'group_id, dedup_id, seq, sequence_number, dlq_source_arn';
const VALUES = COLUMNS.split(', ')
  .map((column) => `:${column}`)
  .join(', ');

/** PostgreSQL reports BIGINT columns as numbers already; SQLite too. Normalize anyway for safety. */
export function normalizeMessage(row: MessageRow): MessageRow {
  return {
    ...row,
    sent_at: Number(row.sent_at),
    retention_base: Number(row.retention_base),
    enqueued_at: Number(row.enqueued_at),
    visible_at: Number(row.visible_at),
    receive_count: Number(row.receive_count),
    first_received_at: row.first_received_at === null ? null : Number(row.first_received_at),
    received_at: row.received_at === null ? null : Number(row.received_at),
    seq: Number(row.seq),
  };
}

/** False when a message with that id is in the queue already (a repeated move). */
export async function insertMessage(db: Database, row: MessageRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO sqs_messages (${COLUMNS}) VALUES (${VALUES}) ON CONFLICT (queue_id, message_id) DO NOTHING`,
    { ...row } as unknown as SqlParams,
  );
  return changes === 1;
}

export async function findMessage(
  db: Database,
  queueId: string,
  messageId: string,
): Promise<MessageRow | undefined> {
  const row = await db.one<MessageRow>(
    'SELECT * FROM sqs_messages WHERE queue_id = :queueId AND message_id = :messageId',
    { queueId, messageId },
  );
  return row && normalizeMessage(row);
}

/** Deletes the message when `token` is its current receipt; `inFlightAfter` also asks it be in flight. */
export async function deleteByReceipt(
  db: Database,
  key: { queueId: string; messageId: string; token: string },
  inFlightAfter?: number,
): Promise<boolean> {
  const inFlight = inFlightAfter === undefined ? '' : 'AND visible_at > :now';
  const { changes } = await db.run(
    `DELETE FROM sqs_messages WHERE queue_id = :queueId AND message_id = :messageId AND receipt_token = :token ${inFlight}`,
    { ...key, ...(inFlightAfter === undefined ? {} : { now: inFlightAfter }) },
  );
  return changes === 1;
}

/** Standard queues' batch delete: one statement for every (message, latest handle) pair. */
export async function deleteByReceipts(
  db: Database,
  queueId: string,
  receipts: Array<{ messageId: string; token: string }>,
): Promise<void> {
  if (receipts.length === 0) return;
  const params: SqlParams = { queueId };
  const pairs = receipts.map((receipt, i) => {
    params[`m${i}`] = receipt.messageId;
    params[`t${i}`] = receipt.token;
    return `(message_id = :m${i} AND receipt_token = :t${i})`;
  });
  await db.run(`DELETE FROM sqs_messages WHERE queue_id = :queueId AND (${pairs.join(' OR ')})`, params);
}

export async function deleteMessage(db: Database, queueId: string, messageId: string): Promise<void> {
  await db.run('DELETE FROM sqs_messages WHERE queue_id = :queueId AND message_id = :messageId', {
    queueId,
    messageId,
  });
}

export async function setVisibleAt(
  db: Database,
  key: { queueId: string; messageId: string; token: string },
  visibleAt: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE sqs_messages SET visible_at = :visibleAt
     WHERE queue_id = :queueId AND message_id = :messageId AND receipt_token = :token`,
    { ...key, visibleAt },
  );
  return changes === 1;
}

export interface MessageCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

export async function countMessages(
  db: Database,
  queueId: string,
  now: number,
  cutoff: number,
): Promise<MessageCounts> {
  const row = await db.one<{ visible: number | null; in_flight: number | null; delayed: number | null }>(
    `SELECT
       SUM(CASE WHEN visible_at <= :now THEN 1 ELSE 0 END) AS visible,
       SUM(CASE WHEN visible_at > :now AND receive_count > 0 THEN 1 ELSE 0 END) AS in_flight,
       SUM(CASE WHEN visible_at > :now AND receive_count = 0 THEN 1 ELSE 0 END) AS delayed
     FROM sqs_messages WHERE queue_id = :queueId AND retention_base > :cutoff`,
    { queueId, now, cutoff },
  );
  return {
    visible: Number(row?.visible ?? 0),
    inFlight: Number(row?.in_flight ?? 0),
    delayed: Number(row?.delayed ?? 0),
  };
}

/** When the earliest delayed or in-flight message becomes visible (a long poll's next look). */
export async function nextVisibleAt(db: Database, queueId: string, now: number): Promise<number | undefined> {
  const row = await db.one<{ at: number | null }>(
    'SELECT MIN(visible_at) AS at FROM sqs_messages WHERE queue_id = :queueId AND visible_at > :now',
    { queueId, now },
  );
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

export async function deleteQueueMessages(db: Database, queueId: string): Promise<void> {
  await db.run('DELETE FROM sqs_messages WHERE queue_id = :queueId', { queueId });
  await db.run('DELETE FROM sqs_dedup WHERE queue_id = :queueId', { queueId });
  await db.run('DELETE FROM sqs_receive_attempts WHERE queue_id = :queueId', { queueId });
}

/** PurgeQueue: every message sent up to now. */
export async function purgeMessages(db: Database, queueId: string, now: number): Promise<void> {
  await db.run('DELETE FROM sqs_messages WHERE queue_id = :queueId AND enqueued_at <= :now', {
    queueId,
    now,
  });
}

export async function deleteExpiredMessages(db: Database, queueId: string, cutoff: number): Promise<void> {
  await db.run('DELETE FROM sqs_messages WHERE queue_id = :queueId AND retention_base <= :cutoff', {
    queueId,
    cutoff,
  });
}

/** Messages of queues that no longer exist (deleted while a move was writing into them). */
export async function deleteOrphanMessages(db: Database): Promise<void> {
  await db.run(
    `DELETE FROM sqs_messages WHERE NOT EXISTS
       (SELECT 1 FROM sqs_queues q WHERE q.id = sqs_messages.queue_id AND q.deleted_at IS NULL)`,
  );
}

export async function countMessagesEnqueuedBy(db: Database, queueId: string, before: number, cutoff: number) {
  const row = await db.one<{ n: number }>(
    `SELECT COUNT(*) AS n FROM sqs_messages
     WHERE queue_id = :queueId AND enqueued_at <= :before AND retention_base > :cutoff`,
    { queueId, before, cutoff },
  );
  return Number(row?.n ?? 0);
}
