// What the invoke path reads of a function (its rows, its alias, its concurrency limits), kept on
// this node so that a warm invoke reads nothing from the database. Every Lambda operation that
// may write empties it when it ends, before it answers (implementation.ts), and announces that to
// the other nodes, which empty theirs on the announcement; an entry also lapses after a second
// (settings.ts), the bound should an announcement be lost. (Lambda itself runs the previous code or
// configuration for a few seconds after an update.)
import type { ServiceEnvironment } from '../../core/service.js';

/** The announcement of a Lambda write, on every node's Notifier. */
export const FUNCTIONS_CHANNEL = 'lambda:functions-changed';

interface Entry {
  value: Promise<unknown>;
  readAt: number;
}

export class InvokeReads {
  private entries = new Map<string, Entry>();

  /** @param now monotonic milliseconds (injected by tests) */
  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * `read`'s answer for `key`, read once per lifetime. The promise is kept, so concurrent
   * invokes share one read; a failed read is not kept. Emptying the cache drops a read in flight
   * too, so what it finds (perhaps from before a write) is not kept past the write.
   */
  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.readAt < this.lifetimeMs) return entry.value as Promise<T>;
    const value = read();
    const entries = this.entries;
    entries.set(key, { value, readAt: now });
    value.catch(() => entries.get(key)?.value === value && entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries = new Map();
  }
}

/**
 * Empties this node's cache and tells the other nodes to empty theirs. An announcement that
 * cannot be sent does not fail the operation that wrote: the other nodes' entries lapse anyway.
 */
export async function announceFunctionsChanged(env: ServiceEnvironment, reads: InvokeReads): Promise<void> {
  reads.clear();
  await env.storage.notifier
    .notify(FUNCTIONS_CHANNEL)
    .catch((error: unknown) => console.error('[nubis] lambda: announcing a change failed:', error));
}
