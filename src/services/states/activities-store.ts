// The SQL of activities (migration 6): the activities themselves, and their tasks, which are task
// tokens (tokens-store.ts) queued with their activity's ARN and input until a worker takes one.
import type { Database } from '../../storage/types.js';
import type { Scope } from './arns.js';

export interface ActivityRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  tags: string;
  created_at: number;
}

const numbers = (row: ActivityRow): ActivityRow => ({ ...row, created_at: Number(row.created_at) });

/** False when an activity of that ARN exists already. */
export async function insertActivity(db: Database, row: ActivityRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO states_activities (arn, account_id, region, name, tags, created_at)
     VALUES (:arn, :account_id, :region, :name, :tags, :created_at) ON CONFLICT (arn) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

/** `lock`: read so that no other writer changes it until `db`'s transaction ends (retagging). */
export async function findActivity(
  db: Database,
  arn: string,
  lock = false,
): Promise<ActivityRow | undefined> {
  const forUpdate = lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await db.one<ActivityRow>(`SELECT * FROM states_activities WHERE arn = :arn${forUpdate}`, {
    arn,
  });
  return row && numbers(row);
}

export async function deleteActivity(db: Database, arn: string): Promise<void> {
  await db.run('DELETE FROM states_activities WHERE arn = :arn', { arn });
}

/** By name, as ListStateMachines lists machines; `offset` rows are passed over. */
export async function listActivities(
  db: Database,
  scope: Scope,
  offset: number,
  limit: number,
): Promise<ActivityRow[]> {
  const rows = await db.all<ActivityRow>(
    `SELECT * FROM states_activities WHERE account_id = :accountId AND region = :region
     ORDER BY name LIMIT :limit OFFSET :offset`,
    { accountId: scope.accountId, region: scope.region, offset, limit },
  );
  return rows.map(numbers);
}

export async function setActivityTags(db: Database, arn: string, tags: string): Promise<void> {
  await db.run('UPDATE states_activities SET tags = :tags WHERE arn = :arn', { arn, tags });
}

export interface QueuedTask {
  token: string;
  executionArn: string;
  activityArn: string;
  input: string;
  now: number;
}

/**
 * Queues an activity task, in one statement with the check that its activity exists (so that a
 * deletion cannot slip between them); false when it does not.
 */
export async function queueActivityTask(db: Database, task: QueuedTask): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO states_task_tokens (token, execution_arn, status, created_at, activity_arn, input)
     SELECT :token, :executionArn, 'WAITING', :now, arn, :input FROM states_activities
     WHERE arn = :activityArn ON CONFLICT (token) DO NOTHING`,
    { ...task },
  );
  return changes === 1;
}

/**
 * Hands the oldest queued task of an activity to a worker, or none. One statement picks and marks
 * it, the pick skipping rows another node's worker is taking (PostgreSQL), so that no two workers
 * get the same task.
 */
export async function takeActivityTask(
  db: Database,
  activityArn: string,
  worker: { name: string | null; now: number },
): Promise<{ token: string; input: string } | undefined> {
  const skipLocked = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const [taken] = await db.all<{ token: string; input: string }>(
    `WITH picked AS MATERIALIZED (
       SELECT token FROM states_task_tokens
       WHERE activity_arn = :activityArn AND started_at IS NULL AND status = 'WAITING'
       ORDER BY created_at, token LIMIT 1 ${skipLocked})
     UPDATE states_task_tokens SET started_at = :now, worker_name = :name
     WHERE token IN (SELECT token FROM picked) AND started_at IS NULL
     RETURNING token, input`,
    { activityArn, name: worker.name, now: worker.now },
  );
  return taken;
}
