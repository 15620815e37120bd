// The callback pattern on the service's side: task tokens, as the interpreter's host gives them.
// A token names its execution (so an answer to one of an ended execution is told apart from one
// that never was) and is answerable from the moment it is opened, before the task's work is
// submitted. The waiting run reads its token's row whenever the token is notified (from any node:
// the storage's notifier), and every POLL_MS besides, until it is answered or its time runs out.
// An activity task is a token queued for its activity (notified on the activity's channel, for
// waiting workers); its run learns from the token's row that a worker took it, too.
import { createHash, randomUUID } from 'node:crypto';
import type { ServiceEnvironment } from '../../core/service.js';
import type { ActivityProgress } from '../../asl/activity.js';
import type { CallbackAnswer, CallbackWait, Callbacks } from '../../asl/task.js';
import { queueActivityTask } from './activities-store.js';
import { answerToken, findToken, openToken, type TokenRow } from './tokens-store.js';

const POLL_MS = 10_000;

/** Waits up to `ms`, less if `channel` is notified; throws when the run is to end here. */
export type Pause = (ms: number, channel: string) => Promise<void>;

export function tokenChannel(token: string): string {
  return `states:token:${createHash('sha256').update(token).digest('hex')}`;
}

/** Wakes the waits of an execution's run, on every node, as StopExecution stops it. */
export function executionChannel(executionArn: string): string {
  return `states:execution:${createHash('sha256').update(executionArn).digest('hex')}`;
}

/** Wakes the workers waiting for tasks of the activity (GetActivityTask), on every node. */
export function activityChannel(activityArn: string): string {
  return `states:activity:${createHash('sha256').update(activityArn).digest('hex')}`;
}

export function newToken(executionArn: string): string {
  return Buffer.from(JSON.stringify({ executionArn, id: randomUUID() })).toString('base64');
}

/** The execution a token of this service names; undefined when it is no such token. */
export function executionOfToken(token: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    const arn = (decoded as { executionArn?: unknown } | null)?.executionArn;
    return typeof arn === 'string' && arn.startsWith('arn:') ? arn : undefined;
  } catch {
    return undefined;
  }
}

export function callbacksOf(env: ServiceEnvironment, executionArn: string, pause: Pause): Callbacks {
  const db = env.storage.db;
  /** Reads the token until `early` has something to say of its row, it is answered or times out. */
  async function progressOf(
    wait: CallbackWait,
    early: (row: TokenRow) => ActivityProgress | undefined = () => undefined,
  ): Promise<ActivityProgress> {
    for (;;) {
      const row = await findToken(db, wait.token);
      // No row: the execution ended meanwhile (its tokens are dropped); the pause ends the run.
      if (!row) {
        await pause(0, tokenChannel(wait.token));
        continue;
      }
      const news = early(row);
      if (news) return news;
      if (row.status !== 'WAITING') return answerOf(row);
      const timedOut = await waitOrTimeOut(env, row, wait, pause);
      if (timedOut) return timedOut;
    }
  }
  return {
    issue: () => newToken(executionArn),
    open: (token) => openToken(db, token, executionArn, env.clock.now()),
    answer: (wait) => progressOf(wait) as Promise<CallbackAnswer>,
    async queue(task) {
      const queued = await queueActivityTask(db, { ...task, executionArn, now: env.clock.now() });
      if (queued) await env.storage.notifier.notify(activityChannel(task.activityArn));
      return queued;
    },
    // A task taken is reported before its answer, which may have come already (a quick worker).
    activityProgress: (wait) => progressOf(wait, wait.activity?.started ? undefined : startOf),
  };
}

function startOf(row: TokenRow): ActivityProgress | undefined {
  if ((row.started_at ?? null) === null) return undefined;
  return { status: 'STARTED', ...(row.worker_name && { workerName: row.worker_name }) };
}

/**
 * Waits until the token may be answered, or times it out at TimeoutSeconds after the task began
 * or HeartbeatSeconds after the last heartbeat (or the start) (AWS docs, Task state). An activity
 * task's heartbeats are its worker's: they are counted from the worker's taking it, not before.
 */
async function waitOrTimeOut(
  env: ServiceEnvironment,
  row: TokenRow,
  wait: CallbackWait,
  pause: Pause,
): Promise<CallbackAnswer | undefined> {
  const timeoutAt = wait.timeoutAt ?? Infinity;
  const beatsFrom = wait.activity ? (row.started_at ?? null) : wait.since;
  const heartbeatAt =
    wait.heartbeatSeconds === undefined || beatsFrom === null
      ? Infinity
      : (row.heartbeat_at ?? beatsFrom) + wait.heartbeatSeconds * 1000;
  const now = env.clock.now();
  const deadline = Math.min(timeoutAt, heartbeatAt);
  if (deadline > now) {
    await pause(Math.min(deadline - now, POLL_MS), tokenChannel(row.token));
    return undefined;
  }
  const error = timeoutAt <= heartbeatAt ? 'States.Timeout' : 'States.HeartbeatTimeout';
  // Answered meanwhile: that answer stands.
  if (!(await answerToken(env.storage.db, row.token, { status: 'TIMED_OUT', error }))) return undefined;
  return { status: 'TIMED_OUT', error };
}

function answerOf(row: TokenRow): CallbackAnswer {
  if (row.status === 'SUCCEEDED') return { status: 'SUCCEEDED', output: JSON.parse(row.output ?? 'null') };
  if (row.status === 'FAILED')
    return {
      status: 'FAILED',
      ...(row.error !== null && { error: row.error }),
      ...(row.cause !== null && { cause: row.cause }),
    };
  return {
    status: 'TIMED_OUT',
    error: row.error === 'States.HeartbeatTimeout' ? row.error : 'States.Timeout',
  };
}
