// An invocation's log, as Lambda writes it to CloudWatch Logs (`/aws/lambda/<function>`, one
// stream per execution environment): START, the function's own output, END and REPORT. Written
// behind the invocation (telemetry.ts) through the Logs service's own operations, never its tables.
import { isAwsError } from '../../core/aws-error.js';
import type { InternalClient } from '../../core/service.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../logs/constants.js';
import type { InvokeOutcome } from '../../runtimes/environment.js';

/** `LogType: Tail` returns the last 4 KB of the invocation's log. */
const TAIL_BYTES = 4096;

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `2026/11/30/[$LATEST]<32 hex>`: the date the environment started, its version and id. */
export function logStreamName(now: number, version: string, environmentId: string): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${environmentId.replace(/-/g, '')}`;
}

export function invocationLog(
  requestId: string,
  version: string,
  memoryMb: number,
  outcome: InvokeOutcome,
): string[] {
  const duration = outcome.durationMs.toFixed(2);
  const billed = Math.max(1, Math.ceil(outcome.durationMs));
  const init =
    outcome.initDurationMs === undefined ? '' : `\tInit Duration: ${outcome.initDurationMs.toFixed(2)} ms`;
  return [
    `START RequestId: ${requestId} Version: ${version}`,
    // The Node.js runtime writes one record per console call, its newlines as \r.
    ...outcome.lines.map((line) => line.replace(/\r/g, '\n')),
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${billed} ms\t` +
      `Memory Size: ${memoryMb} MB\tMax Memory Used: ${outcome.maxMemoryUsedMb} MB${init}\t`,
  ];
}

export function tail(log: string[]): string {
  const text = Buffer.from(`${log.join('\n')}\n`);
  return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
}

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

/** The log's lines as events of one moment (the invocation's end). */
export function logEvents(log: string[], timestamp: number): LogEvent[] {
  return log.map((message) => ({ timestamp, message }));
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

/** Writes to the group and stream, creating them the first time, as Lambda does. */
export async function writeLogEvents(
  client: InternalClient,
  scope: { accountId: string; region: string },
  where: { group: string; stream: string },
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
