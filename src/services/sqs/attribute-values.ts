// Queue attribute names and the rules for each scalar value (CreateQueue / SetQueueAttributes).
import {
  MAX_DELAY_S,
  MAX_KMS_REUSE_S,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_RETENTION_S,
  MAX_VISIBILITY_TIMEOUT_S,
  MAX_WAIT_TIME_S,
  MIN_KMS_REUSE_S,
  MIN_MESSAGE_SIZE_BYTES,
  MIN_RETENTION_S,
} from './constants.js';
import { invalidAttributeName, invalidAttributeValue, unknownAttribute } from './errors.js';
import { parseBoolean, parseInteger } from './validate.js';

/** Computed by SQS; listed by GetQueueAttributes, refused by CreateQueue and SetQueueAttributes. */
export const READ_ONLY_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

export const FIFO_ONLY_ATTRIBUTES = [
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

export const SETTABLE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  ...FIFO_ONLY_ATTRIBUTES,
];

export const ALL_ATTRIBUTES = new Set<string>([...READ_ONLY_ATTRIBUTES, ...SETTABLE_ATTRIBUTES]);

/** Inclusive ranges of the integer attributes. */
const INTEGER_RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, MAX_DELAY_S],
  MaximumMessageSize: [MIN_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES],
  MessageRetentionPeriod: [MIN_RETENTION_S, MAX_RETENTION_S],
  ReceiveMessageWaitTimeSeconds: [0, MAX_WAIT_TIME_S],
  VisibilityTimeout: [0, MAX_VISIBILITY_TIMEOUT_S],
  KmsDataKeyReusePeriodSeconds: [MIN_KMS_REUSE_S, MAX_KMS_REUSE_S],
};

const ENUMS: Record<string, string[]> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};

/**
 * Which names a request may set. Read-only and unknown names are "Unknown Attribute X."; on a
 * standard queue FifoQueue and ContentBasedDeduplication are unknown, while the high-throughput
 * settings get their own message (as AWS answers).
 */
export function checkSettableNames(names: string[], fifo: boolean): void {
  for (const name of names) {
    if (!SETTABLE_ATTRIBUTES.includes(name)) throw unknownAttribute(name);
    if (fifo || !FIFO_ONLY_ATTRIBUTES.includes(name)) continue;
    if (name === 'DeduplicationScope' || name === 'FifoThroughputLimit') {
      throw invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    throw unknownAttribute(name);
  }
}

/** A scalar attribute's normalized value; JSON-valued ones are handled in `policies.ts`. */
export function normalizeScalar(name: string, value: string, creating: boolean): string {
  const range = INTEGER_RANGES[name];
  if (range) {
    const number = parseInteger(value);
    if (number === undefined || number < range[0] || number > range[1]) throw invalidAttributeValue(name);
    return String(number);
  }
  const choices = ENUMS[name];
  if (choices) {
    if (!choices.includes(value)) throw invalidAttributeValue(name);
    return value;
  }
  if (name === 'SqsManagedSseEnabled' || name === 'ContentBasedDeduplication') {
    const flag = parseBoolean(value);
    if (flag === undefined) throw invalidAttributeValue(name);
    return String(flag);
  }
  if (name === 'FifoQueue') {
    // A FIFO queue stays FIFO: only "true" may be set again.
    if (parseBoolean(value) !== true) {
      throw creating
        ? unknownAttribute(name)
        : invalidAttributeValue(name, 'Modifying queue type is not supported.');
    }
    return 'true';
  }
  return value; // KmsMasterKeyId: any key id, alias or ARN
}
