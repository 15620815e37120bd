// Asynchronous invocation (InvocationType Event): the event is accepted durably as a job, so a
// queued invoke survives a restart, and run later through Invoke with the request id the caller
// was given. As on Lambda (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):
// - a function error is retried MaximumRetryAttempts times (default 2), one and then two minutes later;
// - a throttle or a system error is retried with backoff from 1 second up to 5 minutes, for as long
//   as the event is younger than MaximumEventAgeInSeconds (default 6 hours);
// - the outcome goes to the on-success or on-failure destination, and a failed event to the
//   function's dead-letter queue; an event of a deleted function is dropped.
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import { isAwsError } from '../../core/aws-error.js';
import type { JobOutcome } from '../../storage/types.js';
import { LATEST } from './constants.js';
import { deliverFailure, deliverSuccess, type InvocationResponse } from './async-outcome.js';
import { asyncSettings } from './event-invoke-config.js';

export const ASYNC_INVOKE_JOB = 'lambda.async-invoke';
const FUNCTION_ERROR_DELAYS_MS = [60_000, 120_000];
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 300_000;

export interface QueuedEvent {
  accountId: string;
  region: string;
  name: string;
  /** The version or alias invoked; absent for an unqualified invoke. */
  qualifier?: string;
  /** Base64 of the event. */
  payload: string;
  requestId: string;
  acceptedAt: number;
  /** Invocations run so far (approximateInvokeCount). */
  invocations: number;
  /** Retries spent on function errors. */
  retries: number;
  /** Throttles and system errors met so far, for the backoff. */
  throttles: number;
}

export async function scheduleAsyncInvoke(
  ctx: RequestContext,
  event: { name: string; qualifier: string | undefined; payload: Buffer },
): Promise<void> {
  const queued: QueuedEvent = {
    accountId: ctx.accountId,
    region: ctx.region,
    name: event.name,
    qualifier: event.qualifier,
    payload: event.payload.toString('base64'),
    requestId: ctx.requestId,
    acceptedAt: ctx.clock.now(),
    invocations: 0,
    retries: 0,
    throttles: 0,
  };
  await ctx.storage.jobs.schedule({
    kind: ASYNC_INVOKE_JOB,
    key: ctx.requestId,
    runAt: ctx.clock.now(),
    payload: queued,
  });
}

export function registerAsyncInvokes(env: ServiceEnvironment): void {
  env.storage.jobs.register(ASYNC_INVOKE_JOB, (job) => runQueued(env, job.payload as QueuedEvent));
}

async function runQueued(env: ServiceEnvironment, event: QueuedEvent): Promise<JobOutcome> {
  const settings = await asyncSettings(env.storage.db, { ...event, qualifier: event.qualifier ?? LATEST });
  const expiresAt = event.acceptedAt + settings.maximumEventAgeMs;
  if (env.clock.now() > expiresAt) return deliverFailure(env, event, settings, 'EventAgeExceeded');
  let response: InvocationResponse;
  try {
    response = await invoke(env, event);
  } catch (error) {
    if (isAwsError(error) && error.code === 'ResourceNotFoundException') return;
    const retryAt = env.clock.now() + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** event.throttles);
    if (retryAt > expiresAt) return deliverFailure(env, event, settings, 'EventAgeExceeded');
    return { rescheduleAt: retryAt, payload: { ...event, throttles: event.throttles + 1 } };
  }
  const ran = { ...event, invocations: event.invocations + 1 };
  if (response.FunctionError === undefined) return deliverSuccess(env, ran, settings, response);
  const delay = FUNCTION_ERROR_DELAYS_MS[ran.retries];
  if (ran.retries >= settings.maximumRetryAttempts || delay === undefined)
    return deliverFailure(env, ran, settings, 'RetriesExhausted', response);
  return { rescheduleAt: env.clock.now() + delay, payload: { ...ran, retries: ran.retries + 1 } };
}

function invoke(env: ServiceEnvironment, event: QueuedEvent): Promise<InvocationResponse> {
  return env.client.call<InvocationResponse>(
    'lambda',
    'Invoke',
    {
      FunctionName: event.name,
      Qualifier: event.qualifier,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(event.payload, 'base64'),
    },
    { accountId: event.accountId, region: event.region, requestId: event.requestId },
  );
}
