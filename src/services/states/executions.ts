// Executions: start (Standard, run by the job of runner.ts; a name started again with the same
// input answers the same execution, with another input ExecutionAlreadyExists), describe, list,
// stop, and the history. A version or alias ARN starts that version's definition (targets.ts), and
// the execution shows which it was started through. RedriveExecution is redrive.ts.
import { randomUUID } from 'node:crypto';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { HistoryEvent } from '../../asl/history.js';
import { checkName, checkStartRequest, executionArn, parseArn } from './arns.js';
import { executionChannel } from './callbacks.js';
import {
  executionExists,
  executionNotFound,
  invalidToken,
  rejectViolations,
  typeNotSupported,
  validationException,
} from './errors.js';
import { parseInput, startExpress } from './express.js';
import { watchExpress } from './express-watch.js';
import { describeMachine, machineOf } from './machines.js';
import { labelOf, mapRunOf } from './map-run-children.js';
import { abortMapRuns } from './map-runs-store.js';
import { mockedExecutionOf, testCaseStart } from './mocks.js';
import { stopWaitedChild } from './nested.js';
import { insertMockedExecution } from './mocks-store.js';
import { currentRedriveStatus, redriveFields } from './redrive-status.js';
import { loggerOf, RUN_JOB, startOf } from './runner.js';
import { executionsOf, startTarget } from './targets.js';
import {
  abortExecution,
  findExecution,
  insertEvents,
  insertExecution,
  listExecutions,
  readHistory,
  type ExecutionRow,
  type ExecutionsOf,
} from './store.js';

interface StartInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
}

export const StartExecution: OperationHandler<StartInput> = async (ctx, input) => {
  checkStartRequest(input.name, input.input);
  // `<machine arn>#<test case>` starts a test case of the mock configuration (mocks.ts).
  const { arn, testCase } = testCaseStart(ctx.config, input.stateMachineArn);
  const target = await startTarget(ctx, arn);
  const { machine, definition, roleArn, versionArn, aliasArn } = target;
  const mocked = testCase === undefined ? undefined : mockedExecutionOf(ctx.config, machine.name, testCase);
  const name = input.name ?? randomUUID();
  checkName(name);
  const text = input.input ?? '{}';
  const parsed = parseInput(text);
  // Every StartExecution of an Express machine starts another execution (AWS API reference).
  if (machine.type === 'EXPRESS') {
    const started = startExpress(ctx, target, name, parsed, false, mocked);
    watchExpress(ctx, started, machine.arn, text);
    return { executionArn: started.executionArn, startDate: new Date(started.startedAt) };
  }
  const row: ExecutionRow = {
    arn: executionArn(ctx, machine.name, name),
    machine_arn: machine.arn,
    name,
    status: 'RUNNING',
    definition,
    role_arn: roleArn,
    version_arn: versionArn ?? null,
    alias_arn: aliasArn ?? null,
    input: text,
    output: null,
    error: null,
    cause: null,
    started_at: ctx.clock.now(),
    stopped_at: null,
  };
  const { checkpoint, started: startedEvent } = startOf(row);
  const started = await ctx.storage.db.transaction(async (tx) => {
    if (!(await insertExecution(tx, { ...row, checkpoint }))) return false;
    if (mocked) await insertMockedExecution(tx, row.arn, mocked);
    await insertEvents(tx, row.arn, [startedEvent]);
    await ctx.storage.jobs.schedule(
      { kind: RUN_JOB, key: row.arn, runAt: row.started_at, payload: row.arn },
      tx,
    );
    return true;
  });
  if (started) {
    (await loggerOf(ctx, row, machine))([startedEvent]);
    return { executionArn: row.arn, startDate: new Date(row.started_at) };
  }
  const existing = (await findExecution(ctx.storage.db, row.arn))!;
  if (existing.input !== text || existing.status !== 'RUNNING') throw executionExists(row.arn);
  return { executionArn: existing.arn, startDate: new Date(existing.started_at) };
};

export async function executionOf(ctx: RequestContext, arn: string): Promise<ExecutionRow> {
  const { scope } = parseArn(arn, 'execution');
  const execution = await findExecution(ctx.storage.db, arn);
  if (!execution || scope.accountId !== ctx.accountId) throw executionNotFound(arn);
  return execution;
}

