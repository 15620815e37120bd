// CloudWatch Logs limits as the API reference and "CloudWatch Logs quotas" document them.

/** Log group names: 1–512 of `[\.\-_/#A-Za-z0-9]+` (CreateLogGroup). */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
export const LOG_GROUP_NAME_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
/** Log stream names: 1–512 characters, no `:` or `*` (CreateLogStream). */
export const LOG_STREAM_NAME = /^[^:*]*$/;
export const LOG_STREAM_NAME_PATTERN = '[^:*]*';
export const MAX_NAME_LENGTH = 512;

/** PutRetentionPolicy retentionInDays: exactly these values. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** PutLogEvents: 1–10,000 events, at most 1,048,576 bytes counting 26 bytes of overhead per event. */
export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
/** A batch may not span more than 24 hours. */
export const MAX_BATCH_SPAN_MS = 24 * HOUR_MS;
/** Events older than 14 days or more than 2 hours in the future are rejected. */
export const MAX_EVENT_AGE_MS = 14 * DAY_MS;
export const MAX_EVENT_FUTURE_MS = 2 * HOUR_MS;
/** One event's message: at most 256 KiB less the overhead. */
export const MAX_EVENT_BYTES = 262_144 - EVENT_OVERHEAD_BYTES;

/** GetLogEvents and FilterLogEvents return up to 10,000 events / 1 MB per call. */
export const MAX_READ_EVENTS = 10_000;
export const MAX_READ_BYTES = 1_048_576;
/** FilterLogEvents examines at most this many events per call before returning a nextToken. */
export const MAX_SCANNED_EVENTS = 20_000;

/** DescribeLogGroups / DescribeLogStreams limit: 1–50, default 50. */
export const MAX_DESCRIBE_LIMIT = 50;
/** At most 50 tags per log group. */
export const MAX_TAGS = 50;

/** The durable job that deletes events past their group's retention, and how often it runs. */
export const RETENTION_JOB = 'logs.retention';
export const RETENTION_SWEEP_INTERVAL_MS = HOUR_MS;

export const LOG_GROUP_CLASSES = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'];
