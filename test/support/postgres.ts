import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on (trust auth on the development machine). */
export const TEST_POSTGRES_URL =
  process.env['NUBIS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Ends every connection still open on it and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a uniquely named database, so suites running in parallel never share one. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `nubis_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // template0 is never connected to, so concurrent CREATE DATABASE calls cannot collide on it.
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (admin) => {
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
