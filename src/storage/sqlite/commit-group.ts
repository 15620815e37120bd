import { HookList } from '../tx-hooks.js';

/**
 * Group commit. Transactions that queue behind one another on the connection share one SQLite
 * transaction: each runs in its own savepoint (so one that fails rolls back alone), and all are
 * acknowledged together after the single COMMIT. A commit's cost is mostly writing the touched
 * pages to the WAL, so sharing it multiplies write throughput under concurrency, while nothing is
 * acknowledged before it is committed.
 */
export class CommitGroup {
  readonly hooks = new HookList();
  /** Whether the commit already waited once for the end of an event-loop turn for more members. */
  waited = false;
  private readonly members: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  get size(): number {
    return this.members.length;
  }

  /** Resolves when the group commits; rejects when it cannot. */
  join(): Promise<void> {
    return new Promise((resolve, reject) => this.members.push({ resolve, reject }));
  }

  committed(): void {
    for (const member of this.members) member.resolve();
    this.hooks.runAll();
  }

  failed(error: unknown): void {
    for (const member of this.members) member.reject(error);
  }
}

/** Beyond this many members a group commits even when more transactions wait, to bound latency. */
export const MAX_GROUP_SIZE = 64;
