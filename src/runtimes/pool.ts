/**
 * Execution environments per function version: an idle warm one is reused, otherwise one is
 * started (on a pre-started process when there is one); environments idle longer than the idle
 * timeout are closed, so an unused function scales to zero. Concurrency limits are the caller's
 * (the Lambda service decides whether an invocation may start); the pool counts what it holds.
 */
import { SystemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { ExecutionEnvironment, type EnvironmentSpec } from './environment.js';
import type { Prewarmer } from './prewarm.js';

export interface PoolOptions {
  /** How long a warm environment waits for another invocation before it is closed. */
  idleTimeoutMs: number;
  prewarmer?: Prewarmer;
  clock?: Clock;
}

export interface Lease {
  environment: ExecutionEnvironment;
  /** True when the environment was started for this invocation (a cold start). */
  cold: boolean;
}

export class EnvironmentPool {
  private readonly byKey = new Map<string, Set<ExecutionEnvironment>>();
  private readonly clock: Clock;
  private reaper: TimerHandle | undefined;

  constructor(private readonly options: PoolOptions) {
    this.clock = options.clock ?? new SystemClock();
  }

  /** An environment for `key` (a function version) that is not serving anything. */
  async acquire(key: string, spec: EnvironmentSpec): Promise<Lease> {
    const environments = this.environments(key);
    for (const environment of environments) {
      if (environment.idle) {
        environment.markBusy();
        return { environment, cold: false };
      }
    }
    const environment = await ExecutionEnvironment.start(spec, this.options.prewarmer);
    environment.markBusy();
    environments.add(environment);
    this.scheduleReaping();
    return { environment, cold: true };
  }

  /** Back after an invocation: kept warm if it is still alive, dropped otherwise. */
  release(key: string, environment: ExecutionEnvironment): void {
    environment.markIdle(this.clock.now());
    if (environment.alive) return;
    this.remove(key, environment);
    void environment.close();
  }

  /** Environments of `key`, busy or idle. */
  size(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }

  /** Closes every environment of `key` (its code or configuration changed). */
  async retire(key: string): Promise<void> {
    const environments = [...(this.byKey.get(key) ?? [])];
    this.byKey.delete(key);
    await Promise.all(environments.map((environment) => environment.close()));
  }

  async close(): Promise<void> {
    this.reaper?.cancel();
    await Promise.all([...this.byKey.keys()].map((key) => this.retire(key)));
    this.options.prewarmer?.close();
  }

  /** Closes environments idle for longer than the idle timeout; returns how many. */
  reapIdle(): number {
    const cutoff = this.clock.now() - this.options.idleTimeoutMs;
    let reaped = 0;
    for (const [key, environments] of this.byKey) {
      for (const environment of environments) {
        if (!environment.idle || environment.lastUsed > cutoff) continue;
        this.remove(key, environment);
        void environment.close();
        reaped += 1;
      }
    }
    return reaped;
  }

  private environments(key: string): Set<ExecutionEnvironment> {
    let environments = this.byKey.get(key);
    if (!environments) {
      environments = new Set();
      this.byKey.set(key, environments);
    }
    for (const environment of environments) if (!environment.alive) environments.delete(environment);
    return environments;
  }

  private remove(key: string, environment: ExecutionEnvironment): void {
    const environments = this.byKey.get(key);
    environments?.delete(environment);
    if (environments?.size === 0) this.byKey.delete(key);
  }

  /** One timer while any environment exists; none when everything has scaled to zero. */
  private scheduleReaping(): void {
    if (this.reaper) return;
    this.reaper = this.clock.setTimer(this.options.idleTimeoutMs, () => {
      this.reaper = undefined;
      this.reapIdle();
      if (this.byKey.size > 0) this.scheduleReaping();
      // Nothing left running: the pre-started processes go too, so an idle node holds none.
      else this.options.prewarmer?.drain();
    });
  }
}
