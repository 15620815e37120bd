/**
 * Execution environments per function version: an idle warm one is reused, otherwise one is
 * started (on a pre-started process when there is one); environments idle longer than the idle
 * timeout are closed, so an unused function scales to zero. Concurrency limits are the caller's
 * (the Lambda service decides whether an invocation may start); the pool counts what it holds.
 * Provisioned environments (Lambda's provisioned concurrency) are kept apart: started and
 * initialised ahead of any invocation, handed out only through `claimProvisioned`, and never
 * reaped while provisioned.
 */
import { SystemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { ExecutionEnvironment, type EnvironmentSpec } from './environment.js';
import type { InvocationResult } from './runtime-api.js';
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

/** How a provisioning ended: every environment initialised, or the init error that stopped one. */
export type ProvisionOutcome = { ok: true } | { ok: false; error: InvocationResult };

export class EnvironmentPool {
  private readonly byKey = new Map<string, Set<ExecutionEnvironment>>();
  private readonly provisioned = new Map<string, Set<ExecutionEnvironment>>();
  private readonly clock: Clock;
  private reaper: TimerHandle | undefined;

  constructor(private readonly options: PoolOptions) {
    this.clock = options.clock ?? new SystemClock();
  }

  /**
   * An environment for `key` (a function version) that is not serving anything; `spec` is only
   * asked for when one has to be started (a warm invocation does not unpack code or build variables).
   */
  async acquire(key: string, spec: () => Promise<EnvironmentSpec>): Promise<Lease> {
    const environments = this.environments(key);
    const warm = mostRecentlyUsed(environments);
    if (warm) {
      warm.markBusy();
      return { environment: warm, cold: false };
    }
    const environment = await ExecutionEnvironment.start(await spec(), this.options.prewarmer);
    environment.markBusy();
    environments.add(environment);
    this.scheduleReaping();
    return { environment, cold: true };
  }

  /** Back after an invocation: kept warm if it is still alive, dropped otherwise. */
  release(key: string, environment: ExecutionEnvironment): void {
    environment.markIdle(this.clock.now());
    if (environment.alive) {
      const environments = this.byKey.get(key);
      if (environments?.delete(environment)) environments.add(environment);
      return;
    }
    this.remove(key, environment);
    this.provisioned.get(key)?.delete(environment);
    void environment.close();
  }

  /** Environments of `key`, busy or idle, provisioned or not. */
  size(key: string): number {
    return (this.byKey.get(key)?.size ?? 0) + this.provisionedCount(key);
  }

  /** Closes every environment of `key` (its code or configuration changed). */
  async retire(key: string): Promise<void> {
    const environments = [...(this.byKey.get(key) ?? []), ...(this.provisioned.get(key) ?? [])];
    this.byKey.delete(key);
    this.provisioned.delete(key);
    await Promise.all(environments.map((environment) => environment.close()));
  }

  async close(): Promise<void> {
    this.reaper?.cancel();
    const keys = new Set([...this.byKey.keys(), ...this.provisioned.keys()]);
    await Promise.all([...keys].map((key) => this.retire(key)));
    this.options.prewarmer?.close();
  }

  /**
   * Keeps `count` provisioned environments of `key`, each with its init phase run: starts the
   * missing ones (all at once, as Lambda allocates them) and hands any beyond `count` to ordinary
   * reaping. If one cannot initialise, none stays provisioned and the outcome carries its error.
   */
  async provision(key: string, spec: () => EnvironmentSpec, count: number): Promise<ProvisionOutcome> {
    const environments = this.provisionedSet(key);
    for (const surplus of [...environments].slice(count)) this.demote(key, environments, surplus);
    const started = await Promise.all(
      Array.from({ length: count - environments.size }, () => this.startInitialised(spec())),
    );
    const failure = started.find((result) => !(result instanceof ExecutionEnvironment));
    const ready = started.filter((result) => result instanceof ExecutionEnvironment);
    // Released while starting (the config went away): what started is an ordinary environment.
    const current = this.provisioned.get(key) === environments;
    if (failure || !current) {
      for (const environment of ready) void environment.close();
      if (failure && current) this.unprovision(key);
      return failure ? { ok: false, error: failure as InvocationResult } : { ok: true };
    }
    for (const environment of ready) environments.add(environment);
    return { ok: true };
  }

  /** The provisioned environments of `key` become ordinary ones, reaped once idle long enough. */
  unprovision(key: string): void {
    const environments = this.provisioned.get(key);
    this.provisioned.delete(key);
    for (const environment of environments ?? []) this.demote(key, undefined, environment);
  }

  /** An idle provisioned environment of `key`, now reserved for one invocation, if there is one. */
  claimProvisioned(key: string): ExecutionEnvironment | undefined {
    for (const environment of this.provisioned.get(key) ?? []) {
      if (!environment.idle) continue;
      environment.markBusy();
      return environment;
    }
    return undefined;
  }

  /** Live provisioned environments of `key`, and how many of them serve an invocation now. */
  provisionedUse(key: string): { total: number; busy: number } {
    const live = [...(this.provisioned.get(key) ?? [])].filter((environment) => environment.alive);
    return { total: live.length, busy: live.filter((environment) => !environment.idle).length };
  }

  private provisionedCount(key: string): number {
    return this.provisioned.get(key)?.size ?? 0;
  }

  private provisionedSet(key: string): Set<ExecutionEnvironment> {
    let environments = this.provisioned.get(key);
    if (!environments) {
      environments = new Set();
      this.provisioned.set(key, environments);
    }
    for (const environment of environments) if (!environment.alive) environments.delete(environment);
    return environments;
  }

  private async startInitialised(spec: EnvironmentSpec): Promise<ExecutionEnvironment | InvocationResult> {
    const environment = await ExecutionEnvironment.start(spec, this.options.prewarmer);
    const error = await environment.initialise(provisionedInitLimitMs(spec));
    if (!error) return environment;
    void environment.close();
    return error;
  }

  /** Moves a provisioned environment among the ordinary ones; idle time counts from now. */
  private demote(
    key: string,
    from: Set<ExecutionEnvironment> | undefined,
    environment: ExecutionEnvironment,
  ) {
    from?.delete(environment);
    if (!environment.alive) return;
    if (environment.idle) environment.markIdle(this.clock.now());
    this.environments(key).add(environment);
    this.scheduleReaping();
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

/**
 * Lambda's init phase is limited to 10 s on demand, but not for provisioned concurrency: there
 * the init code may run for 130 s or the function's timeout, whichever is longer.
 */
function provisionedInitLimitMs(spec: EnvironmentSpec): number {
  return Math.max(130_000, spec.timeoutSeconds * 1000);
}

/**
 * The idle environment released last (a key's set is kept in release order): its process is the
 * likeliest to be in the CPU's caches, and the ones left idle longest are the ones reaped when load
 * falls (Lambda, too, routes to recently used environments).
 */
function mostRecentlyUsed(environments: Set<ExecutionEnvironment>): ExecutionEnvironment | undefined {
  let chosen: ExecutionEnvironment | undefined;
  for (const environment of environments) if (environment.idle) chosen = environment;
  return chosen;
}
