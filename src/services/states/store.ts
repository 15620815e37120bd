// The SQL of Step Functions: state machines, executions and their histories.
import type { Database } from '../../storage/types.js';
import type { Scope } from './arns.js';
import { closeTokens } from './tokens-store.js';

export interface MachineRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  type: string;
  definition: string;
  role_arn: string;
  logging: string;
  tracing: string;
  tags: string;
  created_at: number;
}

export interface ExecutionRow {
  arn: string;
  machine_arn: string;
  name: string;
  status: string;
  definition: string;
  role_arn: string;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  started_at: number;
  stopped_at: number | null;
  /** Where a running execution was saved last (JSON), if it has been. */
  checkpoint?: string | null;
  /** The version and alias it was started through (migration 4); null or absent: neither. */
  version_arn?: string | null;
  alias_arn?: string | null;
  /** RedriveExecution (migration 7): how often, when last, and the client tokens of the redrives. */
  redrive_count?: number;
  redriven_at?: number | null;
  redrive_tokens?: string | null;
  /** A child execution of a Map Run (migration 10): its Map Run and how many items it processed. */
  map_run_arn?: string | null;
  item_count?: number | null;
}

interface Times {
  item_count?: number | null;
  created_at?: number;
  started_at?: number;
  stopped_at?: number | null;
  redriven_at?: number | null;
  redrive_count?: number;
}

/** PostgreSQL answers BIGINT columns as text. */
const numbers = <T extends Times>(row: T): T => ({
  ...row,
  ...(row.created_at !== undefined && { created_at: Number(row.created_at) }),
  ...(row.started_at !== undefined && { started_at: Number(row.started_at) }),
  ...(row.stopped_at !== undefined && row.stopped_at !== null && { stopped_at: Number(row.stopped_at) }),
  ...(row.redriven_at !== undefined && row.redriven_at !== null && { redriven_at: Number(row.redriven_at) }),
  ...(row.redrive_count !== undefined && { redrive_count: Number(row.redrive_count) }),
  ...(row.item_count !== undefined && row.item_count !== null && { item_count: Number(row.item_count) }),
});

