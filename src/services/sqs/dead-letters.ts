// Dead-letter queues: moving messages that exceeded maxReceiveCount, and ListDeadLetterSourceQueues.
import type {
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult,
} from '@aws-sdk/client-sqs';
import type { OperationHandler } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { moveMessage } from './move.js';
import { decodeToken, page, pageSize } from './pagination.js';
import { redrivePolicy, type Queue } from './queue.js';
import { findQueueByArn, resolveQueue, urlOf } from './resolve.js';
import type { ClaimScope } from './store-claims.js';
import { overLimitMessages } from './store-claims.js';
import { listSourceQueueRows } from './store-queues.js';

/** Enough passes to drain a backlog of dead letters without holding a transaction for long. */
const MAX_PASSES = 20;
const PER_PASS = 25;
/** No redrive policy: a receive count no message reaches (the largest INTEGER of both databases). */
const NO_LIMIT = 2_147_483_647;

export interface RedriveLimit {
  maxReceive: number;
  dlq: Queue | undefined;
}

/** The receive count beyond which messages go to the dead-letter queue (none: no limit). */
export async function redriveLimit(db: Database, queue: Queue): Promise<RedriveLimit> {
  const policy = redrivePolicy(queue);
  const dlq = policy && (await findQueueByArn(db, policy.deadLetterTargetArn));
  // Without an existing dead-letter queue of the right type messages stay where they are.
  if (!policy || !dlq || dlq.fifo !== queue.fifo) return { maxReceive: NO_LIMIT, dlq: undefined };
  return { maxReceive: policy.maxReceiveCount, dlq };
}

/**
 * When the ReceiveCount of a message would exceed maxReceiveCount, SQS moves it to the dead-letter
 * queue instead of delivering it. Runs inside the receive's transaction; returns how many moved.
 */
export async function deadLetterOverLimit(
  tx: Database,
  queue: Queue,
  limit: RedriveLimit,
  scope: Omit<ClaimScope, 'maxReceive' | 'limit'>,
): Promise<number> {
  if (!limit.dlq) return 0;
  let moved = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const due = await overLimitMessages(
      tx,
      { ...scope, maxReceive: limit.maxReceive, limit: PER_PASS },
      queue.fifo,
    );
    for (const message of due) {
      await moveMessage(tx, message, limit.dlq, { now: scope.now, deadLetterFrom: queue.arn });
    }
    moved += due.length;
    if (due.length < PER_PASS) break;
  }
  return moved;
}

/** Up to 1,000 source queues; `queueUrls` is always present (possibly empty). */
export const ListDeadLetterSourceQueues: OperationHandler<
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult
> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const size = pageSize(input.MaxResults);
  const scope = `sources:${queue.arn}`;
  const rows = await listSourceQueueRows(
    ctx.storage.db,
    queue.arn,
    decodeToken(input.NextToken, scope),
    size + 1,
  );
  const { items, nextToken } = page(rows, size, input.MaxResults !== undefined, scope);
  return {
    queueUrls: items.map((row) => urlOf(ctx, { accountId: row.account_id, name: row.name })),
    NextToken: nextToken,
  };
};
