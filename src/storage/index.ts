import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { SqlJobs, type JobsOptions } from './jobs.js';
import { SqlLeases } from './leases.js';
import { migrate } from './migrate.js';
import { STORAGE_MIGRATIONS } from './schema.js';
import type { BlobStore, Database, Dialect, Migration, Notifier, Storage } from './types.js';
import type { Durability } from './sqlite/connection.js';

export type * from './types.js';
export type { Durability } from './sqlite/connection.js';
export type { JobsOptions } from './jobs.js';
export { JOBS_CHANNEL } from './jobs.js';
export { afterCommit } from './tx-hooks.js';

export interface StorageOptions {
  kind: Dialect;
  /** SQLite keeps `nubis.db` and `blobs/` here. */
  dataDir: string;
  postgresUrl?: string;
  clock: Clock;
  /** Defaults to host, pid and a random suffix. */
  nodeId?: string;
  /** SQLite only; see `Durability`. Default `process`. */
  durability?: Durability;
  /** PostgreSQL connections in the pool (default 8), besides the one LISTEN connection. */
  poolSize?: number;
  jobs?: JobsOptions;
}

interface Closable {
  close(): Promise<void>;
}

interface Parts {
  db: Database & Closable;
  blobs: BlobStore;
  notifier: Notifier & Closable;
}

/**
 * Opens the storage and applies its own migrations. The job loop is not started: the platform calls
 * `jobs.start()` once services have registered their handlers.
 */
export async function createStorage(options: StorageOptions): Promise<Storage> {
  const nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const parts = options.kind === 'sqlite' ? await openSqlite(options) : await openPostgres(options, nodeId);
  const storage = new SqlStorage(options.kind, nodeId, options.clock, parts, options.jobs);
  try {
    await storage.migrate('nubis', STORAGE_MIGRATIONS);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

async function openSqlite(options: StorageOptions): Promise<Parts> {
  const [{ SqliteDatabase }, { FileBlobStore }, { ScopedNotifier }] = await Promise.all([
    import('./sqlite/database.js'),
    import('./sqlite/blobs.js'),
    import('./local-notifier.js'),
  ]);
  const db = SqliteDatabase.open(join(options.dataDir, 'nubis.db'), options.durability);
  return {
    db,
    blobs: new FileBlobStore(join(options.dataDir, 'blobs')),
    notifier: new ScopedNotifier(db.bus),
  };
}

/** `pg` is imported only here, so SQLite deployments never load it. */
async function openPostgres(options: StorageOptions, nodeId: string): Promise<Parts> {
  if (!options.postgresUrl) throw new Error('nubis storage: postgresUrl is required for PostgreSQL');
  const [{ PostgresDatabase }, { TableBlobStore }, { PostgresNotifier }] = await Promise.all([
    import('./postgres/database.js'),
    import('./postgres/blobs.js'),
    import('./postgres/notifier.js'),
  ]);
  const db = await PostgresDatabase.open(options.postgresUrl, { poolSize: options.poolSize });
  try {
    const notifier = await PostgresNotifier.start(options.postgresUrl, db, nodeId);
    return { db, blobs: new TableBlobStore(db, () => options.clock.now()), notifier };
  } catch (error) {
    await db.close();
    throw error;
  }
}

class SqlStorage implements Storage {
  readonly db: Database;
  readonly blobs: BlobStore;
  readonly notifier: Notifier;
  readonly leases: SqlLeases;
  readonly jobs: SqlJobs;
  private closing: Promise<void> | undefined;

  constructor(
    readonly kind: Dialect,
    readonly nodeId: string,
    private readonly clock: Clock,
    private readonly parts: Parts,
    jobOptions?: JobsOptions,
  ) {
    this.db = parts.db;
    this.blobs = parts.blobs;
    this.notifier = parts.notifier;
    this.leases = new SqlLeases(parts.db, clock, nodeId);
    this.jobs = new SqlJobs(parts.db, clock, parts.notifier, jobOptions);
  }

  migrate(scope: string, migrations: Migration[]): Promise<void> {
    return migrate(this.db, scope, migrations, () => this.clock.now());
  }

  /** Stops the job loop (waiting for running handlers), then the notifier, then the database. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.jobs.stop();
      await this.parts.notifier.close();
      await this.parts.db.close();
    })();
    return this.closing;
  }
}