/** False when a machine of that ARN exists already. */
export async function insertMachine(db: Database, row: MachineRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO states_machines (arn, account_id, region, name, type, definition, role_arn, logging, tracing, tags, created_at)
     VALUES (:arn, :account_id, :region, :name, :type, :definition, :role_arn, :logging, :tracing, :tags, :created_at)
     ON CONFLICT (arn) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

export async function findMachine(db: Database, arn: string): Promise<MachineRow | undefined> {
  const row = await db.one<MachineRow>('SELECT * FROM states_machines WHERE arn = :arn', { arn });
  return row && numbers(row);
}

export async function listMachines(
  db: Database,
  scope: Scope,
  after: string,
  limit: number,
): Promise<MachineRow[]> {
  const rows = await db.all<MachineRow>(
    `SELECT * FROM states_machines WHERE account_id = :accountId AND region = :region AND name > :after
     ORDER BY name LIMIT :limit`,
    { ...scope, after, limit },
  );
  return rows.map(numbers);
}

export async function deleteMachine(db: Database, arn: string): Promise<void> {
  await db.run('DELETE FROM states_machines WHERE arn = :arn', { arn });
}

export async function insertExecution(db: Database, row: ExecutionRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO states_executions (arn, machine_arn, name, status, definition, role_arn, input, started_at, checkpoint,
       version_arn, alias_arn, map_run_arn, item_count)
     VALUES (:arn, :machine_arn, :name, :status, :definition, :role_arn, :input, :started_at, :checkpoint,
       :version_arn, :alias_arn, :map_run_arn, :item_count)
     ON CONFLICT (arn) DO NOTHING`,
    {
      arn: row.arn,
      machine_arn: row.machine_arn,
      name: row.name,
      status: row.status,
      definition: row.definition,
      role_arn: row.role_arn,
      input: row.input,
      started_at: row.started_at,
      checkpoint: row.checkpoint ?? null,
      version_arn: row.version_arn ?? null,
      alias_arn: row.alias_arn ?? null,
      map_run_arn: row.map_run_arn ?? null,
      item_count: row.item_count ?? null,
    },
  );
  return changes === 1;
}

export async function findExecution(db: Database, arn: string): Promise<ExecutionRow | undefined> {
  const row = await db.one<ExecutionRow>('SELECT * FROM states_executions WHERE arn = :arn', { arn });
  return row && numbers(row);
}

/** Which executions ListExecutions lists: a machine's, a version's, an alias's or a Map Run's. */
export interface ExecutionsOf {
  column: 'machine_arn' | 'version_arn' | 'alias_arn' | 'map_run_arn';
  arn: string;
}

/** ListExecutions' filters: by status, and by whether the execution was redriven. */
export interface ExecutionFilter {
  status?: string;
  redriven?: boolean;
}

/** Newest first, as ListExecutions answers; `offset` rows are passed over. */
export async function listExecutions(
  db: Database,
  of: ExecutionsOf,
  { status, redriven }: ExecutionFilter,
  offset: number,
  limit: number,
): Promise<ExecutionRow[]> {
  const redrive = redriven === undefined ? '' : `AND redrive_count ${redriven ? '>' : '='} 0`;
  const rows = await db.all<ExecutionRow>(
    `SELECT * FROM states_executions WHERE ${of.column} = :arn
     ${status ? 'AND status = :status' : ''} ${redrive}
     ORDER BY started_at DESC, arn DESC LIMIT :limit OFFSET :offset`,
    { arn: of.arn, ...(status && { status }), offset, limit },
  );
  return rows.map(numbers);
}

export interface Ending {
  status: string;
  output?: string;
  error?: string;
  cause?: string;
  stoppedAt: number;
  /** The events recorded since the last checkpoint, the last of them the execution's end. */
  events: { id: number }[];
  /** The redrive the ending run ran as (0: the first attempt). */
  attempt: number;
}

/**
 * Ends a running execution, adding to its history; false when it had ended already (stopped
 * meanwhile), or the run is of an earlier attempt than the execution's (redriven since). The last
 * checkpoint is kept: a redrive goes on from there.
 */
export function endExecution(db: Database, arn: string, ending: Ending): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { changes } = await tx.run(
      `UPDATE states_executions SET status = :status, output = :output, error = :error, cause = :cause,
         stopped_at = :stoppedAt WHERE arn = :arn AND status = 'RUNNING' AND redrive_count = :attempt`,
      {
        arn,
        attempt: ending.attempt,
        status: ending.status,
        output: ending.output ?? null,
        error: ending.error ?? null,
        cause: ending.cause ?? null,
        stoppedAt: ending.stoppedAt,
      },
    );
    if (changes !== 1) return false;
    await insertEvents(tx, arn, ending.events);
    await closeTokens(tx, arn);
    return true;
  });
}

/**
 * Saves where a running execution is, with the events recorded since the last save, in one
 * transaction; false when the execution has ended meanwhile (it was stopped), or the run saving is
 * of an earlier `attempt` (redriven since).
 */
export function saveProgress(
  db: Database,
  arn: string,
  checkpoint: string,
  events: { id: number }[],
  attempt: number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { changes } = await tx.run(
      `UPDATE states_executions SET checkpoint = :checkpoint
       WHERE arn = :arn AND status = 'RUNNING' AND redrive_count = :attempt`,
      { arn, checkpoint, attempt },
    );
    if (changes !== 1) return false;
    await insertEvents(tx, arn, events);
    return true;
  });
}

/**
 * Aborts a running execution (StopExecution): its history so far gains the ExecutionAborted event
 * that `aborted` makes of the next event id. False when it had ended already. Its checkpoint is
 * kept, for a redrive.
 */
export function abortExecution(
  db: Database,
  arn: string,
  ending: Omit<Ending, 'status' | 'events' | 'attempt'>,
  aborted: (id: number) => { id: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Taken first, the row's lock orders this after a save of the runner's in progress.
    const { changes } = await tx.run(
      `UPDATE states_executions SET status = 'ABORTED', error = :error, cause = :cause,
         stopped_at = :stoppedAt WHERE arn = :arn AND status = 'RUNNING'`,
      { arn, error: ending.error ?? null, cause: ending.cause ?? null, stoppedAt: ending.stoppedAt },
    );
    if (changes !== 1) return false;
    await insertEvents(tx, arn, [aborted((await lastEventId(tx, arn)) + 1)]);
    await closeTokens(tx, arn);
    return true;
  });
}

/** The id of the execution's last event so far (0: none). */
export async function lastEventId(db: Database, arn: string): Promise<number> {
  const last = await db.one<{ id: number | string | null }>(
    'SELECT MAX(id) AS id FROM states_history WHERE execution_arn = :arn',
    { arn },
  );
  return Number(last?.id ?? 0);
}

export async function insertEvents(db: Database, arn: string, events: { id: number }[]): Promise<void> {
  for (const event of events)
    await db.run('INSERT INTO states_history (execution_arn, id, event) VALUES (:arn, :id, :event)', {
      arn,
      id: event.id,
      event: JSON.stringify(event),
    });
}

export async function readHistory(
  db: Database,
  arn: string,
  fromId: number,
  limit: number,
  reverse: boolean,
): Promise<Record<string, unknown>[]> {
  const rows = await db.all<{ event: string }>(
    `SELECT event FROM states_history WHERE execution_arn = :arn AND id ${reverse ? '<=' : '>='} :fromId
     ORDER BY id ${reverse ? 'DESC' : 'ASC'} LIMIT :limit`,
    { arn, fromId, limit },
  );
  return rows.map((row) => JSON.parse(row.event) as Record<string, unknown>);
}

// UpdateStateMachine and tagging. Migration 3 adds revision_id: null until an update first changes
// the machine (DescribeStateMachine shows no revisionId before that, as AWS).

/** What UpdateStateMachine may change, with the new revision's id. */
export interface MachineRevision {
  definition: string;
  role_arn: string;
  logging: string;
  tracing: string;
  revision_id: string;
}

export const revisionOf = (row: MachineRow): string | undefined =>
  (row as MachineRow & { revision_id?: string | null }).revision_id ?? undefined;

/** False when the machine is gone (deleted meanwhile). */
export async function reviseMachine(db: Database, arn: string, revision: MachineRevision): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE states_machines SET definition = :definition, role_arn = :role_arn, logging = :logging,
       tracing = :tracing, revision_id = :revision_id WHERE arn = :arn`,
    { arn, ...revision },
  );
  return changes === 1;
}

/** A machine, read so that no other writer changes it until `tx` ends (tag read-modify-write). */
export async function lockMachine(tx: Database, arn: string): Promise<MachineRow | undefined> {
  const forUpdate = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await tx.one<MachineRow>(`SELECT * FROM states_machines WHERE arn = :arn${forUpdate}`, { arn });
  return row && numbers(row);
}

export async function setMachineTags(tx: Database, arn: string, tags: string): Promise<void> {
  await tx.run('UPDATE states_machines SET tags = :tags WHERE arn = :arn', { arn, tags });
}
