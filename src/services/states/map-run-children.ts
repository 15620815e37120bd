// The STANDARD child executions of a Map Run, kept as executions (src/asl/distributed-map.ts):
// a child's row and ExecutionStarted are written in one transaction as it starts, the rest of its
// history with its end in another — two writes a child, however many states it runs, as a Map
// Run can start thousands. The row names its Map Run (DescribeExecution's mapRunArn, ListExecutions
// by mapRunArn) and belongs to the Map Run's labelled state machine, so that the parent machine's
// ListExecutions does not list it.
import type { ChildRecord, ChildStart, MapRunStart } from '../../asl/distributed-map.js';
import { childMachineArn } from '../../asl/distributed-map.js';
import { outcomeFields } from '../../asl/interpreter.js';
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import { invalidArn, resourceNotFound } from './errors.js';
import { findMapRun, type MapRunRow } from './map-runs-store.js';
import { endExecution, insertEvents, insertExecution, type ExecutionRow } from './store.js';

/** Records the children of the Map Run `start` began. */
export function childRecorder(env: ServiceEnvironment, start: MapRunStart) {
  const machineArn = childMachineArn(start.mapRunArn);
  return async (child: ChildStart): Promise<ChildRecord> => {
    const row: ExecutionRow = {
      arn: child.info.executionArn,
      machine_arn: machineArn,
      name: child.info.name,
      status: 'RUNNING',
      definition: start.childDefinition,
      role_arn: child.info.roleArn,
      input: JSON.stringify(child.input),
      output: null,
      error: null,
      cause: null,
      started_at: child.info.startTime,
      stopped_at: null,
      map_run_arn: start.mapRunArn,
      item_count: child.items,
    };
    await env.storage.db.transaction(async (tx) => {
      await insertExecution(tx, row);
      await insertEvents(tx, row.arn, child.events);
    });
    return {
      async end(outcome, events) {
        // A child aborted meanwhile (its parent's run was interrupted) keeps its abort.
        await endExecution(env.storage.db, row.arn, {
          status: outcome.status,
          ...outcomeFields(outcome),
          stoppedAt: env.clock.now(),
          events,
          attempt: 0,
        });
      },
    };
  };
}

/** The label of a child's Map Run, from its labelled state machine ARN (`…:<machine>/<label>`). */
export const labelOf = (execution: ExecutionRow) =>
  execution.machine_arn.slice(execution.machine_arn.indexOf('/') + 1);

const MAP_RUN_ARN = /^arn:aws:states:[a-z0-9-]+:(\d{12}):mapRun:[^:/]+\/[^:]+:[^:]+$/;

/** The Map Run of that ARN in the caller's account: InvalidArn, ResourceNotFound otherwise. */
export async function mapRunOf(ctx: RequestContext, arn: string): Promise<MapRunRow> {
  const match = MAP_RUN_ARN.exec(arn);
  if (!match) throw invalidArn(arn);
  const row = match[1] === ctx.accountId ? await findMapRun(ctx.storage.db, arn) : undefined;
  if (!row) throw resourceNotFound(arn);
  return row;
}
