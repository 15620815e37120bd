// Retention actually deletes: every read already skips events older than the group's retention,
// and a durable recurring job (`logs.retention`, one pending row whatever the number of nodes)
// deletes them from storage every hour.
import type { ServiceEnvironment } from '../../core/service.js';
import type { JobHandler } from '../../storage/types.js';
import { RETENTION_JOB, RETENTION_SWEEP_INTERVAL_MS } from './constants.js';
import { retentionCutoff } from './group.js';
import { deleteEventsBefore } from './store-events.js';
import { groupsWithRetention } from './store-groups.js';

export async function deleteExpiredEvents(env: ServiceEnvironment): Promise<number> {
  const now = env.clock.now();
  let deleted = 0;
  for (const group of await groupsWithRetention(env.storage.db)) {
    deleted += await deleteEventsBefore(env.storage.db, group.id, retentionCutoff(group, now));
  }
  return deleted;
}

export function retentionHandler(env: ServiceEnvironment): JobHandler {
  return async () => {
    await deleteExpiredEvents(env);
    return { rescheduleAt: env.clock.now() + RETENTION_SWEEP_INTERVAL_MS };
  };
}

/** Scheduling the same key again replaces the pending job, so there is only ever one. */
export async function scheduleRetention(env: ServiceEnvironment): Promise<void> {
  await env.storage.jobs.schedule({
    kind: RETENTION_JOB,
    key: RETENTION_JOB,
    runAt: env.clock.now() + RETENTION_SWEEP_INTERVAL_MS,
  });
}
