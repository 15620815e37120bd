// Validating and enqueuing one message (SendMessage and each SendMessageBatch entry).
import { createHash, randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { DEDUP_WINDOW_MS, MAX_DELAY_S } from './constants.js';
import { invalidParameter, invalidParameterValue, messageTooLong, missingParameter } from './errors.js';
import { md5Hex, md5OfAttributesOrUndefined, type AttributeValue } from './md5.js';
import {
  attributesSize,
  checkMessageAttributes,
  checkSystemAttributes,
  cleanAttributes,
  storeAttributes,
  type AttributeInput,
} from './message-attributes.js';
import {
  contentBasedDeduplication,
  deduplicatesPerGroup,
  formatSequenceNumber,
  numberAttribute,
  queueChannel,
  type Queue,
} from './queue.js';
import { findDedup, saveDedup } from './store-fifo.js';
import { insertMessage } from './store-messages.js';
import { takeSequence } from './store-queues.js';
import { checkFifoId, checkMessageContents, utf8Length } from './validate.js';

export interface SendEntry {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, AttributeInput>;
  MessageSystemAttributes?: Record<string, AttributeInput>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface PreparedMessage {
  body: string;
  md5Body: string;
  attributes: Record<string, AttributeValue> | undefined;
  md5Attributes: string | undefined;
  systemAttributes: Record<string, AttributeValue> | undefined;
  md5System: string | undefined;
  delaySeconds: number;
  groupId?: string;
  dedupId?: string;
}

export interface Enqueued {
  messageId: string;
  sequenceNumber: string | undefined;
}

/** FIFO queues delay only at the queue level; standard messages may carry their own 0–900 s delay. */
function delayOf(queue: Queue, delay: number | undefined): number {
  if (queue.fifo && delay !== undefined && delay !== 0) {
    throw invalidParameter(
      'DelaySeconds',
      delay,
      'The request include parameter that is not valid for this queue type.',
    );
  }
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_S)) {
    throw invalidParameter('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
  }
  return delay ?? numberAttribute(queue, 'DelaySeconds');
}

/** FIFO: a group is required; deduplication by explicit id or, if enabled, the body's SHA-256. */
function fifoIds(queue: Queue, entry: SendEntry, body: string): { groupId?: string; dedupId?: string } {
  const { MessageGroupId: groupId, MessageDeduplicationId: dedupId } = entry;
  if (!queue.fifo) {
    if (dedupId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId',
        dedupId,
        'The request includes a parameter that is not valid for this queue type.',
      );
    }
    // Standard queues accept a MessageGroupId too (fair queues).
    if (groupId !== undefined) checkFifoId(groupId, 'MessageGroupId');
    return { groupId };
  }
  if (groupId === undefined || groupId === '') throw missingParameter('MessageGroupId');
  checkFifoId(groupId, 'MessageGroupId');
  if (dedupId !== undefined) {
    checkFifoId(dedupId, 'MessageDeduplicationId');
    return { groupId, dedupId };
  }
  if (!contentBasedDeduplication(queue)) {
    throw invalidParameterValue(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  }
  return { groupId, dedupId: createHash('sha256').update(body, 'utf8').digest('hex') };
}

/** Throws the AWS error of the first rule the message breaks. */
export function prepareMessage(queue: Queue, entry: SendEntry, inBatch: boolean): PreparedMessage {
  const body = entry.MessageBody;
  if (body === undefined || body === '') throw missingParameter('MessageBody');
  const delaySeconds = delayOf(queue, entry.DelaySeconds);
  checkMessageAttributes(entry.MessageAttributes);
  checkSystemAttributes(entry.MessageSystemAttributes);
  const attributes = cleanAttributes(entry.MessageAttributes);
  const systemAttributes = cleanAttributes(entry.MessageSystemAttributes);
  // The body and the message attributes count toward MaximumMessageSize (system attributes do not).
  const maxSize = numberAttribute(queue, 'MaximumMessageSize');
  if (utf8Length(body) + attributesSize(attributes) > maxSize) throw messageTooLong(maxSize, inBatch);
  checkMessageContents(body);
  return {
    body,
    md5Body: md5Hex(body),
    attributes,
    md5Attributes: md5OfAttributesOrUndefined(attributes),
    systemAttributes,
    md5System: md5OfAttributesOrUndefined(systemAttributes),
    delaySeconds,
    ...fifoIds(queue, entry, body),
  };
}

/** Message payload bytes, for the 1 MiB limit of a whole batch. */
export function payloadSize(entry: SendEntry): number {
  return utf8Length(entry.MessageBody ?? '') + attributesSize(cleanAttributes(entry.MessageAttributes));
}

/**
 * Stores the message; for FIFO first takes a sequence number (which locks the queue row, so
 * concurrent sends of a duplicate see each other) and answers a duplicate within 5 minutes with the
 * original MessageId without enqueuing it again.
 */
export async function enqueue(
  tx: Database,
  queue: Queue,
  message: PreparedMessage,
  sender: { now: number; senderId: string },
): Promise<Enqueued> {
  const { now } = sender;
  let sequenceNumber: string | undefined;
  let seq = 0;
  // Per-group scope: the same id in two groups is two messages. (JSON: unambiguous, and no NUL for PostgreSQL.)
  const dedupKey = deduplicatesPerGroup(queue)
    ? JSON.stringify([message.groupId, message.dedupId])
    : message.dedupId;
  if (queue.fifo && dedupKey !== undefined) {
    seq = await takeSequence(tx, queue.id);
    const duplicate = await findDedup(tx, queue.id, dedupKey, now);
    if (duplicate)
      return { messageId: duplicate.message_id, sequenceNumber: duplicate.sequence_number ?? undefined };
    sequenceNumber = formatSequenceNumber(seq);
  }
  const messageId = randomUUID();
  await insertMessage(tx, {
    queue_id: queue.id,
    message_id: messageId,
    body: message.body,
    md5_body: message.md5Body,
    attributes: storeAttributes(message.attributes),
    system_attributes: storeAttributes(message.systemAttributes),
    md5_system: message.md5System ?? null,
    sender_id: sender.senderId,
    sent_at: now,
    retention_base: now,
    enqueued_at: now,
    visible_at: now + message.delaySeconds * 1000,
    receive_count: 0,
    first_received_at: null,
    received_at: null,
    receipt_token: null,
    group_id: message.groupId ?? null,
    dedup_id: queue.fifo ? (message.dedupId ?? null) : null,
    seq,
    sequence_number: sequenceNumber ?? null,
    dlq_source_arn: null,
  });
  if (queue.fifo && dedupKey !== undefined) {
    await saveDedup(tx, {
      queueId: queue.id,
      dedupKey,
      messageId,
      sequenceNumber: sequenceNumber ?? null,
      expiresAt: now + DEDUP_WINDOW_MS,
    });
  }
  return { messageId, sequenceNumber };
}

/** Wakes long polls on the queue, on this node and (PostgreSQL) every other. */
export async function notifyQueue(ctx: Pick<RequestContext, 'storage'>, queueId: string): Promise<void> {
  try {
    await ctx.storage.notifier.notify(queueChannel(queueId));
  } catch (error) {
    console.error('nubis sqs: notifying long polls failed', error);
  }
}

export function senderIdOf(ctx: RequestContext): string {
  return ctx.accessKeyId || ctx.accountId;
}
