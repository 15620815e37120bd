// Which event source mappings this node polls. Every enabled mapping is polled by one node at a
// time: the node holding its lease (renewed while it polls; a dead node's lease lapses and another
// node takes the mapping over). A node rescans the table when any node announces a change (the
// Notifier) and on the injected clock, so it learns of mappings created, changed, disabled or
// deleted anywhere. The only state held here is what this node is polling now.
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import type { TimerHandle } from '../../core/clock.js';
import type { Lease } from '../../storage/types.js';
import { randomUUID } from 'node:crypto';
import { qualifiedArn } from './names.js';
import type { Poller } from './event-source-poller.js';
import { QueuePoller } from './sqs-poller.js';
import { StreamPoller } from './stream-poller.js';
import {
  anyMapping,
  listEnabledMappings,
  restartMappingsOf,
  type MappingRow,
} from './store-event-source-mappings.js';
import type { FunctionKey } from './store-functions.js';

export const MAPPINGS_CHANNEL = 'lambda:event-source-mappings';
/**
 * A durable job that exists while mappings do: the platform loads Lambda at start when the jobs
 * table holds its kinds, so mappings resume polling after a restart without waiting for a request.
 */
export const SCAN_JOB = 'lambda.event-source-scan';
const SCAN_JOB_INTERVAL_MS = 10 * 60_000;
const LEASE_TTL_MS = 60_000;
/** Leases are renewed, and the table rescanned, this often. */
const RENEW_INTERVAL_MS = 20_000;

interface Polled {
  revision: string;
  poller: Poller;
  lease: Lease;
}

function pollerFor(env: ServiceEnvironment, row: MappingRow): Poller {
  return row.stream_settings === null ? new QueuePoller(env, row) : new StreamPoller(env, row);
}

function leaseName(uuid: string): string {
  return `lambda.event-source-mapping:${uuid}`;
}

export class EventSourcePollers {
  private readonly polled = new Map<string, Polled>();
  /** Pollers told to stop whose batches in flight are still finishing. */
  private readonly stopping = new Set<Promise<void>>();
  private scanning: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly env: ServiceEnvironment) {}

  start(): void {
    this.unsubscribe = this.env.storage.notifier.subscribe(MAPPINGS_CHANNEL, () => void this.rescan());
    this.env.storage.jobs.register(SCAN_JOB, async () => {
      await this.rescan();
      if (await anyMapping(this.env.storage.db))
        return { rescheduleAt: this.env.clock.now() + SCAN_JOB_INTERVAL_MS };
    });
    this.arm();
    void this.rescan();
  }

  /**
   * Resolves once a scan that began after the call has ended (overlapping requests share one): by
   * then the pollers of disabled, deleted or changed mappings have stopped receiving.
   */
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
    for (const uuid of [...this.polled.keys()]) this.release(uuid);
    while (this.stopping.size > 0) await Promise.allSettled([...this.stopping]);
  }

  private async scanLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.scan();
      } catch (error) {
        console.error('[nubis] lambda event source mappings: scan failed; retrying at the next one', error);
      }
    } while (this.again && !this.stopped);
  }

  private async scan(): Promise<void> {
    const enabled = new Map((await listEnabledMappings(this.env.storage.db)).map((row) => [row.uuid, row]));
    for (const [uuid, polled] of [...this.polled]) {
      const row = enabled.get(uuid);
      if (!row) this.release(uuid);
      else if (row.revision_id !== polled.revision) await this.restart(polled, row);
    }
    for (const row of enabled.values()) {
      if (this.stopped) return;
      if (!this.polled.has(row.uuid)) await this.take(row);
    }
  }

  private async take(row: MappingRow): Promise<void> {
    const lease = await this.env.storage.leases.tryAcquire(leaseName(row.uuid), LEASE_TTL_MS);
    if (!lease) return; // another node polls it (or this node's previous poller is finishing)
    const poller = pollerFor(this.env, row);
    this.polled.set(row.uuid, { revision: row.revision_id, poller, lease });
    poller.start();
    await poller.ready();
  }

  /** A changed mapping is polled with its new settings at once, under the same lease. */
  private async restart(polled: Polled, row: MappingRow): Promise<void> {
    // A stream poller resumes at the checkpoint its predecessor saved: it starts once that one stopped.
    const stopped = polled.poller.stop();
    this.retire(stopped);
    polled.revision = row.revision_id;
    polled.poller = pollerFor(this.env, row);
    if (row.stream_settings !== null) await stopped.catch(() => undefined);
    polled.poller.start();
    await polled.poller.ready();
  }

  /** Stops receiving now; the lease goes once the batches in flight are done. */
  private release(uuid: string): void {
    const polled = this.polled.get(uuid);
    if (!polled) return;
    this.polled.delete(uuid);
    this.retire(
      polled.poller.stop().then(async () => {
        await polled.lease.release();
        if (!this.stopped) void this.rescan(); // re-enabled meanwhile: it can be taken now
      }),
    );
  }

  private retire(stopped: Promise<void>): void {
    const tracked: Promise<void> = stopped
      .catch((error: unknown) =>
        console.error('[nubis] lambda event source mappings: stopping failed', error),
      )
      .finally(() => this.stopping.delete(tracked));
    this.stopping.add(tracked);
  }

  /** Renews every lease (one lost to another node stops its poller), then rescans. */
  private arm(): void {
    this.timer = this.env.clock.setTimer(RENEW_INTERVAL_MS, () => {
      void this.renewAndRescan().finally(() => {
        if (!this.stopped) this.arm();
      });
    });
  }

  private async renewAndRescan(): Promise<void> {
    try {
      for (const [uuid, polled] of [...this.polled]) {
        if (!(await polled.lease.renew(LEASE_TTL_MS))) this.release(uuid);
      }
    } catch (error) {
      console.error('[nubis] lambda event source mappings: renewing leases failed', error);
    }
    await this.rescan();
  }
}

let pollers: EventSourcePollers | undefined;

/**
 * Tells every node's pollers that mappings changed, and keeps the scan job. This node's have
 * rescanned when it resolves, so a mapping disabled or deleted here receives nothing more.
 */
export async function mappingsChanged(ctx: RequestContext): Promise<void> {
  await ctx.storage.jobs.schedule({
    kind: SCAN_JOB,
    key: 'scan',
    runAt: ctx.clock.now() + SCAN_JOB_INTERVAL_MS,
  });
  await ctx.storage.notifier.notify(MAPPINGS_CHANNEL);
  await pollers?.rescan();
}

/**
 * A function (every qualifier of it, or the one `qualifier` names) was created or deleted. Its
 * mappings stay (DeleteFunction leaves them, as Lambda does), and their pollers restart: none goes
 * on long-polling for a function that is gone, and a re-created one is polled for at once.
 */
export async function functionCameOrWent(
  ctx: RequestContext,
  key: FunctionKey,
  qualifier?: string,
): Promise<void> {
  const restarted = await restartMappingsOf(ctx.storage.db, {
    accountId: key.accountId,
    region: key.region,
    functionArn: qualifiedArn(key, qualifier),
    qualified: qualifier === undefined,
    revisionId: randomUUID(),
  });
  if (restarted > 0) await mappingsChanged(ctx);
}

export function startEventSourcePollers(env: ServiceEnvironment): void {
  pollers ??= new EventSourcePollers(env);
  pollers.start();
}

export async function stopEventSourcePollers(): Promise<void> {
  const stopping = pollers;
  pollers = undefined;
  await stopping?.stop();
}
