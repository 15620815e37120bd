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
  claiming: boolean;
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
      holding = { held: 0, inFlight: 0, peak: 0, limit: 0, waiters: [], claiming: false, claims: 0 };
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

  /** One claim at a time per scope, for everyone waiting when it starts. */
  private claimFor(scope: string, holding: Holding): void {
    if (holding.claiming) return;
    holding.claiming = true;
    const waiting = holding.waiters.splice(0);
    const wanted = Math.min(holding.limit, holding.inFlight + waiting.length);
    void this.claims.claim(scope, wanted, holding.limit).then(
      (granted) => {
        holding.held = granted;
        holding.claims += 1;
        for (const waiter of waiting) waiter.resolve(this.takeHeld(holding));
        this.afterClaim(scope, holding);
      },
      (error: unknown) => {
        for (const waiter of waiting) waiter.reject(error);
        this.afterClaim(scope, holding);
      },
    );
  }

  private afterClaim(scope: string, holding: Holding): void {
    holding.claiming = false;
    if (holding.waiters.length > 0) this.claimFor(scope, holding);
    this.armTick();
  }

  private armTick(): void {
    if (this.tick || this.stopped) return;
    this.tick = this.clock.setTimer(HOLDINGS_TICK_MS, () => {
      this.tick = undefined;
      this.onTick()
        .catch((error: unknown) => console.error('[nubis] lambda: keeping concurrency claims failed:', error))
        .finally(() => {
          if (this.holdings.size > 0) this.armTick();
        });
    });
  }

  private async onTick(): Promise<void> {
    for (const [scope, holding] of this.holdings) {
      if (holding.claiming) continue;
      const keep = Math.max(holding.inFlight, holding.peak);
      holding.peak = holding.inFlight;
      if (keep < holding.held) {
        holding.held = keep;
        await this.claims.shrink(scope, keep);
      }
      if (holding.held === 0 && holding.inFlight === 0) this.holdings.delete(scope);
    }
    const claimsBefore = new Map([...this.holdings].map(([scope, holding]) => [scope, holding.claims]));
    const kept = await this.claims.renew();
    for (const [scope, holding] of this.holdings) {
      // A claim that lapsed (this node went unheard for CLAIM_TTL_MS) may have gone to another node.
      if (!kept.has(scope) && !holding.claiming && claimsBefore.get(scope) === holding.claims)
        holding.held = 0;
    }
  }
}
