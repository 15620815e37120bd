// Long polling: a receive that found nothing waits until a message may be there — a send or a
// visibility change on any node (the notifier), the earliest delayed or in-flight message turning
// visible (a clock timer), the wait time running out, or the request being aborted. No
// transaction is held while waiting.
import { ChannelWaiter } from '../../core/channel-waiter.js';
import type { RequestContext } from '../../core/service.js';
import { queueChannel } from './queue.js';
import { nextVisibleAt } from './store-messages.js';

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
  const waiter = new ChannelWaiter(ctx, queueChannel(queueId));
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
