import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { LocalNotifier } from '../local-notifier.js';
import { LruCache } from '../lru.js';
import { Mutex } from '../mutex.js';
import type { CommitGroup } from './commit-group.js';
import type { SqlParams } from '../types.js';

/**
 * `process`: WAL with synchronous=NORMAL. A commit is written to the WAL (the OS page cache) before
 * it is acknowledged, so killing the process (even kill -9) loses nothing; only a power loss or an
 * OS crash may drop the last few commits (the database itself stays consistent). `power`: also
 * fsync the WAL on every commit (synchronous=FULL), slower but durable across power loss.
 */
export type Durability = 'process' | 'power';

const STATEMENT_CACHE_SIZE = 500;
/** How soon after a write the checkpointer thread runs; SQLite's own auto-checkpoint (in a COMMIT) only past ~64 MiB of WAL. */
const CHECKPOINT_DELAY_MS = 200;
const SAFETY_NET_CHECKPOINT_PAGES = 16_384;
const BUSY_TIMEOUT_MS = 5_000;

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * One better-sqlite3 connection with its statement cache and the mutex that serializes async
 * transactions. Shared by every Storage opened on the same file in this process: two connections
 * in one process would block the event loop in SQLite's busy wait while the other holds the lock.
 */
export class SqliteConnection {
  readonly mutex = new Mutex();
  /** In-process wake-ups for every Storage on this file. */
  readonly bus = new LocalNotifier();
  private readonly statements = new LruCache<string, Statement>(STATEMENT_CACHE_SIZE);
  private readonly readerStatements = new LruCache<string, Statement>(STATEMENT_CACHE_SIZE);
  refs = 0;
  private checkpointRequested = false;
  /** The open group commit, while transactions queue behind one another (see commit-group.ts). */
  group: CommitGroup | undefined;

  /**
   * @param reader a second, read-only connection: in WAL mode it reads the last committed state
   *   without waiting for (or seeing into) a transaction open on `raw`.
   */
  constructor(
    readonly raw: BetterSqlite3.Database,
    readonly reader: BetterSqlite3.Database,
    readonly file: string,
    readonly checkpointer: Worker,
  ) {}

  private prepare(sql: string): Statement {
    this.requestCheckpoint();
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Asks the checkpointer for a round shortly after the writer connection is used; an idle
   * platform keeps no timer and wakes no thread.
   */
  private requestCheckpoint(): void {
    if (this.checkpointRequested) return;
    this.checkpointRequested = true;
    const timer = setTimeout(() => {
      this.checkpointRequested = false;
      this.checkpointer.postMessage('checkpoint');
    }, CHECKPOINT_DELAY_MS);
    timer.unref();
  }

  /** Whether `sql` only reads, so it may run on the reader connection. */
  isReadOnly(sql: string): boolean {
    return this.prepare(sql).readonly;
  }

  /** Reads committed state on the reader connection; never waits for an open transaction. */
  readCommitted<R>(sql: string, params: SqlParams = {}): R[] {
    return this.readerStatement(sql).all(params) as R[];
  }

  readCommittedRow<R>(sql: string, params: SqlParams = {}): R | undefined {
    return this.readerStatement(sql).get(params) as R | undefined;
  }

  private readerStatement(sql: string): Statement {
    let statement = this.readerStatements.get(sql);
    if (!statement) {
      statement = this.reader.prepare(sql);
      this.readerStatements.set(sql, statement);
    }
    return statement;
  }

  // better-sqlite3 takes `:name` in SQL and `{ name }` in the object, exactly our convention.
  all<R>(sql: string, params: SqlParams = {}): R[] {
    const statement = this.prepare(sql);
    if (!statement.reader) {
      statement.run(params);
      return [];
    }
    return statement.all(params) as R[];
  }

  one<R>(sql: string, params: SqlParams = {}): R | undefined {
    const statement = this.prepare(sql);
    if (!statement.reader) {
      statement.run(params);
      return undefined;
    }
    return statement.get(params) as R | undefined;
  }

  run(sql: string, params: SqlParams = {}): { changes: number } {
    return { changes: this.prepare(sql).run(params).changes };
  }

  /** For statements without parameters or results (BEGIN, COMMIT, SAVEPOINT). */
  exec(sql: string): void {
    this.prepare(sql).run();
  }
}

const open = new Map<string, SqliteConnection>();

export function acquireConnection(file: string, durability: Durability): SqliteConnection {
  const path = resolve(file);
  let connection = open.get(path);
  if (!connection) {
    mkdirSync(dirname(path), { recursive: true });
    const raw = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
    const reader = new BetterSqlite3(path, { readonly: true, timeout: BUSY_TIMEOUT_MS });
    connection = new SqliteConnection(raw, reader, path, startCheckpointer(path));
    open.set(path, connection);
  }
  connection.refs += 1;
  return connection;
}

export async function releaseConnection(connection: SqliteConnection): Promise<void> {
  connection.refs -= 1;
  if (connection.refs > 0) return;
  open.delete(connection.file);
  // Let an open transaction finish before closing under it.
  await stopCheckpointer(connection.checkpointer);
  await connection.mutex.run(() => {
    connection.reader.close();
    connection.raw.close();
  });
  await connection.bus.close();
}

/** See checkpointer.ts: the WAL is checkpointed on a worker thread, off the event loop. */
function startCheckpointer(file: string): Worker {
  const worker = new Worker(new URL('./checkpointer.js', import.meta.url), {
    workerData: { file },
  });
  worker.unref();
  worker.on('error', (error) => console.error('nubis storage: WAL checkpointer failed', error));
  return worker;
}

async function stopCheckpointer(worker: Worker): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
  });
  worker.postMessage('stop');
  await stopped;
  await worker.terminate();
}
