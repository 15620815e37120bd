// SQL over sqs_move_tasks (StartMessageMoveTask & co.).
import type { Database } from '../../storage/types.js';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTaskRow {
  task_id: string;
  source_arn: string;
  source_queue_id: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: MoveTaskStatus;
  moved: number;
  to_move: number;
  failure_reason: string | null;
  started_at: number;
}

function normalize(row: MoveTaskRow): MoveTaskRow {
  return {
    ...row,
    max_per_second: row.max_per_second === null ? null : Number(row.max_per_second),
    moved: Number(row.moved),
    to_move: Number(row.to_move),
    started_at: Number(row.started_at),
  };
}

export async function insertTask(db: Database, task: MoveTaskRow): Promise<void> {
  await db.run(
    `INSERT INTO sqs_move_tasks (task_id, source_arn, source_queue_id, destination_arn, max_per_second, status,
       moved, to_move, failure_reason, started_at)
     VALUES (:task_id, :source_arn, :source_queue_id, :destination_arn, :max_per_second, :status,
       :moved, :to_move, :failure_reason, :started_at)`,
    { ...task },
  );
}

/** `forUpdate` locks the row on PostgreSQL so a cancel and a running move do not interleave. */
export async function findTask(
  db: Database,
  taskId: string,
  forUpdate = false,
): Promise<MoveTaskRow | undefined> {
  const lock = forUpdate && db.dialect === 'postgres' ? 'FOR UPDATE' : '';
  const row = await db.one<MoveTaskRow>(`SELECT * FROM sqs_move_tasks WHERE task_id = :taskId ${lock}`, {
    taskId,
  });
  return row && normalize(row);
}

/** Most recent first. */
export async function listTasks(db: Database, sourceQueueId: string, limit: number): Promise<MoveTaskRow[]> {
  const rows = await db.all<MoveTaskRow>(
    `SELECT * FROM sqs_move_tasks WHERE source_queue_id = :sourceQueueId
     ORDER BY started_at DESC, task_id DESC LIMIT :limit`,
    { sourceQueueId, limit },
  );
  return rows.map(normalize);
}

export async function activeTaskExists(db: Database, sourceQueueId: string): Promise<boolean> {
  const row = await db.one(
    `SELECT task_id FROM sqs_move_tasks WHERE source_queue_id = :sourceQueueId AND status IN ('RUNNING', 'CANCELLING')`,
    { sourceQueueId },
  );
  return row !== undefined;
}

export async function updateTask(
  db: Database,
  taskId: string,
  change: { status: MoveTaskStatus; moved: number; failureReason?: string | null },
): Promise<void> {
  await db.run(
    `UPDATE sqs_move_tasks SET status = :status, moved = :moved, failure_reason = :failureReason
     WHERE task_id = :taskId`,
    { taskId, status: change.status, moved: change.moved, failureReason: change.failureReason ?? null },
  );
}