export const DescribeExecution: OperationHandler<{ executionArn: string }> = async (ctx, input) => {
  const execution = await executionOf(ctx, input.executionArn);
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.machine_arn,
    name: execution.name,
    status: execution.status,
    startDate: new Date(execution.started_at),
    ...(execution.stopped_at !== null && { stopDate: new Date(execution.stopped_at) }),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output !== null && { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error !== null && { error: execution.error }),
    ...(execution.cause !== null && { cause: execution.cause }),
    ...startedThrough(execution),
    // "The ARN that identifies a Map Run, which dispatched this execution" (DescribeExecution).
    ...(execution.map_run_arn && { mapRunArn: execution.map_run_arn }),
    ...redriveFields(execution),
    ...(await currentRedriveStatus(ctx.storage.db, execution, ctx.clock.now())),
  };
};

/** The version and alias an execution was started through, as DescribeExecution and ListExecutions show them. */
const startedThrough = (execution: ExecutionRow) => ({
  ...(execution.version_arn && { stateMachineVersionArn: execution.version_arn }),
  ...(execution.alias_arn && { stateMachineAliasArn: execution.alias_arn }),
});

export const DescribeStateMachineForExecution: OperationHandler<{ executionArn: string }> = async (
  ctx,
  input,
) => {
  const execution = await executionOf(ctx, input.executionArn);
  const machine = await machineOf(ctx, execution.machine_arn).catch(() => undefined);
  const described = machine ? describeMachine(machine) : {};
  return {
    stateMachineArn: execution.machine_arn,
    name: parseArn(execution.machine_arn, 'stateMachine').name,
    definition: execution.definition,
    roleArn: execution.role_arn,
    updateDate: described['creationDate'] ?? new Date(execution.started_at),
    ...(described['loggingConfiguration'] !== undefined && {
      loggingConfiguration: described['loggingConfiguration'],
    }),
    ...(described['tracingConfiguration'] !== undefined && {
      tracingConfiguration: described['tracingConfiguration'],
    }),
    // "returned only if the executionArn is a child workflow execution … started by a Distributed Map".
    ...(execution.map_run_arn && { mapRunArn: execution.map_run_arn, label: labelOf(execution) }),
  };
};

const DEFAULT_PAGE = 100;
/** Above any event id (a history holds at most 25,000 events): where a reversed read starts. */
const LAST_EVENT_ID = 2_147_483_647;

function pageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const value = Number(Buffer.from(token, 'base64').toString('utf8'));
  if (!Number.isInteger(value) || value < 0) throw invalidToken();
  return value;
}

const tokenOf = (value: number) => Buffer.from(String(value)).toString('base64');

interface ListInput {
  stateMachineArn?: string;
  mapRunArn?: string;
  statusFilter?: string;
  maxResults?: number;
  nextToken?: string;
  redriveFilter?: string;
}

const REDRIVE_FILTERS = ['REDRIVEN', 'NOT_REDRIVEN'];

/** redriveFilter's enum; PENDING_REDRIVE is a Map Run's children's status only (API reference). */
function checkFilters(input: ListInput): void {
  const { redriveFilter } = input;
  if (redriveFilter !== undefined && !REDRIVE_FILTERS.includes(redriveFilter))
    rejectViolations([
      {
        value: redriveFilter,
        path: 'redriveFilter',
        constraint: `Member must satisfy enum value set: [${REDRIVE_FILTERS.join(', ')}]`,
      },
    ]);
  if (input.statusFilter === 'PENDING_REDRIVE' && input.mapRunArn === undefined)
    throw validationException('PENDING_REDRIVE statusFilter can only be used with a mapRunArn');
}

/**
 * What ListExecutions lists: a machine's (version's, alias's) executions, or the child executions
 * of a Map Run — "You can specify either a mapRunArn or a stateMachineArn, but not both" (API
 * reference). A Map Run's lists the children kept: its EXPRESS children are not (distributed-map.ts).
 */
