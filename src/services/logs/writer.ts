// Writing log events through the Logs service's own operations (never its tables), as AWS
// services deliver their logs: in batches within PutLogEvents's limits, creating the stream (and,
// for Lambda, the group) the first time. Step Functions logs only to a group that exists.
import { isAwsError } from '../../core/aws-error.js';
import type { InternalClient } from '../../core/service.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from './constants.js';

async function ignoreExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isAwsError(error) || error.code !== 'ResourceAlreadyExistsException') throw error;
  }
}

export interface LogEvent {
  timestamp: number;
  message: string;
}

/** Consecutive runs of events within PutLogEvents's count and size limits. */
export function putLogEventsBatches(events: LogEvent[]): LogEvent[][] {
  const batches: LogEvent[][] = [];
  let batch: LogEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;
    if (batch.length === MAX_BATCH_EVENTS || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Writes to the group and stream, creating the stream (and, unless `createGroup: false`, the group) the first time. */
export async function writeLogEvents(
  client: InternalClient,
  scope: { accountId: string; region: string },
  where: { group: string; stream: string; createGroup?: boolean },
  events: LogEvent[],
): Promise<void> {
  const put = (logEvents: LogEvent[]) =>
    client.call(
      'logs',
      'PutLogEvents',
      { logGroupName: where.group, logStreamName: where.stream, logEvents },
      scope,
    );
  for (const batch of putLogEventsBatches(events)) {
    try {
      await put(batch);
    } catch (error) {
      if (!isAwsError(error) || error.code !== 'ResourceNotFoundException') throw error;
      if (where.createGroup !== false)
        await ignoreExisting(client.call('logs', 'CreateLogGroup', { logGroupName: where.group }, scope));
      await ignoreExisting(
        client.call(
          'logs',
          'CreateLogStream',
          { logGroupName: where.group, logStreamName: where.stream },
          scope,
        ),
      );
      await put(batch);
    }
  }
}
