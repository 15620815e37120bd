// Finding the queue a request names: by QueueUrl (any host; the path's account and name), by name
// (GetQueueUrl) or by ARN (redrive policies, move tasks). Always read from the database.
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { parseQueueArn, parseQueueUrl, queueUrl } from './arns.js';
import { queueDoesNotExist } from './errors.js';
import { toQueue, type Queue } from './queue.js';
import { findLiveQueue } from './store-queues.js';

/**
 * The queue of `QueueUrl`, in the caller's region. (The query codec fills QueueUrl from the request
 * path when a query request is posted to the queue URL itself.)
 */
export async function resolveQueue(ctx: RequestContext, url: string | undefined): Promise<Queue> {
  const parsed = parseQueueUrl(url ?? ctx.http?.path ?? '');
  if (!parsed) throw queueDoesNotExist(ctx.protocol);
  const row = await findLiveQueue(ctx.storage.db, {
    accountId: parsed.accountId ?? ctx.accountId,
    region: ctx.region,
    name: parsed.name,
  });
  if (!row) throw queueDoesNotExist(ctx.protocol);
  return toQueue(row);
}

export async function findQueueByArn(db: Database, arn: string): Promise<Queue | undefined> {
  const location = parseQueueArn(arn);
  if (!location) return undefined;
  const row = await findLiveQueue(db, location);
  return row && toQueue(row);
}

export function urlOf(ctx: RequestContext, queue: Pick<Queue, 'accountId' | 'name'>): string {
  return queueUrl(ctx.endpoint, queue);
}
