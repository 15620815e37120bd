// RedriveExecution (AWS docs, "Restarting state machine executions with redrive"): an ended
// Standard execution that did not succeed runs again, under its ARN, with its own definition, from
// the state it did not get past — the last checkpoint its run kept, at the top level: a Map or
// Parallel state runs again whole (AWS re-runs only its unsuccessful iterations or branches). That
// state starts over with the input and variables it had (a Wait waits again, a Task gets a fresh
// retry count and task token); the states before it keep their results. The history goes on with
// ExecutionRedriven, then the re-run's events; the execution is RUNNING again, an ordinary
// Standard run (runner.ts), its TimeoutSeconds counted from the redrive.
import type { Checkpoint } from '../../asl/interpreter.js';
import type { HistoryEvent } from '../../asl/history.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { executionNotRedrivable, rejectViolations } from './errors.js';
import { executionOf } from './executions.js';
import { currentRedriveStatus } from './redrive-status.js';
import { redriveExecution } from './redrive-store.js';
import { loggerOf, RUN_JOB } from './runner.js';
import { findExecution, lastEventId, type ExecutionRow } from './store.js';

interface RedriveInput {
  executionArn: string;
  clientToken?: string;
}

/** A client token of a redrive that succeeded, and when it was first used (epoch ms). */
interface UsedToken {
  token: string;
  at: number;
}

/**
 * "The API will return idempotent responses for the last 10 client tokens used to successfully
 * redrive the execution. These client tokens are valid for up to 15 minutes after they are first
 * used." (AWS API reference, RedriveExecution.)
 */
const KEPT_TOKENS = 10;
const TOKEN_LIFE_MS = 15 * 60 * 1000;
/** ClientToken: 1 to 64 characters (API model). */
const TOKEN_MAX = 64;

export const RedriveExecution: OperationHandler<RedriveInput> = async (ctx, input) => {
  checkClientToken(input.clientToken);
  const execution = await executionOf(ctx, input.executionArn);
  const now = ctx.clock.now();
  const repeated = redriveOfToken(execution, input.clientToken, now);
  if (repeated !== undefined) return { redriveDate: new Date(repeated) };
  const status = await currentRedriveStatus(ctx.storage.db, execution, now);
  if (status.redriveStatus === 'NOT_REDRIVABLE') throw executionNotRedrivable(status.redriveStatusReason);
  if (await redrive(ctx, execution, input.clientToken, now)) return { redriveDate: new Date(now) };
  // Another redrive came first: the same client token answers as it did, any other is refused.
  const current = (await findExecution(ctx.storage.db, execution.arn))!;
  const raced = redriveOfToken(current, input.clientToken, now);
  if (raced !== undefined) return { redriveDate: new Date(raced) };
  const after = await currentRedriveStatus(ctx.storage.db, current, now);
  throw executionNotRedrivable(
    after.redriveStatus === 'NOT_REDRIVABLE'
      ? after.redriveStatusReason
      : 'Execution is RUNNING and cannot be redriven',
  );
};

function checkClientToken(token: string | undefined): void {
  if (token === undefined) return;
  const constraint =
    token.length < 1
      ? 'Member must have length greater than or equal to 1'
      : token.length > TOKEN_MAX
        ? `Member must have length less than or equal to ${TOKEN_MAX}`
        : undefined;
  if (constraint) rejectViolations([{ value: token, path: 'clientToken', constraint }]);
}

const usedTokens = (execution: ExecutionRow): UsedToken[] =>
  execution.redrive_tokens ? (JSON.parse(execution.redrive_tokens) as UsedToken[]) : [];

/** When the redrive that `token` made happened, if it is one of the execution's still valid. */
function redriveOfToken(execution: ExecutionRow, token: string | undefined, now: number): number | undefined {
  if (token === undefined) return undefined;
  const used = usedTokens(execution).find((candidate) => candidate.token === token);
  return used && now - used.at <= TOKEN_LIFE_MS ? used.at : undefined;
}

/** Commits the redrive (row, event, the run's job) in one transaction; false if another came first. */
async function redrive(
  ctx: RequestContext,
  execution: ExecutionRow,
  token: string | undefined,
  now: number,
): Promise<boolean> {
  const attempt = execution.redrive_count ?? 0;
  const id = (await lastEventId(ctx.storage.db, execution.arn)) + 1;
  const event: HistoryEvent = {
    id,
    previousEventId: id - 1,
    timestamp: now,
    type: 'ExecutionRedriven',
    executionRedrivenEventDetails: { redriveCount: attempt + 1 },
  };
  // A token used again once it expired stands for its latest redrive only.
  const earlier = usedTokens(execution).filter((used) => used.token !== token);
  const tokens = token === undefined ? earlier : [...earlier, { token, at: now }];
  const redriven = await ctx.storage.db.transaction(async (tx) => {
    const written = await redriveExecution(tx, {
      arn: execution.arn,
      attempt,
      checkpoint: JSON.stringify(restartPoint(execution, id)),
      event,
      at: now,
      tokens: JSON.stringify(tokens.slice(-KEPT_TOKENS)),
    });
    if (written)
      await ctx.storage.jobs.schedule(
        { kind: RUN_JOB, key: execution.arn, runAt: now, payload: execution.arn },
        tx,
      );
    return written;
  });
  if (redriven) (await loggerOf(ctx, execution))([event]);
  return redriven;
}

/**
 * Where the redriven run starts: the state the execution did not get past, with its input and the
 * variables it had, entered anew — a Wait or a callback under way there is not taken up again
 * (AWS: a Task state is scheduled and started again; a Wait on a past Timestamp exits at once).
 */
function restartPoint(execution: ExecutionRow, events: number): Checkpoint {
  const { state, input, variables } = JSON.parse(execution.checkpoint!) as Checkpoint;
  return { state, input, variables, events };
}
