// ReceiveMessage: validate, claim (moving dead letters first), wait when asked to, render.
import type { Message, ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import {
  MAX_RECEIVE_MESSAGES,
  MAX_VISIBILITY_TIMEOUT_S,
  MAX_WAIT_TIME_S,
  RECEIVE_ATTEMPT_WINDOW_MS,
} from './constants.js';
import { deadLetterOverLimit, redriveLimit } from './dead-letters.js';
import { claimWithWait } from './long-poll.js';
import { md5OfAttributesOrUndefined } from './md5.js';
import { loadAttributes, selectAttributes } from './message-attributes.js';
import { numberAttribute, retentionCutoff, type Queue } from './queue.js';
import { encodeReceipt, newReceiptToken } from './receipt.js';
import { resolveQueue } from './resolve.js';
import { notifyQueue } from './send.js';
import {
  claimFifo,
  claimStandard,
  reclaimAttempt,
  type ClaimScope,
  type ClaimUpdate,
} from './store-claims.js';
import { findReceiveAttempt, saveReceiveAttempt } from './store-fifo.js';
import type { MessageRow } from './store-messages.js';
import { lockQueue } from './store-queues.js';
import { systemAttributes } from './system-attributes.js';
import { checkFifoId, checkRange } from './validate.js';

interface ReceiveOptions {
  max: number;
  visibilityTimeout: number;
  attemptId: string | undefined;
}

function options(queue: Queue, input: ReceiveMessageRequest): ReceiveOptions & { wait: number } {
  checkRange(
    'MaxNumberOfMessages',
    input.MaxNumberOfMessages,
    1,
    MAX_RECEIVE_MESSAGES,
    'Must be between 1 and 10, if provided.',
  );
  checkRange(
    'WaitTimeSeconds',
    input.WaitTimeSeconds,
    0,
    MAX_WAIT_TIME_S,
    'Must be >= 0 and <= 20, if provided.',
  );
  checkRange(
    'VisibilityTimeout',
    input.VisibilityTimeout,
    0,
    MAX_VISIBILITY_TIMEOUT_S,
    'Must be >= 0 and <= 43200, if provided.',
  );
  // ReceiveRequestAttemptId applies to FIFO queues only.
  const attemptId = queue.fifo ? input.ReceiveRequestAttemptId : undefined;
  if (attemptId !== undefined) checkFifoId(attemptId, 'ReceiveRequestAttemptId');
  return {
    max: input.MaxNumberOfMessages ?? 1,
    wait: input.WaitTimeSeconds ?? numberAttribute(queue, 'ReceiveMessageWaitTimeSeconds'),
    visibilityTimeout: input.VisibilityTimeout ?? numberAttribute(queue, 'VisibilityTimeout'),
    attemptId,
  };
}

/** A retry with the same ReceiveRequestAttemptId within 5 minutes gets the same messages and handles. */
async function retryAttempt(ctx: RequestContext, queue: Queue, opts: ReceiveOptions, visibleAt: number) {
  const db = ctx.storage.db;
  const now = ctx.clock.now();
  const attempt =
    opts.attemptId &&
    (await findReceiveAttempt(db, queue.id, opts.attemptId, now - RECEIVE_ATTEMPT_WINDOW_MS));
  if (!attempt) return undefined;
  const messageIds = JSON.parse(attempt.message_ids) as string[];
  const update = { visibleAt, token: attempt.receipt_token };
  const rows = await db.transaction((tx) =>
    reclaimAttempt(tx, { queueId: queue.id, now, messageIds }, update),
  );
  return rows.length === messageIds.length && rows.length > 0
    ? { rows, token: attempt.receipt_token }
    : undefined;
}

/** One claim in one transaction: dead letters out first, then messages in order. */
async function claim(ctx: RequestContext, queue: Queue, opts: ReceiveOptions) {
  const now = ctx.clock.now();
  const update: ClaimUpdate = { visibleAt: now + opts.visibilityTimeout * 1000, token: newReceiptToken() };
  const retried = await retryAttempt(ctx, queue, opts, update.visibleAt);
  if (retried) return retried;
  const db = ctx.storage.db;
  const limit = await redriveLimit(db, queue);
  const base = { queueId: queue.id, now, cutoff: retentionCutoff(queue, now) };
  let deadLettered = 0;
  const rows = await db.transaction(async (tx) => {
    if (queue.fifo) await lockQueue(tx, queue.id);
    deadLettered = await deadLetterOverLimit(tx, queue, limit, base);
    const scope: ClaimScope = { ...base, maxReceive: limit.maxReceive, limit: opts.max };
    const claimed = queue.fifo ? await claimFifo(tx, scope, update) : await claimStandard(tx, scope, update);
    if (opts.attemptId && claimed.length > 0) {
      const messageIds = claimed.map((row) => row.message_id);
      await saveReceiveAttempt(tx, {
        queueId: queue.id,
        attemptId: opts.attemptId,
        token: update.token,
        messageIds,
        now,
      });
    }
    return claimed;
  });
  if (deadLettered > 0 && limit.dlq) await notifyQueue(ctx, limit.dlq.id);
  return { rows, token: update.token };
}

function render(row: MessageRow, queue: Queue, token: string, input: ReceiveMessageRequest): Message {
  const attributes = selectAttributes(loadAttributes(row.attributes), input.MessageAttributeNames);
  const requested = [
    ...((input.AttributeNames ?? []) as string[]),
    ...(input.MessageSystemAttributeNames ?? []),
  ];
  return {
    MessageId: row.message_id,
    ReceiptHandle: encodeReceipt({ queueId: queue.id, messageId: row.message_id, token }),
    MD5OfBody: row.md5_body,
    Body: row.body,
    Attributes: systemAttributes(row, requested),
    // The digest covers only the attributes returned.
    MD5OfMessageAttributes: md5OfAttributesOrUndefined(attributes),
    MessageAttributes: attributes,
  };
}

export const ReceiveMessage: OperationHandler<ReceiveMessageRequest, ReceiveMessageResult> = async (
  ctx,
  input,
) => {
  const queue = await resolveQueue(ctx, input.QueueUrl);
  const opts = options(queue, input);
  let token = '';
  const rows = await claimWithWait(ctx, queue.id, opts.wait, async () => {
    const result = await claim(ctx, queue, opts);
    token = result.token;
    return result.rows;
  });
  return { Messages: rows.length > 0 ? rows.map((row) => render(row, queue, token, input)) : undefined };
};
