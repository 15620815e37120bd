import { Mutex } from './mutex.js';
import { HookList, type CommitHooks } from './tx-hooks.js';
import type { Database, Dialect, SqlParams } from './types.js';

/**
 * The handle a transaction's callback gets, for both adapters: statements go straight to the
 * transaction's connection, a nested transaction is a savepoint (its failure undoes only its own
 * work), and after-commit callbacks wait for the outermost commit.
 */
export abstract class TransactionHandle implements Database, CommitHooks {
  abstract readonly dialect: Dialect;
  private done = false;
  // Nested transactions on one handle would interleave their savepoints, so they queue.
  private readonly nested = new Mutex();

  constructor(
    private readonly hooks: HookList,
    protected readonly depth: number,
  ) {}

  abstract all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]>;
  abstract one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined>;
  abstract run(sql: string, params?: SqlParams): Promise<{ changes: number }>;

  /** A handle one savepoint deeper, on the same connection. */
  protected abstract child(hooks: HookList, depth: number): TransactionHandle;
  /** Runs a statement without parameters or results (SAVEPOINT, RELEASE, ROLLBACK TO). */
  protected abstract execute(sql: string): Promise<void> | void;
  /** Undoes a savepoint's work, if the connection's transaction is still open. */
  protected abstract rollBackTo(savepoint: string): Promise<void> | void;

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.assertActive();
    return this.nested.run(async () => {
      const name = `nubis_sp${this.depth + 1}`;
      const hooks = new HookList();
      const inner = this.child(hooks, this.depth + 1);
      await this.execute(`SAVEPOINT ${name}`);
      try {
        const result = await fn(inner);
        await this.execute(`RELEASE SAVEPOINT ${name}`);
        hooks.moveTo(this.hooks);
        return result;
      } catch (error) {
        await this.rollBackTo(name);
        throw error;
      } finally {
        inner.finish();
      }
    });
  }

  afterCommit(fn: () => void): void {
    this.assertActive();
    this.hooks.add(fn);
  }

  finish(): void {
    this.done = true;
  }

  protected assertActive(): void {
    if (this.done) throw new Error('nubis storage: transaction handle used after its transaction ended');
  }
}
