import type { Pool, PoolClient } from 'pg';
import { HookList } from '../tx-hooks.js';
import { TransactionHandle } from '../transaction-handle.js';
import type { Database, SqlParams } from '../types.js';
import { loadPg, poolConfig } from './driver.js';
import { bind, translate } from './params.js';

const DEFAULT_POOL_SIZE = 8;
/** Serialization failures and deadlocks are transient: the whole transaction is run again. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

interface Queryable {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

async function query(target: Queryable, sql: string, params?: SqlParams) {
  const translated = translate(sql);
  return target.query({ text: translated.text, values: bind(translated, params) });
}

export interface PostgresOptions {
  poolSize?: number;
}

/** The PostgreSQL adapter: statements on a pool; a transaction holds one client from BEGIN to COMMIT. */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;

  private constructor(readonly pool: Pool) {}

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const pg = await loadPg();
    const pool = new pg.Pool(poolConfig(pg, url, options.poolSize ?? DEFAULT_POOL_SIZE));
    // An idle client losing its connection emits here; without a listener it would crash the process.
    pool.on('error', (error) => console.error('nubis storage: idle PostgreSQL connection failed', error));
    const database = new PostgresDatabase(pool);
    await database.run('SELECT 1'); // fail fast on a wrong URL
    return database;
  }

  async all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]> {
    return (await query(this.pool, sql, params)).rows as R[];
  }

  async one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    return { changes: (await query(this.pool, sql, params)).rowCount ?? 0 };
  }

  /** Runs `fn` again (so it must not have outside effects) when PostgreSQL aborts it as a conflict. */
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(fn);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_CODES.has((error as { code?: string }).code ?? '')) {
          throw error;
        }
        // A short random pause lets the transaction that won go first.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async attempt<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const hooks = new HookList();
    const tx = new PostgresTransaction(client, hooks, 0);
    let broken: Error | undefined;
    let result: T;
    try {
      await client.query('BEGIN');
      try {
        result = await fn(tx);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      tx.finish();
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
    hooks.runAll();
    return result;
  }
}

class PostgresTransaction extends TransactionHandle {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly client: PoolClient,
    hooks: HookList,
    depth: number,
  ) {
    super(hooks, depth);
  }

  async all<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]> {
    this.assertActive();
    return (await query(this.client, sql, params)).rows as R[];
  }

  async one<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    this.assertActive();
    return { changes: (await query(this.client, sql, params)).rowCount ?? 0 };
  }

  protected child(hooks: HookList, depth: number): TransactionHandle {
    return new PostgresTransaction(this.client, hooks, depth);
  }

  protected async execute(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  protected async rollBackTo(savepoint: string): Promise<void> {
    await this.client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
  }
}
