// SQL that picks messages to hand out. On PostgreSQL several nodes claim from one table: standard
// queues claim with one UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so concurrent receivers
// never get the same message within a visibility window; FIFO receives first lock the queue row
// (`lockQueue`), because group order needs a consistent view of the whole group.
import type { Database, SqlParams } from '../../storage/types.js';
import { normalizeMessage, type MessageRow } from './store-messages.js';

export interface ClaimScope {
  queueId: string;
  now: number;
  /** Messages with retention_base at or before this have expired. */
  cutoff: number;
  /** Messages received this often belong to the dead-letter queue (no redrive: a huge number). */
  maxReceive: number;
  limit: number;
}

export interface ClaimUpdate {
  visibleAt: number;
  token: string;
}

function skipLocked(db: Database): string {
  return db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
}

const ALIVE_VISIBLE = 'queue_id = :queueId AND visible_at <= :now AND retention_base > :cutoff';
const ALIVE_VISIBLE_M = 'm.queue_id = :queueId AND m.visible_at <= :now AND m.retention_base > :cutoff';

/**
 * FIFO: a message may go out only when no earlier message of its group is still invisible
 * (delayed or in flight), no message of its group is in flight, and no earlier one of its group
 * waits to be moved to the dead-letter queue — so each group is delivered in order, one batch at a time.
 */
const FIFO_ELIGIBLE = `NOT EXISTS (
  SELECT 1 FROM sqs_messages o
  WHERE o.queue_id = m.queue_id AND o.group_id = m.group_id AND o.retention_base > :cutoff
    AND ((o.visible_at > :now AND (o.seq < m.seq OR o.receive_count > 0))
      OR (o.seq < m.seq AND o.receive_count >= :maxReceive)))`;

const CLAIM_SET = `visible_at = :visibleAt, receive_count = receive_count + 1, receipt_token = :token,
  first_received_at = COALESCE(first_received_at, :now), received_at = :now`;

function byOrder(rows: MessageRow[]): MessageRow[] {
  return rows
    .map(normalizeMessage)
    .sort((a, b) => a.seq - b.seq || a.sent_at - b.sent_at || a.message_id.localeCompare(b.message_id));
}

/**
 * One statement that picks `picked` and updates exactly those rows. The pick is a MATERIALIZED CTE:
 * as a plain `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` PostgreSQL may run the sub-select again
 * for each row it updates, and each run, skipping the rows this very statement just changed, picks more.
 */
function claimSql(pick: string): string {
  return `WITH picked AS MATERIALIZED (${pick})
    UPDATE sqs_messages SET ${CLAIM_SET}
    WHERE queue_id = :queueId AND message_id IN (SELECT message_id FROM picked)
    RETURNING *`;
}

/**
 * Standard queues promise only best-effort order: messages go out in the order they became
 * visible, which is the order the (queue_id, visible_at, sent_at) index yields, so a receive reads
 * just the rows it returns instead of sorting every visible message.
 */
const STANDARD_ORDER = 'ORDER BY visible_at, sent_at';

/** Standard queues: the longest-visible messages, claimed in one statement. */
export async function claimStandard(
  db: Database,
  scope: ClaimScope,
  update: ClaimUpdate,
): Promise<MessageRow[]> {
  const pick = `SELECT message_id FROM sqs_messages
    WHERE ${ALIVE_VISIBLE} AND receive_count < :maxReceive
    ${STANDARD_ORDER} LIMIT :limit ${skipLocked(db)}`;
  return byOrder(await db.all<MessageRow>(claimSql(pick), { ...scope, ...update }));
}

/** FIFO queues: call with the queue row locked (`lockQueue`). */
export async function claimFifo(db: Database, scope: ClaimScope, update: ClaimUpdate): Promise<MessageRow[]> {
  const pick = `SELECT m.message_id FROM sqs_messages m
    WHERE ${ALIVE_VISIBLE_M} AND m.receive_count < :maxReceive AND ${FIFO_ELIGIBLE}
    ORDER BY m.seq LIMIT :limit`;
  return byOrder(await db.all<MessageRow>(claimSql(pick), { ...scope, ...update }));
}

/**
 * Visible messages already received `maxReceive` times: the next receive would exceed the
 * redrive policy's maxReceiveCount, so they go to the dead-letter queue instead. For FIFO only
 * the heads of their groups (order is kept in the dead-letter queue too).
 */
export async function overLimitMessages(
  db: Database,
  scope: ClaimScope,
  fifo: boolean,
): Promise<MessageRow[]> {
  const sql = fifo
    ? `SELECT m.* FROM sqs_messages m
       WHERE ${ALIVE_VISIBLE_M} AND m.receive_count >= :maxReceive AND NOT EXISTS (
         SELECT 1 FROM sqs_messages o WHERE o.queue_id = m.queue_id AND o.group_id = m.group_id
           AND o.retention_base > :cutoff AND (o.seq < m.seq OR (o.visible_at > :now AND o.receive_count > 0)))
       ORDER BY m.seq LIMIT :limit`
    : `SELECT * FROM sqs_messages WHERE ${ALIVE_VISIBLE} AND receive_count >= :maxReceive
       ${STANDARD_ORDER} LIMIT :limit ${skipLocked(db)}`;
  return byOrder(await db.all<MessageRow>(sql, { ...scope }));
}

/** Re-claims the messages of an earlier receive attempt, if all are still in flight under its token. */
export async function reclaimAttempt(
  db: Database,
  scope: { queueId: string; now: number; messageIds: string[] },
  update: ClaimUpdate,
): Promise<MessageRow[]> {
  const params: SqlParams = { queueId: scope.queueId, now: scope.now, ...update };
  const names = scope.messageIds.map((id, i) => {
    params[`m${i}`] = id;
    return `:m${i}`;
  });
  const rows = await db.all<MessageRow>(
    `UPDATE sqs_messages SET visible_at = :visibleAt
     WHERE queue_id = :queueId AND receipt_token = :token AND visible_at > :now
       AND message_id IN (${names.join(', ')})
     RETURNING *`,
    params,
  );
  return byOrder(rows);
}

/** Visible messages that arrived before `before`: what a message move task moves next. */
export async function movableMessages(
  db: Database,
  scope: { queueId: string; now: number; cutoff: number; before: number; limit: number; needSource: boolean },
): Promise<MessageRow[]> {
  const source = scope.needSource ? 'AND dlq_source_arn IS NOT NULL' : '';
  const rows = await db.all<MessageRow>(
    `SELECT * FROM sqs_messages
     WHERE ${ALIVE_VISIBLE} AND enqueued_at <= :before ${source}
     ORDER BY seq, sent_at, message_id LIMIT :limit ${skipLocked(db)}`,
    { ...scope, needSource: null },
  );
  return byOrder(rows);
}
