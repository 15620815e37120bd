// GetActivityTask: a worker's long poll for a task of an activity (AWS API reference). It answers
// at once with the oldest task queued, or waits up to 60 seconds for one to be scheduled, then
// answers with no taskToken. The wait holds no transaction: it sleeps until the activity's channel
// is notified (a task scheduled on any node: the storage's notifier), the time runs out or the
// client goes away, then tries to take a task again. A task taken is the worker's alone (one
// statement picks and marks it), and its execution is told, to record ActivityStarted.
import type { TimerHandle } from '../../core/clock.js';
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
  const wake = new Wake(ctx).listen(channel);
  try {
    for (;;) {
      const found = await take();
      if (found || ctx.clock.now() >= deadline || ctx.signal.aborted) return found;
      await wake.after(deadline - ctx.clock.now());
    }
  } finally {
    wake.close();
  }
}

/** Wake-ups from the activity's channel, the clock or the client going; one early is kept. */
class Wake {
  private pending = false;
  private release: (() => void) | undefined;
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly ctx: RequestContext) {
    ctx.signal.addEventListener('abort', this.poke);
  }

  listen(channel: string): this {
    this.unsubscribe = this.ctx.storage.notifier.subscribe(channel, this.poke);
    return this;
  }

  readonly poke = (): void => {
    const release = this.release;
    this.release = undefined;
    if (release) release();
    else this.pending = true;
  };

  after(ms: number): Promise<void> {
    if (this.pending || this.ctx.signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer: TimerHandle = this.ctx.clock.setTimer(Math.max(0, ms), this.poke);
      this.release = () => {
        timer.cancel();
        resolve();
      };
    });
  }

  close(): void {
    this.unsubscribe();
    this.ctx.signal.removeEventListener('abort', this.poke);
    this.release?.();
  }
}
