// The provisioned environments this node keeps. Every node keeps, for every provisioned
// concurrency config, the requested number of initialised environments of the config's version
// (docs/architecture.md says why each node rather than one). A node learns of configs at start,
// when any node announces a change (the Notifier) and on the injected clock, which also replaces
// environments that ended; it reports READY (or FAILED) for the config's revision once its own
// environments are up. The only state held here is which configs this node has provisioned.
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import type { TimerHandle } from '../../core/clock.js';
import { versionRow } from './change.js';
import { environmentSpec, poolKeyOf, withOwnLogStream, type RunnableVersion } from './environment-spec.js';
import { environmentPool } from './runtime-host.js';
import { findFunction } from './store-functions.js';
import {
  allProvisionedTargets,
  anyProvisioned,
  reportAllocation,
  type ProvisionedTarget,
} from './store-provisioned.js';

export const PROVISIONED_CHANNEL = 'lambda:provisioned-concurrency';
/** Exists while configs do, so that a restarted node loads Lambda and brings its environments up. */
export const PROVISIONED_SCAN_JOB = 'lambda.provisioned-concurrency-scan';
const SCAN_JOB_INTERVAL_MS = 10 * 60_000;
/** How often the node rescans on its own, topping up environments that ended. */
const RESCAN_INTERVAL_MS = 20_000;
/** Lambda's StatusReason when the function's init fails in a provisioned environment. */
const INIT_FAILURE = 'FUNCTION_ERROR_INIT_FAILURE';

interface Held {
  revision: string;
  poolKey: string;
  state: 'allocating' | 'ready' | 'failed';
  /** The config changed while allocating: scan again once done. */
  stale: boolean;
}

function configId(row: ProvisionedTarget): string {
  return JSON.stringify([row.account_id, row.region, row.name, row.qualifier]);
}

export class ProvisionedEnvironments {
  private readonly held = new Map<string, Held>();
  private scanning: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly env: ServiceEnvironment) {}

  start(): void {
    this.unsubscribe = this.env.storage.notifier.subscribe(PROVISIONED_CHANNEL, () => void this.rescan());
    this.env.storage.jobs.register(PROVISIONED_SCAN_JOB, async () => {
      await this.rescan();
      if (await anyProvisioned(this.env.storage.db))
        return { rescheduleAt: this.env.clock.now() + SCAN_JOB_INTERVAL_MS };
    });
    this.arm();
    void this.rescan();
  }

  /** Resolves once a scan that began after the call has ended (overlapping requests share one). */
  rescan(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = this.scanLoop().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.unsubscribe?.();
    await this.scanning;
  }

  private async scanLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.scan();
      } catch (error) {
        console.error('[nubis] lambda provisioned concurrency: scan failed; retrying at the next one', error);
      }
    } while (this.again && !this.stopped);
  }

  private async scan(): Promise<void> {
    const configs = await allProvisionedTargets(this.env.storage.db);
    const wanted = new Set(configs.map(configId));
    for (const [id, held] of [...this.held]) {
      if (wanted.has(id)) continue;
      this.held.delete(id);
      environmentPool().unprovision(held.poolKey);
    }
    for (const config of configs) {
      if (this.stopped) return;
      await this.keep(config);
    }
  }

  /**
   * Starts the config's environments, or tops them up, in the background (a scan does not wait).
   * A failed revision is not retried until the config changes, as Lambda leaves it FAILED.
   */
  private async keep(config: ProvisionedTarget): Promise<void> {
    const id = configId(config);
    const held = this.held.get(id);
    const sameRevision = held?.revision === config.revision;
    if (held?.state === 'allocating') {
      held.stale ||= !sameRevision;
      return;
    }
    if (held?.state === 'failed' && sameRevision) return;
    const key = { accountId: config.account_id, region: config.region, name: config.name };
    const latest = await findFunction(this.env.storage.db, key);
    const row = latest && (await versionRow(this.env.storage.db, latest, config.version));
    if (!row) return; // deleted meanwhile: the next scan no longer finds the config
    const poolKey = poolKeyOf(row);
    // An alias moved to another version: the old version's environments go back to reaping.
    if (held && held.poolKey !== poolKey) environmentPool().unprovision(held.poolKey);
    const next: Held = { revision: config.revision, poolKey, state: 'allocating', stale: false };
    this.held.set(id, next);
    const report = !(sameRevision && held?.poolKey === poolKey);
    void this.allocate(config, row, next, report).finally(() => {
      if (next.stale && !this.stopped) void this.rescan();
    });
  }

  private async allocate(config: ProvisionedTarget, row: RunnableVersion, held: Held, report: boolean) {
    try {
      const spec = await environmentSpec(this.env, row, 'provisioned-concurrency');
      const outcome = await environmentPool().provision(
        held.poolKey,
        () => withOwnLogStream(this.env, row, spec),
        config.requested,
      );
      held.state = outcome.ok ? 'ready' : 'failed';
      if (!report) return;
      const key = { accountId: config.account_id, region: config.region, name: config.name };
      await reportAllocation(
        this.env.storage.db,
        { ...key, qualifier: config.qualifier, revision: config.revision },
        outcome.ok
          ? { status: 'READY', reason: null, allocated: config.requested }
          : { status: 'FAILED', reason: INIT_FAILURE, allocated: 0 },
      );
    } catch (error) {
      // Tried again at the next scan; while stopping, the pool and storage are going away anyway.
      this.held.delete(configId(config));
      if (!this.stopped) console.error('[nubis] lambda provisioned concurrency: allocation failed', error);
    }
  }

  private arm(): void {
    this.timer = this.env.clock.setTimer(RESCAN_INTERVAL_MS, () => {
      void this.rescan().finally(() => {
        if (!this.stopped) this.arm();
      });
    });
  }
}

let provisioner: ProvisionedEnvironments | undefined;

/**
 * Tells every node that provisioned concurrency changed, and keeps the scan job. This node has
 * rescanned when it resolves: a deleted config's environments are ordinary ones again.
 */
export async function provisionedChanged(ctx: RequestContext): Promise<void> {
  await ctx.storage.jobs.schedule({
    kind: PROVISIONED_SCAN_JOB,
    key: 'scan',
    runAt: ctx.clock.now() + SCAN_JOB_INTERVAL_MS,
  });
  await ctx.storage.notifier.notify(PROVISIONED_CHANNEL);
  await provisioner?.rescan();
}

export function startProvisionedEnvironments(env: ServiceEnvironment): void {
  provisioner ??= new ProvisionedEnvironments(env);
  provisioner.start();
}

export async function stopProvisionedEnvironments(): Promise<void> {
  const stopping = provisioner;
  provisioner = undefined;
  await stopping?.stop();
}
