// Asynchronous invocation (InvocationType Event): the event is accepted durably as a job, so a
// queued invoke survives a restart, and run later through the same path as RequestResponse. As on
// Lambda, a function error is retried twice, about one minute and then two minutes later.
import { randomUUID } from 'node:crypto';
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import type { JobOutcome } from '../../storage/types.js';

export const ASYNC_INVOKE_JOB = 'lambda.async-invoke';
const RETRY_DELAYS_MS = [60_000, 120_000];

interface AsyncInvokePayload {
  accountId: string;
  region: string;
  name: string;
  payload: string;
  attempt: number;
}

export async function scheduleAsyncInvoke(
  ctx: RequestContext,
  event: { name: string; payload: Buffer },
): Promise<void> {
  const job: AsyncInvokePayload = {
    accountId: ctx.accountId,
    region: ctx.region,
    name: event.name,
    payload: event.payload.toString('base64'),
    attempt: 0,
  };
  await ctx.storage.jobs.schedule({
    kind: ASYNC_INVOKE_JOB,
    key: randomUUID(),
    runAt: ctx.clock.now(),
    payload: job,
  });
}

/** Runs queued events through Invoke (RequestResponse) of the internal client. */
export function registerAsyncInvokes(env: ServiceEnvironment): void {
  env.storage.jobs.register(ASYNC_INVOKE_JOB, async (job): Promise<JobOutcome> => {
    const event = job.payload as AsyncInvokePayload;
    let failed: boolean;
    try {
      const output = await env.client.call<{ FunctionError?: string }>(
        'lambda',
        'Invoke',
        {
          FunctionName: event.name,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(event.payload, 'base64'),
        },
        { accountId: event.accountId, region: event.region },
      );
      failed = output.FunctionError !== undefined;
    } catch {
      // The function is gone, or throttled: Lambda drops the first and retries the second; both
      // are retried here within the same budget.
      failed = true;
    }
    const delay = RETRY_DELAYS_MS[event.attempt];
    if (!failed || delay === undefined) return;
    return { rescheduleAt: env.clock.now() + delay, payload: { ...event, attempt: event.attempt + 1 } };
  });
}
