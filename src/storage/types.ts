/**
 * The storage contract every service builds on. Two adapters implement it: SQLite (embedded, the
 * default) and PostgreSQL (several Nubis nodes on one database). Resource state lives only here.
 *
 * SQL is written once, portably, with named parameters (`:name`). Integers hold time (epoch ms),
 * JSON is stored as TEXT, booleans as 0/1 integers. Branch on `dialect` only where behaviour differs.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | bigint | Buffer | Uint8Array | null;
export type SqlParams = Record<string, SqlValue>;

export interface Database {
  readonly dialect: Dialect;
  all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]>;
  one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined>;
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /**
   * Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED on one pooled
   * client). Everything inside must use `tx`, not the outer handle (on SQLite the outer handle waits
   * for the transaction to end: using it inside deadlocks). Commits when `fn` resolves, rolls back
   * when it throws. PostgreSQL runs `fn` again on a serialization failure or deadlock, so `fn` must
   * have no effects outside the database. `tx.transaction` is a savepoint.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}

export interface BlobRef {
  id: string;
  size: number;
  /** Hex MD5 of the content. */
  md5: string;
}

/** Immutable large payloads (function code, object bodies). */
export interface BlobStore {
  put(body: Buffer): Promise<BlobRef>;
  /** `range` is inclusive of `start`, exclusive of `end`. Undefined when the blob does not exist. */
  get(id: string, range?: { start: number; end: number }): Promise<Buffer | undefined>;
  delete(id: string): Promise<void>;
}

/** Wakes waiters (long polls) on this node and, with PostgreSQL, on every node (LISTEN/NOTIFY). */
export interface Notifier {
  notify(channel: string, payload?: string): Promise<void>;
  subscribe(channel: string, listener: (payload: string | undefined) => void): () => void;
}

export interface Lease {
  readonly name: string;
  /** Extends the lease; false when it was lost (expired and taken by another node). */
  renew(ttlMs: number): Promise<boolean>;
  release(): Promise<void>;
}

/** Named leases for work that one node must do at a time. */
export interface Leases {
  tryAcquire(name: string, ttlMs: number): Promise<Lease | null>;
}

export interface JobSpec {
  /** Which registered handler runs it, e.g. `sqs.move-task`. */
  kind: string;
  /** Optional identity within the kind: scheduling the same key again replaces the pending job. */
  key?: string;
  /** Epoch ms at which it becomes due. */
  runAt: number;
  payload?: unknown;
}

export interface Job {
  id: string;
  kind: string;
  key: string | null;
  runAt: number;
  attempts: number;
  payload: unknown;
}

/** What a handler may ask for: run again later (a recurring or continuing job), or be done. */
export type JobOutcome = void | { rescheduleAt: number; payload?: unknown };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

/**
 * Durable timers. Due rows are claimed transactionally, so a restart or a second node loses nothing
 * and runs nothing twice; a handler that throws is retried with backoff.
 */
export interface Jobs {
  register(kind: string, handler: JobHandler): void;
  /** Schedules a job; pass `tx` to make it part of a caller's transaction. Returns its id. */
  schedule(spec: JobSpec, tx?: Database): Promise<string>;
  cancel(kind: string, key: string, tx?: Database): Promise<void>;
  /** Claims and runs every job due now; resolves with how many ran. Used by the loop and by tests. */
  runDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  /**
   * Resolves once this node has nothing in flight (handlers, claims, re-arming). Tests advance a
   * ManualClock and then await this instead of sleeping.
   */
  idle(): Promise<void>;
}

export interface Migration {
  /** Unique, ordered within its scope (e.g. `sqs`). Never edit a released migration; add one. */
  id: number;
  name: string;
  up(db: Database): Promise<void>;
}

export interface Storage {
  readonly kind: Dialect;
  readonly db: Database;
  readonly blobs: BlobStore;
  readonly notifier: Notifier;
  readonly leases: Leases;
  readonly jobs: Jobs;
  /** Identifies this process among the nodes sharing the database. */
  readonly nodeId: string;
  /** Applies a scope's migrations once, in order, safely when several nodes start together. */
  migrate(scope: string, migrations: Migration[]): Promise<void>;
  close(): Promise<void>;
}
