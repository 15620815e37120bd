// A Map state in DISTRIBUTED mode (AWS docs, "Using Map state in Distributed mode"): its items run
// as child workflow executions of a Map Run, which the parent's history records as MapRunStarted
// and MapRunSucceeded or MapRunFailed — the iterations' own events are the children's, not the
// parent's. The host keeps the Map Run (DescribeMapRun, ListMapRuns, UpdateMapRun) and answers its
// current limits, so an UpdateMapRun reaches a run under way. Any child's failure beyond the
// tolerated ones fails the Map Run with States.ExceedToleratedFailureThreshold. A host that keeps
// Map Runs keeps their STANDARD children as executions (DescribeExecution, GetExecutionHistory,
// ListExecutions by mapRunArn): each is recorded as it starts and as it ends, its events with its
// end, so that a child costs two writes whatever it does. EXPRESS children are not kept, as Step
// Functions keeps no Express execution's history ("Standard and Express Workflow executions").
import { randomUUID } from 'node:crypto';
import type { Machine, StateDefinition } from './definition.js';
import { StatesError } from './errors.js';
import { History, payloadDetails, type HistoryEvent } from './history.js';
import type { ExecutionInfo, Outcome, Run } from './interpreter.js';

export interface MapRunLimits {
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface MapRunStart extends MapRunLimits {
  mapRunArn: string;
  executionArn: string;
  stateMachineArn: string;
  /** Its items, and its child executions (fewer when an ItemBatcher batches the items). */
  total: number;
  executions: number;
  /** The children's definition: the ItemProcessor, as JSON text. */
  childDefinition: string;
}

/** Items or child executions: how many run, and how many ended each way. */
export interface MapRunCounts {
  running: number;
  succeeded: number;
  failed: number;
}

export interface MapRunProgress {
  items: MapRunCounts;
  executions: MapRunCounts;
}

export interface MapRunEnd extends MapRunProgress {
  status: 'SUCCEEDED' | 'FAILED';
}

/** What a kept child execution records as it starts: its context, input and first events. */
export interface ChildStart {
  info: ExecutionInfo;
  input: unknown;
  /** The items it processes (an ItemBatcher's batch: more than one). */
  items: number;
  events: HistoryEvent[];
}

/** A kept child execution under way: its end, with the events recorded since its start. */
export interface ChildRecord {
  end(outcome: Outcome, events: HistoryEvent[]): Promise<void>;
}

/** A Map Run under way: its limits as they are now, its progress and its end to record. */
export interface MapRunHandle {
  limits(): MapRunLimits;
  progress(progress: MapRunProgress): Promise<void>;
  end(end: MapRunEnd): Promise<void>;
  /** Records a STANDARD child execution; absent, the children are not kept. */
  startChild?(start: ChildStart): Promise<ChildRecord>;
}

export interface MapRuns {
  start(start: MapRunStart): Promise<MapRunHandle>;
}

interface ProcessorConfig {
  Mode?: string;
  ExecutionType?: string;
}

const configOf = (processor: Machine) =>
  ((processor as Machine & { ProcessorConfig?: ProcessorConfig }).ProcessorConfig ?? {}) as ProcessorConfig;

export const isDistributed = (processor: Machine) => configOf(processor).Mode === 'DISTRIBUTED';

const isExpress = (processor: Machine) => configOf(processor).ExecutionType === 'EXPRESS';

/**
 * `arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>` (AWS API reference,
 * DescribeMapRun); without a Label, the label part is an id of its own.
 */
export function mapRunArnOf(stateMachineArn: string, label: string | undefined): string {
  const at = stateMachineArn.lastIndexOf(':stateMachine:');
  const machine = stateMachineArn.slice(at + ':stateMachine:'.length);
  return `${stateMachineArn.slice(0, at)}:mapRun:${machine}/${label ?? randomUUID().slice(0, 8)}:${randomUUID()}`;
}

/** The context of a child execution: its own ARN (Express or Standard, as the processor says) and input. */
export function childInfo(
  parent: ExecutionInfo,
  mapRunArn: string,
  processor: Machine,
  now: number,
): ExecutionInfo {
  const name = randomUUID();
  const [prefix, run] = mapRunArn.split(':mapRun:') as [string, string];
  const machineAndLabel = run.slice(0, run.lastIndexOf(':'));
  return {
    ...parent,
    executionArn: isExpress(processor)
      ? `${prefix}:express:${machineAndLabel}:${name}:${randomUUID()}`
      : `${prefix}:execution:${machineAndLabel}:${name}`,
    name,
    startTime: now,
  };
}

/**
 * The state machine a child execution belongs to: `…:stateMachine:<machine>/<label>`, the
 * "labelled State Machine ARN" of a Map Run's children (AWS docs, "Viewing a Distributed Map Run
 * execution"), which DescribeExecution and ListExecutions show for them.
 */
export function childMachineArn(mapRunArn: string): string {
  const [prefix, run] = mapRunArn.split(':mapRun:') as [string, string];
  return `${prefix}:stateMachine:${run.slice(0, run.lastIndexOf(':'))}`;
}

/** Without a host that keeps Map Runs (the interpreter on its own), a run with the limits it began with. */
export const unkeptMapRun = (limits: MapRunLimits): MapRunHandle => ({
  limits: () => limits,
  progress: async () => undefined,
  end: async () => undefined,
});

export const thresholdExceeded = () =>
  new StatesError(
    'States.ExceedToleratedFailureThreshold',
    'The specified tolerated failure threshold was exceeded',
  );

/** Starts the Map Run of a Distributed Map (kept by the host, if it keeps them) and records it. */
export async function startMapRun(
  run: Run,
  state: StateDefinition,
  limits: MapRunLimits,
  counts: { items: number; executions: number },
) {
  const label = typeof state['Label'] === 'string' ? state['Label'] : undefined;
  const arn = mapRunArnOf(run.info.stateMachineArn, label);
  const start = {
    ...limits,
    mapRunArn: arn,
    executionArn: run.info.executionArn,
    stateMachineArn: run.info.stateMachineArn,
    total: counts.items,
    executions: counts.executions,
    childDefinition: JSON.stringify(state['ItemProcessor'] ?? state['Iterator']),
  };
  const handle = run.host.mapRuns ? await run.host.mapRuns.start(start) : unkeptMapRun(limits);
  run.history.add('MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: arn } });
  return { arn, handle };
}

export type StartedMapRun = Awaited<ReturnType<typeof startMapRun>>;

export async function endMapRun(run: Run, handle: MapRunHandle, failed: boolean, progress: MapRunProgress) {
  await handle.end({ status: failed ? 'FAILED' : 'SUCCEEDED', ...progress });
  if (!failed) run.history.add('MapRunSucceeded');
  else {
    const { error, cause } = thresholdExceeded();
    run.history.add('MapRunFailed', { mapRunFailedEventDetails: { error, cause } });
  }
}

/** A child execution of a Map Run: its own context and a history of its own, kept if it is. */
function childRun(run: Run, mapRunArn: string, processor: Machine, input: unknown, keep: boolean): Run {
  const now = run.host.now();
  return {
    ...run,
    history: new History(() => run.host.now(), keep),
    info: childInfo(run.info, mapRunArn, processor, now),
    input,
  };
}

/**
 * Runs one child execution through `walk` (its ItemProcessor), between ExecutionStarted and its
 * end event as any execution; kept, it is recorded at its start and its end. Only a StatesError
 * ends it: a run interrupted (the node stopping, the parent stopped) leaves it RUNNING, for the
 * parent's next run to abort with its Map Run (runner.ts).
 */
export async function runChild(
  run: Run,
  mapRun: StartedMapRun,
  processor: Machine,
  unit: { input: unknown; items: number },
  walk: (child: Run) => Promise<unknown>,
): Promise<unknown> {
  const startChild = isExpress(processor) ? undefined : mapRun.handle.startChild;
  const child = childRun(run, mapRun.arn, processor, unit.input, startChild !== undefined);
  child.history.add('ExecutionStarted', () => ({
    executionStartedEventDetails: { ...payloadDetails('input', unit.input), roleArn: run.info.roleArn },
  }));
  const events = child.history.drain();
  const record = await startChild?.({ info: child.info, input: unit.input, items: unit.items, events });
  let output: unknown;
  try {
    output = await walk(child);
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const details = { error: error.error, ...(error.cause !== undefined && { cause: error.cause }) };
    child.history.add('ExecutionFailed', { executionFailedEventDetails: details });
    await record?.end({ status: 'FAILED', ...details }, child.history.drain());
    throw error;
  }
  child.history.add('ExecutionSucceeded', () => ({
    executionSucceededEventDetails: payloadDetails('output', output),
  }));
  await record?.end({ status: 'SUCCEEDED', output }, child.history.drain());
  return output;
}
