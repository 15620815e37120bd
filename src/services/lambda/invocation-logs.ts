// An invocation's log, as Lambda writes it to CloudWatch Logs (`/aws/lambda/<function>`, one
// stream per execution environment): START, the function's own output, END and REPORT. Written
// through the Logs service's own operations (the internal client), never its tables.
import { isAwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/service.js';
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

export async function writeInvocationLog(
  ctx: RequestContext,
  where: { group: string; stream: string },
  log: string[],
): Promise<void> {
  const scope = { accountId: ctx.accountId, region: ctx.region };
  const put = () =>
    ctx.client.call(
      'logs',
      'PutLogEvents',
      {
        logGroupName: where.group,
        logStreamName: where.stream,
        logEvents: log.map((message) => ({ timestamp: ctx.clock.now(), message })),
      },
      scope,
    );
  try {
    await put();
  } catch (error) {
    if (!isAwsError(error) || error.code !== 'ResourceNotFoundException') throw error;
    await ignoreExisting(ctx.client.call('logs', 'CreateLogGroup', { logGroupName: where.group }, scope));
    await ignoreExisting(
      ctx.client.call(
        'logs',
        'CreateLogStream',
        { logGroupName: where.group, logStreamName: where.stream },
        scope,
      ),
    );
    await put();
  }
}
