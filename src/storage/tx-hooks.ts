import type { Database } from './types.js';

/**
 * Work to do once a transaction has committed (wake a job loop, notify long pollers): doing it
 * earlier would let another connection look for rows it cannot see yet. Transaction handles of
 * both adapters implement this; on a plain handle the callback runs at once.
 */
export interface CommitHooks {
  afterCommit(fn: () => void): void;
}

function hasHooks(db: Database): db is Database & CommitHooks {
  return typeof (db as Partial<CommitHooks>).afterCommit === 'function';
}

/** Runs `fn` after `db`'s transaction commits (never if it rolls back), or now outside one. */
export function afterCommit(db: Database, fn: () => void): void {
  if (hasHooks(db)) db.afterCommit(fn);
  else fn();
}

/** Collects the callbacks of one top-level transaction; nested savepoints share the root's list. */
export class HookList {
  private readonly fns: Array<() => void> = [];

  add(fn: () => void): void {
    this.fns.push(fn);
  }

  /** A savepoint released: its callbacks now wait for the enclosing transaction. */
  moveTo(parent: HookList): void {
    for (const fn of this.fns) parent.add(fn);
  }

  /** Called after COMMIT; a failing callback must not turn a committed transaction into an error. */
  runAll(): void {
    for (const fn of this.fns) {
      try {
        fn();
      } catch (error) {
        console.error('nubis storage: after-commit callback failed', error);
      }
    }
  }
}
