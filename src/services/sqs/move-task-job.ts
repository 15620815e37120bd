// The durable job behind a message move task: each run moves a chunk of the dead-letter queue's
// messages (those there when the task started) to the destination — or back to each message's
// source queue — in one transaction, then runs again: after a second when a rate was given, at
// once otherwise. A restart or another node picks the job up where it stopped.
import type { ServiceEnvironment } from '../../core/service.js';
import type { Database, JobHandler, JobOutcome } from '../../storage/types.js';
import { moveMessage } from './move.js';
import { retentionCutoff, toQueue, type Queue } from './queue.js';
import { findQueueByArn } from './resolve.js';
import { notifyQueue } from './send.js';
import { movableMessages } from './store-claims.js';
import { findQueueById } from './store-queues.js';
import { findTask, updateTask, type MoveTaskRow } from './store-tasks.js';

/** Without a rate, moves this many per transaction, and this many transactions per run. */
const CHUNK = 100;
const CHUNKS_PER_RUN = 10;
const NON_EXISTENT_QUEUE = 'AWS.SimpleQueueService.NonExistentQueue';

interface ChunkResult {
  /** More to move: when to run again. */
  continueAt?: number;
  /** Queues that received messages (their long polls are woken). */
  targets: string[];
}

async function targetFor(
  tx: Database,
  task: MoveTaskRow,
  sourceArn: string | null,
  cache: Map<string, Queue | undefined>,
) {
  const arn = task.destination_arn ?? sourceArn;
  if (!arn) return undefined;
  if (!cache.has(arn)) cache.set(arn, await findQueueByArn(tx, arn));
  return cache.get(arn);
}

async function moveChunk(tx: Database, taskId: string, now: number): Promise<ChunkResult> {
  const task = await findTask(tx, taskId, true);
  if (!task || task.status !== 'RUNNING') return { targets: [] };
  const sourceRow = await findQueueById(tx, task.source_queue_id);
  if (!sourceRow) {
    await updateTask(tx, taskId, { status: 'FAILED', moved: task.moved, failureReason: NON_EXISTENT_QUEUE });
    return { targets: [] };
  }
  const source = toQueue(sourceRow);
  const limit = task.max_per_second ?? CHUNK;
  const messages = await movableMessages(tx, {
    queueId: source.id,
    now,
    cutoff: retentionCutoff(source, now),
    before: task.started_at,
    limit,
    needSource: task.destination_arn === null,
  });
  const cache = new Map<string, Queue | undefined>();
  let moved = task.moved;
  for (const message of messages) {
    const target = await targetFor(tx, task, message.dlq_source_arn, cache);
    if (!target || target.fifo !== source.fifo) {
      await updateTask(tx, taskId, { status: 'FAILED', moved, failureReason: NON_EXISTENT_QUEUE });
      return { targets: [...cache.values()].flatMap((queue) => (queue ? [queue.id] : [])) };
    }
    await moveMessage(tx, message, target, { now });
    moved++;
  }
  const done = messages.length < limit;
  await updateTask(tx, taskId, { status: done ? 'COMPLETED' : 'RUNNING', moved });
  const targets = [...cache.values()].flatMap((queue) => (queue ? [queue.id] : []));
  if (done) return { targets };
  return { targets, continueAt: task.max_per_second ? now + 1000 : now };
}

export function moveTaskHandler(env: ServiceEnvironment): JobHandler {
  return async (job): Promise<JobOutcome> => {
    const { taskId } = job.payload as { taskId: string };
    for (let chunk = 0; chunk < CHUNKS_PER_RUN; chunk++) {
      const now = env.clock.now();
      const result = await env.storage.db.transaction((tx) => moveChunk(tx, taskId, now));
      for (const queueId of new Set(result.targets)) await notifyQueue(env, queueId);
      if (result.continueAt === undefined) return undefined;
      if (result.continueAt > now) return { rescheduleAt: result.continueAt };
    }
    return { rescheduleAt: env.clock.now() };
  };
}
