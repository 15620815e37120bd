// Retention (a durable recurring job). AWS keeps data for 15 months (455 days), rolled up to coarser
// periods as it ages; Nubis keeps every datum whole until then (no roll-up), so statistics of old data
// are exact, and removes what is older.
import type { ServiceEnvironment } from '../../core/service.js';
import type { JobHandler } from '../../storage/types.js';
import { DAY_MS, HOUR_MS } from './constants.js';
import { deleteDatapointsBefore } from './store-metrics.js';

export const RETENTION_JOB = 'monitoring.retention';
export const RETENTION_MS = 455 * DAY_MS;
const RETENTION_INTERVAL_MS = HOUR_MS;

export function retentionHandler(env: ServiceEnvironment): JobHandler {
  return async () => {
    await deleteDatapointsBefore(env.storage.db, env.clock.now() - RETENTION_MS);
    return { rescheduleAt: env.clock.now() + RETENTION_INTERVAL_MS };
  };
}

/** One pending job whatever the number of nodes: scheduling the same key replaces it. */
export async function scheduleRetention(env: ServiceEnvironment): Promise<void> {
  await env.storage.jobs.schedule({
    kind: RETENTION_JOB,
    key: RETENTION_JOB,
    runAt: env.clock.now() + RETENTION_INTERVAL_MS,
  });
}
