// SQL for FIFO bookkeeping: deduplication ids (kept 5 minutes, even after the message is deleted)
// and ReceiveRequestAttemptIds (a retried receive gets the same messages and receipt handles).
import type { Database } from '../../storage/types.js';

export interface DedupEntry {
  message_id: string;
  sequence_number: string | null;
}

export async function findDedup(
  db: Database,
  queueId: string,
  dedupKey: string,
  now: number,
): Promise<DedupEntry | undefined> {
  return db.one<DedupEntry>(
    `SELECT message_id, sequence_number FROM sqs_dedup
     WHERE queue_id = :queueId AND dedup_key = :dedupKey AND expires_at > :now`,
    { queueId, dedupKey, now },
  );
}

/** Records a deduplication id, replacing an expired record of the same id. */
export async function saveDedup(
  db: Database,
  entry: {
    queueId: string;
    dedupKey: string;
    messageId: string;
    sequenceNumber: string | null;
    expiresAt: number;
  },
): Promise<void> {
  await db.run(
    `INSERT INTO sqs_dedup (queue_id, dedup_key, message_id, sequence_number, expires_at)
     VALUES (:queueId, :dedupKey, :messageId, :sequenceNumber, :expiresAt)
     ON CONFLICT (queue_id, dedup_key) DO UPDATE SET message_id = excluded.message_id,
       sequence_number = excluded.sequence_number, expires_at = excluded.expires_at`,
    { ...entry },
  );
}

export async function deleteExpiredDedup(db: Database, now: number): Promise<void> {
  await db.run('DELETE FROM sqs_dedup WHERE expires_at <= :now', { now });
}

export interface ReceiveAttempt {
  receipt_token: string;
  message_ids: string;
  created_at: number;
}

export async function findReceiveAttempt(
  db: Database,
  queueId: string,
  attemptId: string,
  since: number,
): Promise<ReceiveAttempt | undefined> {
  return db.one<ReceiveAttempt>(
    `SELECT receipt_token, message_ids, created_at FROM sqs_receive_attempts
     WHERE queue_id = :queueId AND attempt_id = :attemptId AND created_at > :since`,
    { queueId, attemptId, since },
  );
}

export async function saveReceiveAttempt(
  db: Database,
  attempt: { queueId: string; attemptId: string; token: string; messageIds: string[]; now: number },
): Promise<void> {
  await db.run(
    `INSERT INTO sqs_receive_attempts (queue_id, attempt_id, receipt_token, message_ids, created_at)
     VALUES (:queueId, :attemptId, :token, :messageIds, :now)
     ON CONFLICT (queue_id, attempt_id) DO UPDATE SET receipt_token = excluded.receipt_token,
       message_ids = excluded.message_ids, created_at = excluded.created_at`,
    { ...attempt, messageIds: JSON.stringify(attempt.messageIds) },
  );
}

export async function deleteExpiredReceiveAttempts(db: Database, before: number): Promise<void> {
  await db.run('DELETE FROM sqs_receive_attempts WHERE created_at <= :before', { before });
}
