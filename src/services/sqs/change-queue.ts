// Read-modify-write of a queue's attributes and tags (SetQueueAttributes, AddPermission,
// RemovePermission, TagQueue, UntagQueue) as one transaction over the freshly read, locked row, so
// that concurrent changes through several nodes never overwrite one another.
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { queueDoesNotExist } from './errors.js';
import { toQueue, type Queue } from './queue.js';
import { lockQueueRow, updateQueueAttributes, updateQueueTags } from './store-queues.js';

export interface QueueChange {
  /** The whole new attribute map, and the dead-letter target its RedrivePolicy names. */
  attributes?: { values: Record<string, string>; dlqArn: string | null };
  tags?: Record<string, string>;
}

export async function changeQueue(
  ctx: RequestContext,
  queue: Queue,
  change: (current: Queue, tx: Database) => Promise<QueueChange> | QueueChange,
): Promise<void> {
  await ctx.storage.db.transaction(async (tx) => {
    const row = await lockQueueRow(tx, queue.id);
    if (!row || row.deleted_at !== null) throw queueDoesNotExist(ctx.protocol);
    const { attributes, tags } = await change(toQueue(row), tx);
    if (attributes) {
      const values = JSON.stringify(attributes.values);
      await updateQueueAttributes(tx, queue.id, values, attributes.dlqArn, ctx.clock.now());
    }
    if (tags) await updateQueueTags(tx, queue.id, JSON.stringify(tags));
  });
}
