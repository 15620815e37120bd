// Task tokens of the callback pattern and of activity tasks, kept while their execution runs (an
// ended execution's are dropped: answering one then is TaskTimedOut, as on AWS for a closed task).
// An activity task's token is answerable only once a worker has taken it: AWS makes the token as
// it assigns the task (API reference, SendTaskHeartbeat), so before then it names no task.
import type { Database } from '../../storage/types.js';

export type TokenStatus = 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

export interface TokenRow {
  token: string;
  execution_arn: string;
  status: TokenStatus;
  output: string | null;
  error: string | null;
  cause: string | null;
  heartbeat_at: number | null;
  created_at: number;
  /** Activity tasks (migration 6): the activity, the worker's input, and when and by whom taken. */
  activity_arn?: string | null;
  input?: string | null;
  started_at?: number | null;
  worker_name?: string | null;
}

/** An activity task's token that no worker has taken yet. */
export const untaken = (row: TokenRow) =>
  row.activity_arn !== null && row.activity_arn !== undefined && (row.started_at ?? null) === null;

const ANSWERABLE = `status = 'WAITING' AND (activity_arn IS NULL OR started_at IS NOT NULL)`;

/** Registers a token as WAITING; a resumed run opening its token again leaves it as it is. */
export async function openToken(
  db: Database,
  token: string,
  executionArn: string,
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO states_task_tokens (token, execution_arn, status, created_at)
     VALUES (:token, :executionArn, 'WAITING', :now) ON CONFLICT (token) DO NOTHING`,
    { token, executionArn, now },
  );
}

export async function findToken(db: Database, token: string): Promise<TokenRow | undefined> {
  const row = await db.one<TokenRow>('SELECT * FROM states_task_tokens WHERE token = :token', { token });
  const time = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Number(value);
  return row && { ...row, heartbeat_at: time(row.heartbeat_at), started_at: time(row.started_at) };
}

export interface TokenAnswer {
  status: Exclude<TokenStatus, 'WAITING'>;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * Answers a waiting token (once); false when it is not waiting, or its execution no longer runs.
 * `byWorker`: SendTaskSuccess or SendTaskFailure, which need an activity task to be taken first;
 * a timeout does not.
 */
export async function answerToken(
  db: Database,
  token: string,
  answer: TokenAnswer,
  byWorker = false,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE states_task_tokens SET status = :status, output = :output, error = :error, cause = :cause
     WHERE token = :token AND ${byWorker ? ANSWERABLE : "status = 'WAITING'"} AND EXISTS (SELECT 1 FROM states_executions
       WHERE states_executions.arn = states_task_tokens.execution_arn AND states_executions.status = 'RUNNING')`,
    {
      token,
      status: answer.status,
      output: answer.output ?? null,
      error: answer.error ?? null,
      cause: answer.cause ?? null,
    },
  );
  return changes === 1;
}

/** SendTaskHeartbeat: the task's heartbeat timeout counts again from `now`. */
export async function beatToken(db: Database, token: string, now: number): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE states_task_tokens SET heartbeat_at = :now WHERE token = :token AND ${ANSWERABLE}`,
    { token, now },
  );
  return changes === 1;
}

export async function closeTokens(db: Database, executionArn: string): Promise<void> {
  await db.run('DELETE FROM states_task_tokens WHERE execution_arn = :executionArn', { executionArn });
}
