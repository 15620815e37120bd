// Map Runs of Distributed Map states (AWS API reference, DescribeMapRun, ListMapRuns,
// UpdateMapRun): the interpreter starts one per Distributed Map state (src/asl/distributed-map.ts)
// through the host's `mapRuns`, which keeps it in the database with its progress. UpdateMapRun
// changes a run's limits and tells the node running it (the storage notifier), which applies them
// as its items go on: a higher MaxConcurrency starts more items, a tolerance decides the next
// failure. Its STANDARD children are kept as executions (map-run-children.ts).
import type { MapRunHandle, MapRunLimits, MapRuns } from '../../asl/distributed-map.js';
import type { OperationHandler, ServiceEnvironment } from '../../core/service.js';
import { rejectViolations, type Violation } from './errors.js';
import { executionOf } from './executions.js';
import { childRecorder, mapRunOf } from './map-run-children.js';
import {
  findMapRun,
  insertMapRun,
  limitsOf,
  listMapRuns,
  recordEnd,
  recordProgress,
  updateLimits,
  type MapRunRow,
} from './map-runs-store.js';
import { pageOf, paged } from './pages.js';

const mapRunChannel = (arn: string) => `states:maprun:${arn}`;

/** The host's keeper of Map Runs, for an execution run on this node. */
export function mapRunsOf(env: ServiceEnvironment): MapRuns {
  return {
    async start(start): Promise<MapRunHandle> {
      await insertMapRun(env.storage.db, start, env.clock.now());
      let limits: MapRunLimits = start;
      const reload = () =>
        void findMapRun(env.storage.db, start.mapRunArn).then((row) => {
          if (row) limits = limitsOf(row);
        });
      const unsubscribe = env.storage.notifier.subscribe(mapRunChannel(start.mapRunArn), reload);
      return {
        limits: () => limits,
        progress: (progress) => recordProgress(env.storage.db, start.mapRunArn, progress),
        async end(end) {
          unsubscribe();
          await recordEnd(env.storage.db, start.mapRunArn, end, env.clock.now());
        },
        startChild: childRecorder(env, start),
      };
    },
  };
}

interface Tally {
  total: number;
  running: number;
  succeeded: number;
  failed: number;
}

/**
 * MapRunItemCounts or MapRunExecutionCounts: once the run has ended, what neither succeeded nor
 * failed was aborted (it stopped running, or never began, as the Map Run failed or was aborted).
 */
function countsOf(status: string, tally: Tally) {
  const ended = status !== 'RUNNING';
  const pending = ended ? 0 : tally.total - tally.running - tally.succeeded - tally.failed;
  return {
    pending,
    running: ended ? 0 : tally.running,
    succeeded: tally.succeeded,
    failed: tally.failed,
    timedOut: 0,
    aborted: ended ? tally.total - tally.succeeded - tally.failed : 0,
    total: tally.total,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}

const executionTally = (row: MapRunRow): Tally => ({
  total: row.executions,
  running: row.executions_running,
  succeeded: row.executions_succeeded,
  failed: row.executions_failed,
});

export const DescribeMapRun: OperationHandler<{ mapRunArn: string }> = async (ctx, input) => {
  const row = await mapRunOf(ctx, input.mapRunArn);
  return {
    mapRunArn: row.arn,
    executionArn: row.execution_arn,
    status: row.status,
    startDate: new Date(row.started_at),
    ...(row.stopped_at !== null && { stopDate: new Date(row.stopped_at) }),
    maxConcurrency: row.max_concurrency,
    toleratedFailurePercentage: row.tolerated_percentage ?? 0,
    toleratedFailureCount: row.tolerated_count ?? 0,
    itemCounts: countsOf(row.status, row),
    executionCounts: countsOf(row.status, executionTally(row)),
    redriveCount: 0,
  };
};

interface ListInput {
  executionArn: string;
  maxResults?: number;
  nextToken?: string;
}

export const ListMapRuns: OperationHandler<ListInput> = async (ctx, input) => {
  const execution = await executionOf(ctx, input.executionArn);
  const page = pageOf(input);
  const { rows, nextToken } = paged(
    await listMapRuns(ctx.storage.db, execution.arn, page.offset, page.limit + 1),
    page,
  );
  return {
    mapRuns: rows.map((row) => ({
      executionArn: row.execution_arn,
      mapRunArn: row.arn,
      stateMachineArn: row.machine_arn,
      startDate: new Date(row.started_at),
      ...(row.stopped_at !== null && { stopDate: new Date(row.stopped_at) }),
    })),
    ...(nextToken && { nextToken }),
  };
};

interface UpdateInput {
  mapRunArn: string;
  maxConcurrency?: number;
  toleratedFailurePercentage?: number;
  toleratedFailureCount?: number;
}

function limitViolations(input: UpdateInput): Violation[] {
  const below = (value: number | undefined) => value !== undefined && value < 0;
  const violations: Violation[] = [];
  const atLeastZero = 'Member must have value greater than or equal to 0';
  if (below(input.maxConcurrency))
    violations.push({ value: input.maxConcurrency, path: 'maxConcurrency', constraint: atLeastZero });
  const percentage = input.toleratedFailurePercentage;
  if (percentage !== undefined && (percentage < 0 || percentage > 100))
    violations.push({
      value: percentage,
      path: 'toleratedFailurePercentage',
      constraint: percentage < 0 ? atLeastZero : 'Member must have value less than or equal to 100',
    });
  if (below(input.toleratedFailureCount))
    violations.push({
      value: input.toleratedFailureCount,
      path: 'toleratedFailureCount',
      constraint: atLeastZero,
    });
  return violations;
}

export const UpdateMapRun: OperationHandler<UpdateInput> = async (ctx, input) => {
  rejectViolations(limitViolations(input));
  const row = await mapRunOf(ctx, input.mapRunArn);
  await updateLimits(ctx.storage.db, row.arn, {
    ...(input.maxConcurrency !== undefined && { maxConcurrency: input.maxConcurrency }),
    ...(input.toleratedFailureCount !== undefined && { toleratedFailureCount: input.toleratedFailureCount }),
    ...(input.toleratedFailurePercentage !== undefined && {
      toleratedFailurePercentage: input.toleratedFailurePercentage,
    }),
  });
  await ctx.storage.notifier.notify(mapRunChannel(row.arn));
  return {};
};
