// An invocation's log, as Lambda writes it to CloudWatch Logs (`/aws/lambda/<function>`, one
// stream per execution environment): START, the function's own output, END and REPORT. Written
// behind the invocation (telemetry.ts) through the Logs service's own operations, never its tables.
import type { InvokeOutcome } from '../../runtimes/environment.js';
import type { LogEvent } from '../logs/writer.js';

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

/** The log's lines as events of one moment (the invocation's end). */
export function logEvents(log: string[], timestamp: number): LogEvent[] {
  return log.map((message) => ({ timestamp, message }));
}
