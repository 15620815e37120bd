import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../core/clock.js';
import { JobStore, type JobRow } from './jobs-store.js';
import { afterCommit } from './tx-hooks.js';
import type { Database, Job, JobHandler, JobOutcome, Jobs, JobSpec, Notifier } from './types.js';

/** Nodes tell each other here (payload: the new job's runAt) that their timer may now be too late. */
export const JOBS_CHANNEL = 'nubis:jobs';

export interface JobsOptions {
  /** How long a claim protects a running job; a running node renews it, a dead one lets it lapse. */
  claimTtlMs?: number;
  /** The loop looks at the table at least this often, whatever it was told. */
  pollIntervalMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  batchSize?: number;
  onError?: (message: string, error: unknown) => void;
}

const DEFAULTS = {
  claimTtlMs: 60_000,
  pollIntervalMs: 5_000,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  batchSize: 50,
  onError: (message: string, error: unknown) => console.error(`nubis jobs: ${message}`, error),
};

/**
 * Durable timers over `nubis_jobs`. Handlers run at least once: a node that dies mid-handler leaves a
 * claim that lapses and another node runs the job again, so handlers must be idempotent.
 */
export class SqlJobs implements Jobs {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly store: JobStore;
  private readonly options: typeof DEFAULTS;
  private readonly inflight = new Set<Promise<unknown>>();
  private running = false;
  private timer: TimerHandle | undefined;
  private armedAt = Infinity;
  private ticking = false;
  private again = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    options: JobsOptions = {},
  ) {
    this.store = new JobStore(db);
    this.options = { ...DEFAULTS, ...options };
  }

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`nubis jobs: a handler for ${kind} is already registered`);
    this.handlers.set(kind, handler);
    this.tick(); // jobs of this kind may be waiting already
  }

  async schedule(spec: JobSpec, tx?: Database): Promise<string> {
    if (!Number.isFinite(spec.runAt)) throw new Error(`nubis jobs: runAt of ${spec.kind} is not a number`);
    const id = randomUUID();
    const db = tx ?? this.db;
    await this.store.insert(db, id, spec, this.clock.now());
    afterCommit(db, () => this.scheduled(spec.runAt));
    return id;
  }

  async cancel(kind: string, key: string, tx?: Database): Promise<void> {
    await this.store.cancel(tx ?? this.db, kind, key);
  }

  runDue(): Promise<number> {
    return this.track(this.claimAndRun());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifier.subscribe(JOBS_CHANNEL, (payload) => {
      const runAt = Number(payload);
      this.wake(Number.isFinite(runAt) ? runAt : this.clock.now());
    });
    this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.armedAt = Infinity;
    this.unsubscribe?.();
    await this.idle();
  }

  /** Resolves once nothing is in flight: no handler, claim or re-arming query (tests use it). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private scheduled(runAt: number): void {
    this.wake(runAt);
    // Other nodes poll anyway; they need telling only of jobs due before their next look.
    if (runAt < this.clock.now() + this.options.pollIntervalMs) {
      this.track(
        this.notifier
          .notify(JOBS_CHANNEL, String(runAt))
          .catch((error: unknown) => this.options.onError('notifying other nodes failed', error)),
      );
    }
  }

  /** Brings the timer forward if `runAt` is earlier than what it waits for. */
  private wake(runAt: number): void {
    if (this.running && runAt < this.armedAt) this.arm(runAt);
  }

  /** Never further than one poll away: that is the safety net (and keeps far dates off setTimeout). */
  private arm(runAt: number): void {
    const now = this.clock.now();
    const at = Math.min(runAt, now + this.options.pollIntervalMs);
    this.timer?.cancel();
    this.armedAt = at;
    this.timer = this.clock.setTimer(at - now, () => {
      this.timer = undefined;
      this.armedAt = Infinity;
      this.tick();
    });
  }

  private tick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true; // the running pass will go round once more
      return;
    }
    this.ticking = true;
    this.track(this.loop());
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.runDue();
        await this.rearm();
      } while (this.again && this.running);
    } catch (error) {
      this.options.onError('job loop failed; retrying at the next poll', error);
      if (this.running) this.arm(Math.min(this.armedAt, this.clock.now() + this.options.pollIntervalMs));
    } finally {
      this.ticking = false;
    }
  }

  private async rearm(): Promise<void> {
    const kinds = [...this.handlers.keys()];
    const next = kinds.length > 0 ? await this.store.nextRunAt(kinds) : undefined;
    const poll = this.clock.now() + this.options.pollIntervalMs;
    const at = Math.min(next ?? poll, poll, this.armedAt);
    if (this.running && (at < this.armedAt || !this.timer)) this.arm(at);
  }

  private async claimAndRun(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return 0;
    const { claimTtlMs, batchSize } = this.options;
    let total = 0;
    for (;;) {
      const token = randomUUID();
      const now = this.clock.now();
      const rows = await this.store.claim(kinds, token, now, now + claimTtlMs, batchSize);
      if (rows.length > 0) total += await this.runClaimed(rows, token);
      if (rows.length < batchSize) return total;
    }
  }

  private async runClaimed(rows: JobRow[], token: string): Promise<number> {
    const heartbeat = this.keepClaimed(token);
    try {
      rows.sort((a, b) => a.run_at - b.run_at || a.id.localeCompare(b.id));
      const results = await Promise.allSettled(rows.map((row) => this.runOne(row, token)));
      for (const result of results) {
        // Only storage failures land here; the lapsing claim will have the job retried.
        if (result.status === 'rejected')
          this.options.onError('recording a job outcome failed', result.reason);
      }
    } finally {
      heartbeat.cancel();
      await this.store.releaseClaims(token);
    }
    return rows.length;
  }

  private async runOne(row: JobRow, token: string): Promise<void> {
    const handler = this.handlers.get(row.kind);
    if (!handler) return; // cannot happen: we only claim registered kinds
    let outcome: JobOutcome;
    try {
      outcome = await handler(toJob(row));
    } catch (error) {
      this.options.onError(`${row.kind} job ${row.id} failed (attempt ${row.attempts + 1})`, error);
      const attempts = row.attempts + 1;
      await this.store.reschedule(row.id, token, this.clock.now() + this.backoff(attempts), attempts);
      return;
    }
    if (outcome && typeof outcome.rescheduleAt === 'number') {
      const payload = outcome.payload === undefined ? undefined : JSON.stringify(outcome.payload);
      await this.store.reschedule(row.id, token, outcome.rescheduleAt, 0, payload);
    } else {
      await this.store.complete(row.id, token);
    }
  }

  private backoff(attempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.options;
    return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts - 1, 30));
  }

  /** Renews the batch's claims while its handlers run, so only a dead node's claims lapse. */
  private keepClaimed(token: string): { cancel(): void } {
    const interval = Math.max(1, Math.floor(this.options.claimTtlMs / 2));
    let handle: TimerHandle;
    const beat = (): void => {
      const until = this.clock.now() + this.options.claimTtlMs;
      this.track(this.store.extendClaims(token, until)).catch((error: unknown) =>
        this.options.onError('renewing job claims failed', error),
      );
      handle = this.clock.setTimer(interval, beat);
    };
    handle = this.clock.setTimer(interval, beat);
    return { cancel: () => handle.cancel() };
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inflight.add(promise);
    const forget = (): void => {
      this.inflight.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.job_key,
    runAt: row.run_at,
    attempts: row.attempts,
    payload: row.payload === null ? undefined : JSON.parse(row.payload),
  };
}
