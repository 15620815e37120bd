// The Map Runs of Distributed Map states (table states_map_runs): one row a run, its limits as
// UpdateMapRun last set them, its items' and child executions' progress and its end.
import type { MapRunEnd, MapRunLimits, MapRunProgress, MapRunStart } from '../../asl/distributed-map.js';
import type { HistoryEvent } from '../../asl/history.js';
import type { Database } from '../../storage/types.js';
import { insertEvents } from './store.js';

export interface MapRunRow {
  arn: string;
  execution_arn: string;
  machine_arn: string;
  status: string;
  max_concurrency: number;
  tolerated_count: number | null;
  tolerated_percentage: number | null;
  total: number;
  running: number;
  succeeded: number;
  failed: number;
  /** Its child executions (migration 10): as many as its items, or its ItemBatcher's batches. */
  executions: number;
  executions_running: number;
  executions_succeeded: number;
  executions_failed: number;
  started_at: number;
  stopped_at: number | null;
}

/** PostgreSQL answers BIGINT columns as text. */
const numbered = (row: MapRunRow): MapRunRow => ({
  ...row,
  max_concurrency: Number(row.max_concurrency),
  tolerated_count: row.tolerated_count === null ? null : Number(row.tolerated_count),
  tolerated_percentage: row.tolerated_percentage === null ? null : Number(row.tolerated_percentage),
  total: Number(row.total),
  running: Number(row.running),
  succeeded: Number(row.succeeded),
  failed: Number(row.failed),
  executions: Number(row.executions),
  executions_running: Number(row.executions_running),
  executions_succeeded: Number(row.executions_succeeded),
  executions_failed: Number(row.executions_failed),
  started_at: Number(row.started_at),
  stopped_at: row.stopped_at === null ? null : Number(row.stopped_at),
});

export async function insertMapRun(db: Database, start: MapRunStart, now: number): Promise<void> {
  await db.run(
    `INSERT INTO states_map_runs (arn, execution_arn, machine_arn, status, max_concurrency, tolerated_count,
       tolerated_percentage, total, running, succeeded, failed, executions, started_at)
     VALUES (:arn, :execution_arn, :machine_arn, 'RUNNING', :max_concurrency, :tolerated_count,
       :tolerated_percentage, :total, 0, 0, 0, :executions, :started_at)`,
    {
      arn: start.mapRunArn,
      execution_arn: start.executionArn,
      machine_arn: start.stateMachineArn,
      max_concurrency: start.maxConcurrency,
      tolerated_count: start.toleratedFailureCount ?? null,
      tolerated_percentage: start.toleratedFailurePercentage ?? null,
      total: start.total,
      executions: start.executions,
      started_at: now,
    },
  );
}

export async function findMapRun(db: Database, arn: string): Promise<MapRunRow | undefined> {
  const row = await db.one<MapRunRow>('SELECT * FROM states_map_runs WHERE arn = :arn', { arn });
  return row && numbered(row);
}

export async function listMapRuns(
  db: Database,
  executionArn: string,
  offset: number,
  limit: number,
): Promise<MapRunRow[]> {
  const rows = await db.all<MapRunRow>(
    `SELECT * FROM states_map_runs WHERE execution_arn = :executionArn
     ORDER BY started_at DESC, arn LIMIT :limit OFFSET :offset`,
    { executionArn, limit, offset },
  );
  return rows.map(numbered);
}

const countsOf = ({ items, executions }: MapRunProgress) => ({
  running: items.running,
  succeeded: items.succeeded,
  failed: items.failed,
  executions_running: executions.running,
  executions_succeeded: executions.succeeded,
  executions_failed: executions.failed,
});

const SET_COUNTS = `running = :running, succeeded = :succeeded, failed = :failed,
  executions_running = :executions_running, executions_succeeded = :executions_succeeded,
  executions_failed = :executions_failed`;

export async function recordProgress(db: Database, arn: string, progress: MapRunProgress): Promise<void> {
  await db.run(`UPDATE states_map_runs SET ${SET_COUNTS} WHERE arn = :arn AND status = 'RUNNING'`, {
    arn,
    ...countsOf(progress),
  });
}

/** Ends a running Map Run; one ended already (aborted meanwhile) stays as it ended. */
export async function recordEnd(db: Database, arn: string, end: MapRunEnd, now: number): Promise<void> {
  await db.run(
    `UPDATE states_map_runs SET status = :status, ${SET_COUNTS}, stopped_at = :now
     WHERE arn = :arn AND status = 'RUNNING'`,
    { arn, status: end.status, ...countsOf(end), now },
  );
}

/**
 * Aborts what is still RUNNING of an execution's Map Runs, and of their child executions, each
 * child's history ending with ExecutionAborted (one transaction). Called when nothing of the
 * execution runs any more: the run that started them was interrupted, or the execution ended.
 */
export async function abortMapRuns(db: Database, executionArn: string, now: number): Promise<void> {
  // Most executions have no Map Run: a read spares them the write transaction.
  const running = await db.one(
    "SELECT 1 AS found FROM states_map_runs WHERE execution_arn = :executionArn AND status = 'RUNNING' LIMIT 1",
    { executionArn },
  );
  if (!running) return;
  await db.transaction(async (tx) => {
    const children = await tx.all<{ arn: string; last: number | string | null }>(
      `SELECT arn, (SELECT MAX(id) FROM states_history WHERE execution_arn = states_executions.arn) AS last
       FROM states_executions WHERE status = 'RUNNING' AND map_run_arn IN
         (SELECT arn FROM states_map_runs WHERE execution_arn = :executionArn AND status = 'RUNNING')`,
      { executionArn },
    );
    for (const child of children) {
      const id = Number(child.last ?? 0) + 1;
      await tx.run(`UPDATE states_executions SET status = 'ABORTED', stopped_at = :now WHERE arn = :arn`, {
        arn: child.arn,
        now,
      });
      const aborted: HistoryEvent = {
        id,
        previousEventId: id - 1,
        timestamp: now,
        type: 'ExecutionAborted',
        executionAbortedEventDetails: {},
      };
      await insertEvents(tx, child.arn, [aborted]);
    }
    await tx.run(
      `UPDATE states_map_runs SET status = 'ABORTED', running = 0, executions_running = 0, stopped_at = :now
       WHERE execution_arn = :executionArn AND status = 'RUNNING'`,
      { executionArn, now },
    );
  });
}

/** Sets the limits given; false when there is no such Map Run. */
export async function updateLimits(
  db: Database,
  arn: string,
  limits: Partial<MapRunLimits>,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE states_map_runs SET
       max_concurrency = COALESCE(:max_concurrency, max_concurrency),
       tolerated_count = COALESCE(:tolerated_count, tolerated_count),
       tolerated_percentage = COALESCE(:tolerated_percentage, tolerated_percentage)
     WHERE arn = :arn`,
    {
      arn,
      max_concurrency: limits.maxConcurrency ?? null,
      tolerated_count: limits.toleratedFailureCount ?? null,
      tolerated_percentage: limits.toleratedFailurePercentage ?? null,
    },
  );
  return changes === 1;
}

export const limitsOf = (row: MapRunRow): MapRunLimits => ({
  maxConcurrency: row.max_concurrency,
  ...(row.tolerated_count !== null && { toleratedFailureCount: row.tolerated_count }),
  ...(row.tolerated_percentage !== null && { toleratedFailurePercentage: row.tolerated_percentage }),
});
