// Nested executions on the service's side: the job of a `.sync` or `.sync:2` task of
// `states:startExecution` is the child execution it started, named by its ARN (AWS docs, "Start a
// new AWS Step Functions state machine execution from a running execution"). The waiting run
// describes the child whenever the child's channel is notified (its end, from any node: the
// storage's notifier), or its own (StopExecution of the parent), and every POLL_MS besides, never
// holding a transaction while it waits. The task's answer is DescribeExecution's, in PascalCase
// with dates in epoch milliseconds: with `.sync` Input and Output are JSON text, with `.sync:2`
// JSON values. A child that did not succeed fails the task with States.TaskFailed, the cause
// being that answer as JSON text. A task that times out, and a parent that is stopped or times
// out, stop the child they no longer wait for (an Express child, which cannot be stopped, runs on).
// An Express child is described by the node that runs it (express-watch.ts).
import type { ServiceEnvironment } from '../../core/service.js';
import type { Jobs, JobPattern } from '../../asl/job.js';
import { TaskFailure, type CallbackAnswer, type CallbackWait } from '../../asl/task.js';
import type { Checkpoint } from '../../asl/interpreter.js';
import { executionChannel } from './callbacks.js';
import { watchedExpress } from './express-watch.js';
import type { ExecutionRow } from './store.js';

const POLL_MS = 10_000;

/** Waits up to `ms`, less if one of `channels` is notified; throws when the run is to end here. */
export type PauseOn = (ms: number, channels: string[]) => Promise<void>;

interface CallScope {
  accountId: string;
  region: string;
}

/** The child's calls are made as the parent's account, in the child's region. */
const scopeOf = (parentArn: string, childArn: string): CallScope => ({
  accountId: parentArn.split(':')[4] ?? '',
  region: childArn.split(':')[3] ?? '',
});

export function jobsOf(env: ServiceEnvironment, parentArn: string, pause: PauseOn): Jobs {
  return {
    idOf(_request, submitted) {
      const arn = (submitted as { ExecutionArn?: unknown } | null)?.ExecutionArn;
      if (typeof arn !== 'string') throw new TaskFailure('States.Runtime', 'The task started no execution');
      return arn;
    },
    outcome: (wait) => childOutcome(env, parentArn, wait, pause),
  };
}

async function childOutcome(
  env: ServiceEnvironment,
  parentArn: string,
  wait: CallbackWait,
  pause: PauseOn,
): Promise<CallbackAnswer> {
  const childArn = wait.token;
  const scope = scopeOf(parentArn, childArn);
  for (;;) {
    const described = isExpress(childArn) ? watchedExpress(childArn) : await describe(env, scope, childArn);
    if (!described) return lostExpress(childArn);
    if (described['status'] !== 'RUNNING') return endOf(described, wait.job?.pattern ?? 'sync');
    const { at, error } = deadlineOf(wait);
    const now = env.clock.now();
    if (at <= now) {
      await stopChild(env, scope, childArn, parentArn);
      return { status: 'TIMED_OUT', error };
    }
    await pause(Math.min(at - now, POLL_MS), [executionChannel(childArn), executionChannel(parentArn)]);
  }
}

/**
 * When the task's time runs out: TimeoutSeconds from its start, or HeartbeatSeconds, which no
 * child execution beats, from its start too.
 */
function deadlineOf(wait: CallbackWait): { at: number; error: 'States.Timeout' | 'States.HeartbeatTimeout' } {
  const timeoutAt = wait.timeoutAt ?? Infinity;
  const heartbeatAt =
    wait.heartbeatSeconds === undefined ? Infinity : wait.since + wait.heartbeatSeconds * 1000;
  return timeoutAt <= heartbeatAt
    ? { at: timeoutAt, error: 'States.Timeout' }
    : { at: heartbeatAt, error: 'States.HeartbeatTimeout' };
}

const isExpress = (executionArn: string) => executionArn.split(':')[5] === 'express';

/** An Express child this node does not know: its node stopped or was killed, and the child with it. */
const lostExpress = (executionArn: string): CallbackAnswer => ({
  status: 'FAILED',
  error: 'States.TaskFailed',
  cause: `The Express execution ${executionArn} is no longer known: the node that ran it stopped`,
});

async function describe(env: ServiceEnvironment, scope: CallScope, executionArn: string) {
  const output = await env.client.call('states', 'DescribeExecution', { executionArn }, scope);
  return output as Record<string, unknown>;
}

function endOf(described: Record<string, unknown>, pattern: JobPattern): CallbackAnswer {
  const answer = answerOf(described, pattern);
  if (described['status'] === 'SUCCEEDED') return { status: 'SUCCEEDED', output: answer };
  return { status: 'FAILED', error: 'States.TaskFailed', cause: JSON.stringify(answer) };
}

/** DescribeExecution's answer as the task's: PascalCase members in order, dates in epoch ms. */
export function answerOf(described: Record<string, unknown>, pattern: JobPattern): Record<string, unknown> {
  const answer = pascalCased(described) as Record<string, unknown>;
  if (pattern === 'sync:2')
    for (const member of ['Input', 'Output'])
      if (typeof answer[member] === 'string') answer[member] = JSON.parse(answer[member] as string);
  return answer;
}

function pascalCased(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const members = Object.entries(value as Record<string, unknown>)
    .map(([key, member]): [string, unknown] => [
      key.charAt(0).toUpperCase() + key.slice(1),
      pascalCased(member),
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(members);
}

/** AWS's words for a child stopped by the end of the Task state that managed it. */
const managerAborted = (parentArn: string) =>
  `The Task state in AWS Step Functions execution [${parentArn}] which was managing this resource was aborted`;

async function stopChild(env: ServiceEnvironment, scope: CallScope, childArn: string, parentArn: string) {
  const input = { executionArn: childArn, cause: managerAborted(parentArn) };
  // A child that ended meanwhile, or is gone, has nothing left to stop.
  await env.client.call('states', 'StopExecution', input, scope).catch(() => undefined);
}

/**
 * Stops the child a stopped (or timed-out) execution was waiting for, if its last checkpoint is
 * in a `.sync` task's wait: the parent manages the job it runs, and no longer waits for it.
 */
export async function stopWaitedChild(env: ServiceEnvironment, execution: ExecutionRow): Promise<void> {
  if (!execution.checkpoint) return;
  const waited = (JSON.parse(execution.checkpoint) as Checkpoint).callback;
  if (!waited?.job) return;
  await stopChild(env, scopeOf(execution.arn, waited.token), waited.token, execution.arn);
}
