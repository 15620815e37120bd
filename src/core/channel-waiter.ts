// A long poll's wait for something to happen on a notifier channel (the storage's notifier: on
// PostgreSQL every node's), the clock running out, or the client going away. No transaction is
// held while waiting; a wake-up that comes while nobody waits is kept for the next wait, so a
// notification between a poll's check and its wait is never missed.
import type { TimerHandle } from './clock.js';
import type { RequestContext } from './service.js';

/** Collects wake-ups; one that arrives while nobody waits is kept for the next wait. */
export class ChannelWaiter {
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
