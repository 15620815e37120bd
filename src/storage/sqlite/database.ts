import type { LocalNotifier } from '../local-notifier.js';
import { CommitGroup, MAX_GROUP_SIZE } from './commit-group.js';
import { HookList } from '../tx-hooks.js';
import { TransactionHandle } from '../transaction-handle.js';
import type { Database, SqlParams } from '../types.js';
import {
  acquireConnection,
  releaseConnection,
  type Durability,
  type SqliteConnection,
} from './connection.js';

const TRANSACTION = 'transaction';
const MEMBER_SAVEPOINT = 'nubis_member';

/**
 * The SQLite adapter. Statements are synchronous; only `transaction` spans awaits, and while one is
 * open every statement issued on this handle waits for it (the connection's mutex).
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private closed = false;

  private constructor(private readonly connection: SqliteConnection) {}

  static open(file: string, durability: Durability = 'process'): SqliteDatabase {
    return new SqliteDatabase(acquireConnection(file, durability));
  }

  async all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]> {
    if (this.readsOnly(sql)) return this.connection.readCommitted<R>(sql, params);
    return this.outside(() => this.connection.all<R>(sql, params));
  }

  async one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined> {
    if (this.readsOnly(sql)) return this.connection.readCommittedRow<R>(sql, params);
    return this.outside(() => this.connection.one<R>(sql, params));
  }

  /**
   * Reads outside a transaction go to the reader connection: they see committed state only and
   * neither wait for nor break up a group commit in progress.
   */
  private readsOnly(sql: string): boolean {
    this.assertOpen();
    return this.connection.mutex.locked && this.connection.isReadOnly(sql);
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    return this.outside(() => this.connection.run(sql, params));
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.assertOpen();
    const { connection } = this;
    await connection.mutex.acquire(TRANSACTION);
    // IMMEDIATE takes the write lock now, so a transaction never fails half-way on an upgrade.
    if (!connection.group) {
      connection.exec('BEGIN IMMEDIATE');
      connection.group = new CommitGroup();
    }
    const group = connection.group;
    const hooks = new HookList();
    const tx = new SqliteTransaction(connection, hooks, 0);
    let result: T;
    connection.exec(`SAVEPOINT ${MEMBER_SAVEPOINT}`);
    try {
      result = await fn(tx);
      connection.exec(`RELEASE ${MEMBER_SAVEPOINT}`);
    } catch (error) {
      this.rollBackMember(group, error);
      throw error;
    } finally {
      tx.finish();
    }
    hooks.moveTo(group.hooks);
    const committed = group.join();
    this.handOver();
    await committed;
    return result;
  }

  /** Undoes one member; when SQLite has rolled back the whole transaction (SQLITE_FULL), the group fails. */
  private rollBackMember(group: CommitGroup, error: unknown): void {
    const { connection } = this;
    if (connection.raw.inTransaction) {
      connection.exec(`ROLLBACK TO ${MEMBER_SAVEPOINT}`);
      connection.exec(`RELEASE ${MEMBER_SAVEPOINT}`);
    } else {
      connection.group = undefined;
      group.failed(error);
    }
    this.handOver();
  }

  /**
   * Keeps the group open for a transaction that waits next. When none waits yet, the commit waits
   * once (per group) for the end of this turn of the event loop (setImmediate), so that requests
   * read in the same turn join the group; otherwise it commits, then lets the next caller in.
   */
  private handOver(): void {
    const { connection } = this;
    const group = connection.group;
    const nextTag = connection.mutex.nextTag();
    if (group && group.size < MAX_GROUP_SIZE) {
      if (nextTag === TRANSACTION) return connection.mutex.release();
      if (nextTag === undefined && !group.waited) {
        group.waited = true;
        setImmediate(() => {
          if (connection.group === group) this.handOver();
        });
        return;
      }
    }
    if (group) this.commit(group);
    connection.mutex.release();
  }

  private commit(group: CommitGroup): void {
    const { connection } = this;
    connection.group = undefined;
    try {
      connection.exec('COMMIT');
      group.committed();
    } catch (error) {
      if (connection.raw.inTransaction) connection.exec('ROLLBACK');
      group.failed(error);
    }
  }

  /** The in-process notifier shared by every handle on this file. */
  get bus(): LocalNotifier {
    return this.connection.bus;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await releaseConnection(this.connection);
  }

  /** Runs a statement at once, or after the open transaction when there is one. */
  private async outside<T>(statement: () => T): Promise<T> {
    this.assertOpen();
    const { mutex } = this.connection;
    if (!mutex.locked) return statement();
    return mutex.run(statement);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('nubis storage: the SQLite database is closed');
  }
}

/** The handle given to a transaction's callback: statements go straight to the connection. */
class SqliteTransaction extends TransactionHandle {
  readonly dialect = 'sqlite' as const;

  constructor(
    private readonly connection: SqliteConnection,
    hooks: HookList,
    depth: number,
  ) {
    super(hooks, depth);
  }

  async all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]> {
    this.assertActive();
    return this.connection.all<R>(sql, params);
  }

  async one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined> {
    this.assertActive();
    return this.connection.one<R>(sql, params);
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    this.assertActive();
    return this.connection.run(sql, params);
  }

  protected child(hooks: HookList, depth: number): TransactionHandle {
    return new SqliteTransaction(this.connection, hooks, depth);
  }

  protected execute(sql: string): void {
    this.connection.exec(sql);
  }

  /** SQLite may have rolled back the whole transaction by itself (e.g. on SQLITE_FULL). */
  protected rollBackTo(savepoint: string): void {
    if (!this.connection.raw.inTransaction) return;
    this.connection.exec(`ROLLBACK TO ${savepoint}`);
    this.connection.exec(`RELEASE ${savepoint}`);
  }
}
