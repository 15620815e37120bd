// The periodic sweep (a durable recurring job): removes messages past their queue's retention period,
// expired deduplication and receive-attempt records, and deleted queues whose name is free again.
// Expired messages are never handed out even before the sweep (every read filters on retention).
import type { ServiceEnvironment } from '../../core/service.js';
import type { JobHandler } from '../../storage/types.js';
import {
  QUEUE_DELETE_COOLDOWN_MS,
  RECEIVE_ATTEMPT_WINDOW_MS,
  SWEEP_INTERVAL_MS,
  SWEEP_JOB,
} from './constants.js';
import { retentionCutoff, toQueue } from './queue.js';
import { deleteExpiredDedup, deleteExpiredReceiveAttempts } from './store-fifo.js';
import { deleteExpiredMessages, deleteOrphanMessages } from './store-messages.js';
import { allLiveQueues, removeDeletedQueues } from './store-queues.js';

export async function sweep(env: ServiceEnvironment): Promise<void> {
  const db = env.storage.db;
  const now = env.clock.now();
  for (const row of await allLiveQueues(db)) {
    const queue = toQueue(row);
    await deleteExpiredMessages(db, queue.id, retentionCutoff(queue, now));
  }
  await deleteOrphanMessages(db);
  await deleteExpiredDedup(db, now);
  await deleteExpiredReceiveAttempts(db, now - RECEIVE_ATTEMPT_WINDOW_MS);
  await removeDeletedQueues(db, now - QUEUE_DELETE_COOLDOWN_MS);
}

export function sweepHandler(env: ServiceEnvironment): JobHandler {
  return async () => {
    await sweep(env);
    return { rescheduleAt: env.clock.now() + SWEEP_INTERVAL_MS };
  };
}

/** One pending sweep job whatever the number of nodes: scheduling the same key replaces it. */
export async function scheduleSweep(env: ServiceEnvironment): Promise<void> {
  await env.storage.jobs.schedule({
    kind: SWEEP_JOB,
    key: SWEEP_JOB,
    runAt: env.clock.now() + SWEEP_INTERVAL_MS,
  });
}
