// The units of each concurrency limit this node holds (concurrency-claims.ts) and uses. An
// invocation takes a unit it holds at no cost; only when the node needs more than it holds does it
// claim more, and invocations arriving during that claim share it. What the node holds beyond its
// busiest moment of the last tick is given back, so units it stopped using go to other nodes within
// two ticks, and a node at steady load never writes to the database for admission.
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { ConcurrencyClaims } from './concurrency-claims.js';

export const HOLDINGS_TICK_MS = 1_000;

interface Waiter {
  resolve(admitted: boolean): void;
  reject(error: unknown): void;
}

interface Holding {
  held: number;
  inFlight: number;
  /** The most in flight since the last tick. */
  peak: number;
  limit: number;
  waiters: Waiter[];
  /**
   * A claim or a shrink of this scope is in progress. One at a time, so that their writes land in
   * the order they were made and a claim is sized by what the node holds after the last one.
   */
  busy: boolean;
  /** Counts finished claims, so a renewal that raced one does not undo it. */
  claims: number;
}

export class ConcurrencyHoldings {
  private readonly holdings = new Map<string, Holding>();
  private tick: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly claims: ConcurrencyClaims,
    private readonly clock: Clock,
  ) {}

  /** One unit of `scope` for an invocation: true when taken, false when `limit` leaves none. */
  take(scope: string, limit: number): boolean | Promise<boolean> {
    const holding = this.holdingOf(scope);
    holding.limit = limit;
    if (holding.inFlight >= limit) return false;
    if (this.takeHeld(holding)) return true;
    return new Promise((resolve, reject) => {
      holding.waiters.push({ resolve, reject });
      this.claimFor(scope, holding);
    });
  }

  give(scope: string): void {
    const holding = this.holdings.get(scope);
    if (holding) holding.inFlight -= 1;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tick?.cancel();
    // Claims not given back lapse after CLAIM_TTL_MS anyway.
    await this.claims
      .releaseAll()
      .catch((error: unknown) =>
        console.error('[nubis] lambda: giving back concurrency claims failed:', error),
      );
  }

  private holdingOf(scope: string): Holding {
    let holding = this.holdings.get(scope);
    if (!holding) {
      holding = { held: 0, inFlight: 0, peak: 0, limit: 0, waiters: [], busy: false, claims: 0 };
      this.holdings.set(scope, holding);
    }
    return holding;
  }

  private takeHeld(holding: Holding): boolean {
    if (holding.inFlight >= Math.min(holding.held, holding.limit)) return false;
    holding.inFlight += 1;
    holding.peak = Math.max(holding.peak, holding.inFlight);
    return true;
  }

  /** Claims units for everyone waiting when it starts, unless a claim or a shrink is in progress. */
  private claimFor(scope: string, holding: Holding): void {
    if (holding.busy || holding.waiters.length === 0) return;
    holding.busy = true;
    const waiting = holding.waiters.splice(0);
    // Nothing the node holds is free while anyone waits (settle serves them first), so no
    // invocation can take a unit while the claim is out and leave fewer than it asked for.
    const wanted = Math.min(holding.limit, holding.inFlight + waiting.length);
    void this.claims.claim(scope, wanted, holding.limit).then(
      (granted) => {
        holding.held = granted;
        holding.claims += 1;
        for (const waiter of waiting) waiter.resolve(this.takeHeld(holding));
        this.settle(scope, holding);
      },
      (error: unknown) => {
        for (const waiter of waiting) waiter.reject(error);
        this.settle(scope, holding);
      },
    );
  }

  /**
   * After a claim or a shrink: those who queued meanwhile take units given back in the meantime,
   * and a claim is made for the rest.
   */
  private settle(scope: string, holding: Holding): void {
    holding.busy = false;
    while (holding.waiters.length > 0 && this.takeHeld(holding)) holding.waiters.shift()?.resolve(true);
    this.claimFor(scope, holding);
    this.armTick();
  }

  private armTick(): void {
    if (this.tick || this.stopped) return;
    // The handle stays set while the tick runs, so a claim settling meanwhile does not start another.
    this.tick = this.clock.setTimer(HOLDINGS_TICK_MS, () => {
      this.onTick()
        .catch((error: unknown) => console.error('[nubis] lambda: keeping concurrency claims failed:', error))
        .finally(() => {
          this.tick = undefined;
          if (this.holdings.size > 0) this.armTick();
        });
    });
  }

  private async onTick(): Promise<void> {
    for (const [scope, holding] of this.holdings) {
      if (holding.busy) continue;
      const keep = Math.max(holding.inFlight, holding.peak);
      holding.peak = holding.inFlight;
      if (keep < holding.held) await this.shrink(scope, holding, keep);
      if (isIdle(holding)) this.holdings.delete(scope);
    }
    const claimsBefore = new Map([...this.holdings].map(([scope, holding]) => [scope, holding.claims]));
    const kept = await this.claims.renew();
    for (const [scope, holding] of this.holdings) {
      // A claim that lapsed (this node went unheard for CLAIM_TTL_MS) may have gone to another node.
      if (!kept.has(scope) && !holding.busy && claimsBefore.get(scope) === holding.claims) holding.held = 0;
    }
  }

  private async shrink(scope: string, holding: Holding, units: number): Promise<void> {
    holding.held = units;
    holding.busy = true;
    try {
      await this.claims.shrink(scope, units);
    } finally {
      this.settle(scope, holding);
    }
  }
}

/** Nothing held, used, awaited or being written: the scope can be forgotten. */
function isIdle(holding: Holding): boolean {
  return holding.held === 0 && holding.inFlight === 0 && !holding.busy && holding.waiters.length === 0;
}
