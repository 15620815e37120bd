// SQS limits and defaults as the SQS API reference and "Amazon SQS quotas" document them.

/** VisibilityTimeout: 0 to 43,200 s (12 h); default 30 s. Also the cap of one receive's total visibility. */
export const DEFAULT_VISIBILITY_TIMEOUT_S = 30;
export const MAX_VISIBILITY_TIMEOUT_S = 43_200;

/** DelaySeconds (queue and message): 0 to 900 s (15 min). */
export const MAX_DELAY_S = 900;

/** MaximumMessageSize: 1,024 bytes (1 KiB) to 1,048,576 bytes (1 MiB); default 1 MiB. */
export const MIN_MESSAGE_SIZE_BYTES = 1_024;
export const MAX_MESSAGE_SIZE_BYTES = 1_048_576;

/** The sum of all messages of a batch may not exceed 1 MiB either. */
export const MAX_BATCH_PAYLOAD_BYTES = 1_048_576;

/** MessageRetentionPeriod: 60 s to 1,209,600 s (14 days); default 345,600 s (4 days). */
export const MIN_RETENTION_S = 60;
export const MAX_RETENTION_S = 1_209_600;
export const DEFAULT_RETENTION_S = 345_600;

/** ReceiveMessageWaitTimeSeconds / WaitTimeSeconds: 0 to 20 s. */
export const MAX_WAIT_TIME_S = 20;

/** KmsDataKeyReusePeriodSeconds: 60 s to 86,400 s (24 h); default 300 s. */
export const MIN_KMS_REUSE_S = 60;
export const MAX_KMS_REUSE_S = 86_400;
export const DEFAULT_KMS_REUSE_S = 300;

/** ReceiveMessage MaxNumberOfMessages: 1 to 10; default 1. */
export const MAX_RECEIVE_MESSAGES = 10;

/** Batch actions take at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;

/** FIFO deduplication and ReceiveRequestAttemptId intervals: 5 minutes. */
export const DEDUP_WINDOW_MS = 5 * 60_000;
export const RECEIVE_ATTEMPT_WINDOW_MS = 5 * 60_000;

/** "You must wait 60 seconds after deleting a queue before you can create another with the same name." */
export const QUEUE_DELETE_COOLDOWN_MS = 60_000;

/** "Only one PurgeQueue operation on <name> is allowed every 60 seconds." */
export const PURGE_COOLDOWN_MS = 60_000;

/** A message carries at most 10 message attributes; names and types are at most 256 characters. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;
export const MAX_ATTRIBUTE_TYPE_LENGTH = 256;

/** Queue tags: at most 50; keys 1–128 characters, values 0–256. */
export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

/** ListQueues / ListDeadLetterSourceQueues answer at most 1,000 URLs. */
export const MAX_LIST_RESULTS = 1_000;

/** RedrivePolicy maxReceiveCount: 1 to 1,000. RedriveAllowPolicy sourceQueueArns: at most 10. */
export const MIN_MAX_RECEIVE_COUNT = 1;
export const MAX_MAX_RECEIVE_COUNT = 1_000;
export const MAX_REDRIVE_SOURCE_ARNS = 10;

/** StartMessageMoveTask MaxNumberOfMessagesPerSecond: 1 to 500. ListMessageMoveTasks MaxResults: 1 to 10. */
export const MAX_MOVE_RATE_PER_S = 500;
export const MAX_MOVE_TASK_RESULTS = 10;

/** Queue policies: at most 20 statements; AddPermission: at most 7 actions per statement. */
export const MAX_POLICY_STATEMENTS = 20;
export const MAX_PERMISSION_ACTIONS = 7;

/** How often expired messages, deduplication entries and deleted queues are swept away. */
export const SWEEP_INTERVAL_MS = 60_000;

/** Job kinds this service runs through `storage.jobs`. */
export const SWEEP_JOB = 'sqs.sweep';
export const MOVE_TASK_JOB = 'sqs.move-task';
