// The queue as operations see it, and its attribute defaults.
import { queueArn } from './arns.js';
import { DEFAULT_RETENTION_S, DEFAULT_VISIBILITY_TIMEOUT_S, MAX_MESSAGE_SIZE_BYTES } from './constants.js';

export interface QueueRow {
  id: string;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  dlq_arn: string | null;
  seq: number;
  created_at: number;
  modified_at: number;
  purged_at: number | null;
  deleted_at: number | null;
}

export interface Queue {
  id: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  fifo: boolean;
  /** The settable attributes, as strings, normalized (see `attribute-values.ts`). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** The dead-letter queue its RedrivePolicy names. */
  dlqArn: string | null;
  createdAt: number;
  modifiedAt: number;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** What every new queue starts with (GetQueueAttributes `All` shows them). */
export function defaultAttributes(fifo: boolean): Record<string, string> {
  const attributes: Record<string, string> = {
    DelaySeconds: '0',
    MaximumMessageSize: String(MAX_MESSAGE_SIZE_BYTES),
    MessageRetentionPeriod: String(DEFAULT_RETENTION_S),
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_S),
    // SSE-SQS is on by default for new queues.
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    Object.assign(attributes, {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
  }
  return attributes;
}

export function toQueue(row: QueueRow): Queue {
  const location = { accountId: row.account_id, region: row.region, name: row.name };
  return {
    id: row.id,
    ...location,
    arn: queueArn(location),
    fifo: row.fifo === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    dlqArn: row.dlq_arn,
    createdAt: Number(row.created_at),
    modifiedAt: Number(row.modified_at),
  };
}

/** A numeric attribute, falling back to the default when (impossibly) absent. */
export function numberAttribute(queue: Queue, name: string): number {
  const value = queue.attributes[name] ?? defaultAttributes(queue.fifo)[name];
  return Number(value ?? 0);
}

export function redrivePolicy(queue: Queue): RedrivePolicy | undefined {
  const text = queue.attributes['RedrivePolicy'];
  return text ? (JSON.parse(text) as RedrivePolicy) : undefined;
}

/** The instant before which messages of this queue have outlived its retention period. */
export function retentionCutoff(queue: Queue, now: number): number {
  return now - numberAttribute(queue, 'MessageRetentionPeriod') * 1000;
}

/** Notifier channel that long polls on this queue listen to. */
export function queueChannel(queueId: string): string {
  return `sqs:${queueId}`;
}

export function contentBasedDeduplication(queue: Queue): boolean {
  return queue.attributes['ContentBasedDeduplication'] === 'true';
}

export function deduplicatesPerGroup(queue: Queue): boolean {
  return queue.attributes['DeduplicationScope'] === 'messageGroup';
}

/** SequenceNumber: a 20-digit decimal string that only grows within a queue. */
export function formatSequenceNumber(seq: number): string {
  return (10n ** 19n + BigInt(seq)).toString();
}
