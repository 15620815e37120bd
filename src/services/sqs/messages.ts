// SendMessage, DeleteMessage, ChangeMessageVisibility (and the per-message steps batches reuse).
import type {
  ChangeMessageVisibilityRequest,
  DeleteMessageRequest,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { MAX_VISIBILITY_TIMEOUT_S } from './constants.js';
import {
  invalidParameter,
  messageNotAvailableForVisibility,
  messageNotInflight,
  missingParameter,
  receiptHandleExpired,
  receiptHandleIsInvalid,
  visibilityBeyondLimit,
} from './errors.js';
import type { Queue } from './queue.js';
import { decodeReceipt, type Receipt } from './receipt.js';
import { resolveQueue } from './resolve.js';
import {
  enqueue,
  notifyQueue,
  prepareMessage,
  senderIdOf,
  type Enqueued,
  type PreparedMessage,
} from './send.js';
import { deleteByReceipt, deleteByReceipts, findMessage, setVisibleAt } from './store-messages.js';

export function sendResult(message: PreparedMessage, enqueued: Enqueued, fifo: boolean): SendMessageResult {
  return {
    MessageId: enqueued.messageId,
    MD5OfMessageBody: message.md5Body,
    MD5OfMessageAttributes: message.md5Attributes,
    MD5OfMessageSystemAttributes: message.md5System,
    SequenceNumber: fifo ? enqueued.sequenceNumber : undefined,
  };
}

export const SendMessage: OperationHandler<SendMessageRequest, SendMessageResult> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const message = prepareMessage(queue, input, false);
  const sender = { now: ctx.clock.now(), senderId: senderIdOf(ctx) };
  const enqueued = await ctx.storage.db.transaction((tx) => enqueue(tx, queue, message, sender));
  await notifyQueue(ctx, queue.id);
  return sendResult(message, enqueued, queue.fifo);
};

/** A handle this queue issued, or ReceiptHandleIsInvalid. */
function receiptFor(queue: Queue, handle: string | undefined): Receipt {
  if (handle === undefined || handle === '') throw missingParameter('ReceiptHandle');
  const receipt = decodeReceipt(handle);
  if (!receipt || receipt.queueId !== queue.id) throw receiptHandleIsInvalid(handle);
  return receipt;
}

/**
 * Standard queues: deleting with the latest handle deletes the message, even after its visibility
 * timeout; an older handle (the message was received again since) succeeds without deleting, and so
 * does a handle of a message already deleted. FIFO: the handle must still be within its visibility
 * window, else "The receipt handle has expired."
 */
export async function deleteOne(
  ctx: RequestContext,
  queue: Queue,
  handle: string | undefined,
): Promise<void> {
  const receipt = receiptFor(queue, handle);
  const db = ctx.storage.db;
  if (!queue.fifo) {
    await deleteByReceipt(db, receipt);
    return;
  }
  if (await deleteByReceipt(db, receipt, ctx.clock.now())) {
    await notifyQueue(ctx, queue.id); // the message's group may now go on
    return;
  }
  if (await findMessage(db, queue.id, receipt.messageId)) throw receiptHandleExpired(handle!);
}

/**
 * Standard queues delete a batch in one statement: every well-formed handle succeeds (see
 * deleteOne), so only malformed ones fail, and they fail before anything is deleted.
 */
export async function deleteStandardBatch(
  ctx: RequestContext,
  queue: Queue,
  entries: Array<{ Id?: string; ReceiptHandle?: string }>,
  onFailure: (id: string, error: unknown) => void,
): Promise<string[]> {
  const receipts: Receipt[] = [];
  const succeeded: string[] = [];
  for (const entry of entries) {
    try {
      receipts.push(receiptFor(queue, entry.ReceiptHandle));
      succeeded.push(entry.Id!);
    } catch (error) {
      onFailure(entry.Id!, error);
    }
  }
  await deleteByReceipts(ctx.storage.db, queue.id, receipts);
  return succeeded;
}

export const DeleteMessage: OperationHandler<DeleteMessageRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  await deleteOne(ctx, queue, input.ReceiptHandle);
  return {};
};

/**
 * The new timeout counts from now; a receive's total visibility may not exceed 12 hours. A deleted
 * message cannot be changed; a handle superseded by a later receive is no longer in flight.
 */
export async function changeOne(
  ctx: RequestContext,
  queue: Queue,
  handle: string | undefined,
  timeout: number | undefined,
): Promise<void> {
  if (timeout === undefined) throw missingParameter('VisibilityTimeout');
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_VISIBILITY_TIMEOUT_S) {
    throw invalidParameter('VisibilityTimeout', timeout, 'Must be between 0 and 43200.');
  }
  const receipt = receiptFor(queue, handle);
  const db = ctx.storage.db;
  const message = await findMessage(db, queue.id, receipt.messageId);
  if (!message) throw messageNotAvailableForVisibility(handle!);
  if (message.receipt_token !== receipt.token) throw messageNotInflight();
  const now = ctx.clock.now();
  if (queue.fifo && message.visible_at <= now) throw receiptHandleExpired(handle!);
  const visibleAt = now + timeout * 1000;
  if (visibleAt - (message.received_at ?? now) > MAX_VISIBILITY_TIMEOUT_S * 1000)
    throw visibilityBeyondLimit(timeout);
  if (!(await setVisibleAt(db, receipt, visibleAt))) throw messageNotAvailableForVisibility(handle!);
  await notifyQueue(ctx, queue.id);
}

export const ChangeMessageVisibility: OperationHandler<
  ChangeMessageVisibilityRequest,
  Record<string, never>
> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  await changeOne(ctx, queue, input.ReceiptHandle, input.VisibilityTimeout);
  return {};
};
