// A Map state in DISTRIBUTED mode (AWS docs, "Using Map state in Distributed mode"): its items run
// as child workflow executions of a Map Run, which the parent's history records as MapRunStarted
// and MapRunSucceeded or MapRunFailed — the iterations' own events are the children's, not the
// parent's. The host keeps the Map Run (DescribeMapRun, ListMapRuns, UpdateMapRun) and answers its
// current limits, so an UpdateMapRun reaches a run under way. Any child's failure beyond the
// tolerated ones fails the Map Run with States.ExceedToleratedFailureThreshold.
import { randomUUID } from 'node:crypto';
import type { Machine, StateDefinition } from './definition.js';
import { StatesError } from './errors.js';
import { History } from './history.js';
import type { ExecutionInfo, Run } from './interpreter.js';

export interface MapRunLimits {
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface MapRunStart extends MapRunLimits {
  mapRunArn: string;
  executionArn: string;
  stateMachineArn: string;
  total: number;
}

export interface MapRunEnd {
  status: 'SUCCEEDED' | 'FAILED';
  succeeded: number;
  failed: number;
}

export interface MapRunProgress {
  running: number;
  succeeded: number;
  failed: number;
}

/** A Map Run under way: its limits as they are now, its progress and its end to record. */
export interface MapRunHandle {
  limits(): MapRunLimits;
  progress(progress: MapRunProgress): Promise<void>;
  end(end: MapRunEnd): Promise<void>;
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
  const express = configOf(processor).ExecutionType === 'EXPRESS';
  return {
    ...parent,
    executionArn: express
      ? `${prefix}:express:${machineAndLabel}:${name}:${randomUUID()}`
      : `${prefix}:execution:${machineAndLabel}:${name}`,
    name,
    startTime: now,
  };
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
export async function startMapRun(run: Run, state: StateDefinition, limits: MapRunLimits, total: number) {
  const label = typeof state['Label'] === 'string' ? state['Label'] : undefined;
  const arn = mapRunArnOf(run.info.stateMachineArn, label);
  const start = {
    ...limits,
    mapRunArn: arn,
    executionArn: run.info.executionArn,
    stateMachineArn: run.info.stateMachineArn,
    total,
  };
  const handle = run.host.mapRuns ? await run.host.mapRuns.start(start) : unkeptMapRun(limits);
  run.history.add('MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: arn } });
  return { arn, handle };
}

export async function endMapRun(run: Run, handle: MapRunHandle, failed: boolean, tally: MapRunProgress) {
  await handle.end({
    status: failed ? 'FAILED' : 'SUCCEEDED',
    succeeded: tally.succeeded,
    failed: tally.failed,
  });
  if (!failed) run.history.add('MapRunSucceeded');
  else {
    const { error, cause } = thresholdExceeded();
    run.history.add('MapRunFailed', { mapRunFailedEventDetails: { error, cause } });
  }
}

/** A child execution of a Map Run: its own context and an unkept history of its own. */
export function childRun(run: Run, mapRunArn: string, processor: Machine, input: unknown): Run {
  const now = run.host.now();
  return {
    ...run,
    history: new History(() => run.host.now(), false),
    info: childInfo(run.info, mapRunArn, processor, now),
    input,
  };
}
