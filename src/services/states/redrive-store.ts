// The SQL of RedriveExecution: an ended execution made to run again, in the transaction that
// records its ExecutionRedriven event (and schedules its run).
import type { Database } from '../../storage/types.js';
import { insertEvents } from './store.js';

export interface RedriveWrite {
  arn: string;
  /** The execution's redrive count as read: the write happens only if no other redrive came first. */
  attempt: number;
  /** Where the redriven run starts (JSON of the interpreter's Checkpoint). */
  checkpoint: string;
  event: { id: number };
  at: number;
  /** JSON of the client tokens of the execution's redrives, this one's included. */
  tokens: string;
}

/** False when the execution is running again or was redriven meanwhile. */
export async function redriveExecution(tx: Database, redrive: RedriveWrite): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE states_executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL,
       stopped_at = NULL, checkpoint = :checkpoint, redrive_count = :next, redriven_at = :at,
       redrive_tokens = :tokens
     WHERE arn = :arn AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED') AND redrive_count = :attempt`,
    {
      arn: redrive.arn,
      attempt: redrive.attempt,
      next: redrive.attempt + 1,
      checkpoint: redrive.checkpoint,
      at: redrive.at,
      tokens: redrive.tokens,
    },
  );
  if (changes !== 1) return false;
  await insertEvents(tx, redrive.arn, [redrive.event]);
  return true;
}
