// SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch. Problems with the request as a
// whole (no entries, over 10, bad or repeated ids, over 1 MiB in total) fail the call; problems of
// one entry are reported in `Failed` with the code, message and fault AWS gives.
import type {
  BatchResultErrorEntry,
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  SendMessageBatchRequest,
  SendMessageBatchResult,
  SendMessageBatchResultEntry,
} from '@aws-sdk/client-sqs';
import { isAwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/service.js';
import { MAX_BATCH_ENTRIES, MAX_BATCH_PAYLOAD_BYTES } from './constants.js';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidBatchEntryId,
  invalidParameterValue,
  tooManyEntriesInBatchRequest,
} from './errors.js';
import { changeOne, deleteOne, deleteStandardBatch, sendResult } from './messages.js';
import { contentBasedDeduplication, type Queue } from './queue.js';
import { resolveQueue } from './resolve.js';
import {
  enqueue,
  notifyQueue,
  payloadSize,
  prepareMessage,
  senderIdOf,
  type PreparedMessage,
  type SendEntry,
} from './send.js';
import { isBatchEntryId } from './validate.js';

function checkEntries(entries: Array<{ Id?: string }> | undefined, entryName: string): void {
  if (!entries || entries.length === 0) throw emptyBatchRequest(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const { Id: id } of entries) {
    if (!isBatchEntryId(id)) throw invalidBatchEntryId();
    if (seen.has(id!)) throw batchEntryIdsNotDistinct(id!);
    seen.add(id!);
  }
}

/** An entry's failure; anything that is not an AWS error is a bug and fails the whole call. */
function failure(id: string, error: unknown): BatchResultErrorEntry {
  if (!isAwsError(error)) throw error;
  return {
    Id: id,
    SenderFault: error.senderFault,
    Code: error.queryCode ?? error.code,
    Message: error.message,
  };
}

/** FIFO group and deduplication ids are checked for the whole batch before any entry is sent. */
function checkFifoEntries(queue: Queue, entries: SendEntry[]): void {
  if (!queue.fifo) return;
  for (const entry of entries) {
    if (!entry.MessageGroupId)
      throw invalidParameterValue('The request must contain the parameter MessageGroupId.');
    if (entry.MessageDeduplicationId === undefined && !contentBasedDeduplication(queue)) {
      throw invalidParameterValue(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
  }
}

export const SendMessageBatch: OperationHandler<SendMessageBatchRequest, SendMessageBatchResult> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const entries = (input.Entries ?? []) as Array<SendEntry & { Id: string }>;
  checkEntries(entries, 'SendMessageBatchRequestEntry');
  const total = entries.reduce((sum, entry) => sum + payloadSize(entry), 0);
  if (total > MAX_BATCH_PAYLOAD_BYTES) throw batchRequestTooLong(total);
  checkFifoEntries(queue, entries);
  const Failed: BatchResultErrorEntry[] = [];
  const accepted: Array<{ id: string; message: PreparedMessage }> = [];
  for (const entry of entries) {
    try {
      accepted.push({ id: entry.Id, message: prepareMessage(queue, entry, true) });
    } catch (error) {
      Failed.push(failure(entry.Id, error));
    }
  }
  const sender = { now: ctx.clock.now(), senderId: senderIdOf(ctx) };
  // One transaction, in entry order: a FIFO batch is enqueued in the order it was sent.
  const Successful = await ctx.storage.db.transaction(async (tx) => {
    const results: SendMessageBatchResultEntry[] = [];
    for (const { id, message } of accepted) {
      const enqueued = await enqueue(tx, queue, message, sender);
      results.push({ Id: id, ...sendResult(message, enqueued, queue.fifo) } as SendMessageBatchResultEntry);
    }
    return results;
  });
  if (Successful.length > 0) await notifyQueue(ctx, queue.id);
  return { Successful, Failed };
};

export const DeleteMessageBatch: OperationHandler<
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult
> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const entries = input.Entries ?? [];
  checkEntries(entries, 'DeleteMessageBatchRequestEntry');
  const result: DeleteMessageBatchResult = { Successful: [], Failed: [] };
  if (!queue.fifo) {
    const succeeded = await deleteStandardBatch(ctx, queue, entries, (id, error) =>
      result.Failed!.push(failure(id, error)),
    );
    result.Successful = succeeded.map((Id) => ({ Id }));
    return result;
  }
  for (const entry of entries) {
    try {
      await deleteOne(ctx, queue, entry.ReceiptHandle);
      result.Successful!.push({ Id: entry.Id });
    } catch (error) {
      result.Failed!.push(failure(entry.Id!, error));
    }
  }
  return result;
};

export const ChangeMessageVisibilityBatch: OperationHandler<
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchResult
> = async (ctx, input) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const entries = input.Entries ?? [];
  // AWS names the entry this way in this one message.
  checkEntries(entries, 'ChangeMessageVisibilityBatch');
  const result: ChangeMessageVisibilityBatchResult = { Successful: [], Failed: [] };
  for (const entry of entries) {
    try {
      await changeOne(ctx, queue, entry.ReceiptHandle, entry.VisibilityTimeout);
      result.Successful!.push({ Id: entry.Id });
    } catch (error) {
      result.Failed!.push(failure(entry.Id!, error));
    }
  }
  return result;
};
