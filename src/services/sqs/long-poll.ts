// Long polling: a receive that found nothing waits until a message may be there — a send or a
// visibility change on any node (the notifier), the earliest delayed or in-flight message turning
// visible (a clock timer), the wait time running out, or the request being aborted. No
// transaction is held while waiting.
import type { TimerHandle } from '../../core/clock.js';
import type { RequestContext } from '../../core/service.js';
import { queueChannel } from './queue.js';
import { nextVisibleAt } from './store-messages.js';

/** Collects wake-ups; one that arrives while nobody waits is kept for the next wait. */
class Waiter {
  private pending = false;
  private release: (() => void) | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: RequestContext,
    channel: string,
  ) {
    this.unsubscribe = ctx.storage.notifier.subscribe(channel, this.poke);
    ctx.signal.addEventListener('abort', this.poke);
  }

  readonly poke = (): void => {
    const release = this.release;
    this.release = undefined;
    if (release) release();
    else this.pending = true;
  };

  wait(ms: number): Promise<void> {
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

/**
 * Runs `claim` until it returns messages or `waitSeconds` pass. Subscribes before the second claim,
 * so a send that lands between a claim and the wait is never missed.
 */
export async function claimWithWait<T>(
  ctx: RequestContext,
  queueId: string,
  waitSeconds: number,
  claim: () => Promise<T[]>,
): Promise<T[]> {
  const first = await claim();
  if (first.length > 0 || waitSeconds <= 0) return first;
  const deadline = ctx.clock.now() + waitSeconds * 1000;
  const waiter = new Waiter(ctx, queueChannel(queueId));
  try {
    for (;;) {
      const found = await claim();
      if (found.length > 0) return found;
      const now = ctx.clock.now();
      if (now >= deadline || ctx.signal.aborted) return found;
      const next = await nextVisibleAt(ctx.storage.db, queueId, now);
      // Measured from the clock after the query: time may have moved while it ran (a manual
      // clock advanced meanwhile would otherwise leave the wait running past the visible message).
      await waiter.wait(Math.min(deadline, next ?? deadline) - ctx.clock.now());
    }
  } finally {
    waiter.close();
  }
}