async function listedOf(ctx: RequestContext, input: ListInput): Promise<ExecutionsOf> {
  const { stateMachineArn, mapRunArn } = input;
  if (stateMachineArn !== undefined && mapRunArn !== undefined)
    throw validationException('Only one of stateMachineArn or mapRunArn can be specified');
  if (mapRunArn !== undefined) return { column: 'map_run_arn', arn: (await mapRunOf(ctx, mapRunArn)).arn };
  if (stateMachineArn === undefined)
    throw validationException('Either stateMachineArn or mapRunArn must be specified');
  const of = await executionsOf(ctx, stateMachineArn);
  // Express executions are not kept: AWS lists none and says so (API reference, ListExecutions).
  if (of.type === 'EXPRESS') throw typeNotSupported();
  return of;
}

export const ListExecutions: OperationHandler<ListInput> = async (ctx, input) => {
  checkFilters(input);
  const of = await listedOf(ctx, input);
  const offset = pageToken(input.nextToken);
  const limit = input.maxResults || DEFAULT_PAGE;
  const filter = {
    ...(input.statusFilter && { status: input.statusFilter }),
    ...(input.redriveFilter && { redriven: input.redriveFilter === 'REDRIVEN' }),
  };
  const rows = await listExecutions(ctx.storage.db, of, filter, offset, limit + 1);
  return {
    executions: rows.slice(0, limit).map((row) => ({
      executionArn: row.arn,
      stateMachineArn: row.machine_arn,
      name: row.name,
      status: row.status,
      startDate: new Date(row.started_at),
      ...(row.stopped_at !== null && { stopDate: new Date(row.stopped_at) }),
      ...startedThrough(row),
      ...redriveFields(row),
      // "returned only if mapRunArn was specified in the ListExecutions API action" (ExecutionListItem).
      ...(of.column === 'map_run_arn' && { mapRunArn: row.map_run_arn, itemCount: row.item_count ?? 1 }),
    })),
    ...(rows.length > limit && { nextToken: tokenOf(offset + limit) }),
  };
};

interface StopInput {
  executionArn: string;
  error?: string;
  cause?: string;
}

/** Aborts a running execution: its history so far, then ExecutionAborted. */
export const StopExecution: OperationHandler<StopInput> = async (ctx, input) => {
  const execution = await executionOf(ctx, input.executionArn);
  const now = ctx.clock.now();
  const details = {
    ...(input.error !== undefined && { error: input.error }),
    ...(input.cause !== undefined && { cause: input.cause }),
  };
  let aborted: HistoryEvent | undefined;
  const stoppedNow = await abortExecution(
    ctx.storage.db,
    execution.arn,
    { ...details, stoppedAt: now },
    (id) => {
      aborted = {
        id,
        previousEventId: id - 1,
        timestamp: now,
        type: 'ExecutionAborted',
        executionAbortedEventDetails: details,
      };
      return aborted;
    },
  );
  if (stoppedNow && aborted) (await loggerOf(ctx, execution))([aborted]);
  // Its Map Runs stop with it, and their children ("stopped by the user", MapRunExecutionCounts).
  if (stoppedNow) await abortMapRuns(ctx.storage.db, execution.arn, now);
  // Its run, waiting somewhere, ends now rather than at the end of its wait.
  await ctx.storage.notifier.notify(executionChannel(execution.arn));
  const stopped = (await findExecution(ctx.storage.db, execution.arn))!;
  if (stoppedNow) await stopWaitedChild(ctx, stopped);
  return { stopDate: new Date(stopped.stopped_at ?? now) };
};

interface HistoryInput {
  executionArn: string;
  maxResults?: number;
  nextToken?: string;
  reverseOrder?: boolean;
}

/** A running execution's history is there as far as it has been saved (the last state begun). */
export const GetExecutionHistory: OperationHandler<HistoryInput> = async (ctx, input) => {
  await executionOf(ctx, input.executionArn);
  const reverse = input.reverseOrder === true;
  const from = input.nextToken === undefined ? (reverse ? LAST_EVENT_ID : 1) : pageToken(input.nextToken);
  const limit = input.maxResults || DEFAULT_PAGE;
  const events = await readHistory(ctx.storage.db, input.executionArn, from, limit + 1, reverse);
  const page = events
    .slice(0, limit)
    .map((event) => ({ ...event, timestamp: new Date(Number(event['timestamp'])) }));
  const next = events[limit];
  return { events: page, ...(next && { nextToken: tokenOf(Number(next['id'])) }) };
};
