// Whether an execution can be redriven now, and why not (AWS API reference, RedriveExecution and
// DescribeExecution's redriveStatus): what DescribeExecution shows, and what RedriveExecution
// refuses with. The reasons are AWS's redriveStatusReason wordings.
import type { Database } from '../../storage/types.js';
import { findMachine, lastEventId, type ExecutionRow } from './store.js';

export type RedriveStatus =
  { redriveStatus: 'REDRIVABLE' } | { redriveStatus: 'NOT_REDRIVABLE'; redriveStatusReason: string };

/** What the status depends on beside the execution's row. */
export interface RedriveContext {
  now: number;
  /** The execution's machine is still there (not being deleted). */
  machineExists: boolean;
  /** The id of the execution's last history event. */
  lastEventId: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Your workflow execution has not exceeded the redrivable period of 14 days", from its end. */
export const REDRIVABLE_PERIOD_MS = 14 * DAY_MS;
/** "The workflow execution has not exceeded the maximum open time of one year." */
export const MAX_OPEN_MS = 365 * DAY_MS;
/** "The execution event history count is less than 24,999": room for ExecutionRedriven and one more. */
export const REDRIVE_EVENT_LIMIT = 24_999;

/** Nubis's wording: AWS documents no reason for a child workflow execution. */
const CHILD_REASON = 'Execution is a child workflow execution of a Map Run: redrive its parent execution';

const notRedrivable = (redriveStatusReason: string): RedriveStatus => ({
  redriveStatus: 'NOT_REDRIVABLE',
  redriveStatusReason,
});

export function redriveStatusOf(execution: ExecutionRow, context: RedriveContext): RedriveStatus {
  const { status } = execution;
  if (status === 'RUNNING' || status === 'SUCCEEDED')
    return notRedrivable(`Execution is ${status} and cannot be redriven`);
  // A Map Run's children are redriven by redriving the parent workflow (AWS docs, "Redriving Map
  // Runs"), which in Nubis runs its Map state again as a new Map Run: a child is never redriven.
  if (execution.map_run_arn) return notRedrivable(CHILD_REASON);
  if (!context.machineExists) return notRedrivable('State machine is in DELETING status');
  // Nubis keeps where an ended execution was since RedriveExecution came; one ended before has
  // nothing to go on from, as AWS's executions started before its launch.
  if (!execution.checkpoint)
    return notRedrivable('Execution was started before the launch of RedriveExecution');
  if (context.lastEventId >= REDRIVE_EVENT_LIMIT)
    return notRedrivable('Execution history event limit exceeded');
  if (context.now - execution.started_at > MAX_OPEN_MS)
    return notRedrivable('Execution has exceeded the max execution time');
  if (context.now - (execution.stopped_at ?? context.now) > REDRIVABLE_PERIOD_MS)
    return notRedrivable('Execution redrivable period exceeded');
  return { redriveStatus: 'REDRIVABLE' };
}

/** redriveCount and redriveDate, as DescribeExecution and ListExecutions show them. */
export const redriveFields = (execution: ExecutionRow) => ({
  redriveCount: execution.redrive_count ?? 0,
  ...(execution.redriven_at != null && { redriveDate: new Date(execution.redriven_at) }),
});

/** The redrive status of `execution` as it is now, read with what it depends on. */
export async function currentRedriveStatus(
  db: Database,
  execution: ExecutionRow,
  now: number,
): Promise<RedriveStatus> {
  // Running or succeeded: nothing else is read.
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED')
    return redriveStatusOf(execution, { now, machineExists: true, lastEventId: 0 });
  const machineExists = (await findMachine(db, execution.machine_arn)) !== undefined;
  return redriveStatusOf(execution, {
    now,
    machineExists,
    lastEventId: await lastEventId(db, execution.arn),
  });
}
