// CreateQueue, DeleteQueue, GetQueueUrl, ListQueues, PurgeQueue.
import { randomBytes } from 'node:crypto';
import type {
  CreateQueueRequest,
  CreateQueueResult,
  DeleteQueueRequest,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListQueuesRequest,
  ListQueuesResult,
  PurgeQueueRequest,
} from '@aws-sdk/client-sqs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { queueArn, type QueueLocation } from './arns.js';
import { PURGE_COOLDOWN_MS, QUEUE_DELETE_COOLDOWN_MS } from './constants.js';
import {
  invalidParameterValue,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
} from './errors.js';
import { decodeToken, page, pageSize } from './pagination.js';
import { defaultAttributes, toQueue, type QueueRow } from './queue.js';
import { resolveAttributes } from './queue-attributes.js';
import { resolveQueue, urlOf } from './resolve.js';
import { deleteQueueMessages, purgeMessages } from './store-messages.js';
import {
  claimPurge,
  findLiveQueue,
  findQueueRow,
  insertQueue,
  listQueueRows,
  markQueueDeleted,
  removeQueueRow,
} from './store-queues.js';
import { mergeTags } from './tags.js';
import { checkQueueName, parseBoolean } from './validate.js';

/** Without FifoQueue=true the queue is standard (a `.fifo` name alone does not make it FIFO). */
function isFifoRequest(attributes: Record<string, string>): boolean {
  const value = attributes['FifoQueue'];
  return value !== undefined && parseBoolean(String(value)) === true;
}

/** An existing queue is returned only if every attribute named in the request has the same value. */
function checkSameAttributes(existing: QueueRow, wanted: Record<string, string>, names: string[]): void {
  const current = { ...defaultAttributes(existing.fifo === 1), ...toQueue(existing).attributes };
  for (const name of names) {
    if (current[name] !== wanted[name]) throw queueNameExists(name);
  }
}

/** Frees the name of a queue deleted over 60 s ago; a younger deletion blocks the name. */
async function reclaimName(ctx: RequestContext, row: QueueRow): Promise<void> {
  if (ctx.clock.now() - Number(row.deleted_at) < QUEUE_DELETE_COOLDOWN_MS) throw queueDeletedRecently();
  await removeQueueRow(ctx.storage.db, row.id);
}

export const CreateQueue: OperationHandler<CreateQueueRequest, CreateQueueResult> = async (ctx, input) => {
  const requested = (input.Attributes ?? {}) as Record<string, string>;
  const fifo = isFifoRequest(requested);
  const name = input.QueueName ?? '';
  checkQueueName(name, fifo);
  const location: QueueLocation = { accountId: ctx.accountId, region: ctx.region, name };
  const { attributes, dlqArn } = await resolveAttributes(
    ctx.storage.db,
    { arn: queueArn(location), fifo, creating: true },
    defaultAttributes(fifo),
    requested,
  );
  const tags = mergeTags(name, {}, (input.tags ?? {}) as Record<string, string>);
  const now = ctx.clock.now();
  // A concurrent CreateQueue of the same name may win the insert between our look and ours: look again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findQueueRow(ctx.storage.db, location);
    if (existing?.deleted_at === null) {
      checkSameAttributes(existing, attributes, Object.keys(requested));
      return { QueueUrl: urlOf(ctx, location) };
    }
    if (existing) await reclaimName(ctx, existing);
    const inserted = await insertQueue(ctx.storage.db, {
      id: randomBytes(16).toString('hex'),
      account_id: ctx.accountId,
      region: ctx.region,
      name,
      fifo: fifo ? 1 : 0,
      attributes: JSON.stringify(attributes),
      tags: JSON.stringify(tags),
      dlq_arn: dlqArn,
      created_at: now,
    });
    if (inserted) return { QueueUrl: urlOf(ctx, location) };
  }
  throw queueNameExists('QueueName');
};

/** The queue and its messages go at once; its name stays blocked for 60 s. */
export const DeleteQueue: OperationHandler<DeleteQueueRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  await ctx.storage.db.transaction(async (tx) => {
    await markQueueDeleted(tx, queue.id, ctx.clock.now());
    await deleteQueueMessages(tx, queue.id);
  });
  return {};
};

export const GetQueueUrl: OperationHandler<GetQueueUrlRequest, GetQueueUrlResult> = async (ctx, input) => {
  if (!input.QueueName) {
    throw invalidParameterValue(
      'Value for parameter QueueName is invalid. Reason: Must specify a queue name.',
    );
  }
  const location = {
    accountId: input.QueueOwnerAWSAccountId || ctx.accountId,
    region: ctx.region,
    name: input.QueueName,
  };
  if (!(await findLiveQueue(ctx.storage.db, location))) throw queueDoesNotExist(ctx.protocol);
  return { QueueUrl: urlOf(ctx, location) };
};

export const ListQueues: OperationHandler<ListQueuesRequest, ListQueuesResult> = async (ctx, input) => {
  const size = pageSize(input.MaxResults);
  const prefix = input.QueueNamePrefix ?? '';
  const scope = `queues:${ctx.accountId}:${ctx.region}:${prefix}`;
  const rows = await listQueueRows(ctx.storage.db, {
    accountId: ctx.accountId,
    region: ctx.region,
    prefix,
    after: decodeToken(input.NextToken, scope),
    limit: size + 1,
  });
  const { items, nextToken } = page(rows, size, input.MaxResults !== undefined, scope);
  // No queues: AWS omits QueueUrls.
  return {
    QueueUrls:
      items.length > 0
        ? items.map((row) => urlOf(ctx, { accountId: row.account_id, name: row.name }))
        : undefined,
    NextToken: nextToken,
  };
};

/** Deletes every message sent before the purge; one purge per queue per 60 s. */
export const PurgeQueue: OperationHandler<PurgeQueueRequest, Record<string, never>> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const now = ctx.clock.now();
  await ctx.storage.db.transaction(async (tx) => {
    if (!(await claimPurge(tx, queue.id, now, now - PURGE_COOLDOWN_MS)))
      throw purgeQueueInProgress(queue.name);
    await purgeMessages(tx, queue.id, now);
  });
  return {};
};
