// GetActivityTask: a worker's long poll for a task of an activity (AWS API reference). It answers
// at once with the oldest task queued, or waits up to 60 seconds for one to be scheduled, then
// answers with no taskToken. The wait holds no transaction: it sleeps until the activity's channel
// is notified (a task scheduled on any node: the storage's notifier), the time runs out or the
// client goes away, then tries to take a task again. A task taken is the worker's alone (one
// statement picks and marks it), and its execution is told, to record ActivityStarted.
import { ChannelWaiter } from '../../core/channel-waiter.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { activityOf } from './activities.js';
import { takeActivityTask } from './activities-store.js';
import { activityChannel, tokenChannel } from './callbacks.js';
import { rejectViolations, type Violation } from './errors.js';

const WAIT_MS = 60_000;
const MAX_ARN = 256;
const MAX_WORKER_NAME = 80;

function lengthViolations(path: string, value: string | undefined, max: number): Violation[] {
  if (value === undefined) return [];
  if (value.length < 1)
    return [{ value, path, constraint: 'Member must have length greater than or equal to 1' }];
  if (value.length > max)
    return [{ value, path, constraint: `Member must have length less than or equal to ${max}` }];
  return [];
}

export const GetActivityTask: OperationHandler<{ activityArn: string; workerName?: string }> = async (
  ctx,
  input,
) => {
  rejectViolations([
    ...lengthViolations('activityArn', input.activityArn, MAX_ARN),
    ...lengthViolations('workerName', input.workerName, MAX_WORKER_NAME),
  ]);
  await activityOf(ctx, input.activityArn);
  const task = await takeWithWait(ctx, activityChannel(input.activityArn), () =>
    takeActivityTask(ctx.storage.db, input.activityArn, {
      name: input.workerName ?? null,
      now: ctx.clock.now(),
    }),
  );
  if (!task) return {};
  await ctx.storage.notifier.notify(tokenChannel(task.token));
  return { taskToken: task.token, input: task.input };
};

/**
 * Tries `take` until it finds a task or WAIT_MS pass. Subscribes before the second try, so that a
 * task scheduled between a try and the wait is never missed.
 */
async function takeWithWait<T>(
  ctx: RequestContext,
  channel: string,
  take: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const first = await take();
  if (first) return first;
  const deadline = ctx.clock.now() + WAIT_MS;
  const wake = new ChannelWaiter(ctx, channel);
  try {
    for (;;) {
      const found = await take();
      if (found || ctx.clock.now() >= deadline || ctx.signal.aborted) return found;
      await wake.wait(deadline - ctx.clock.now());
    }
  } finally {
    wake.close();
  }
}
