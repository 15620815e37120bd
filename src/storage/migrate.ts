import type { Database, Migration } from './types.js';

/** Any fixed key: it only has to be the same on every node. ('nubis' in ASCII.) */
const MIGRATION_LOCK_KEY = 0x6e75626973;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS nubis_migrations (
  scope TEXT NOT NULL,
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (scope, id)
)`;

/**
 * Applies a scope's pending migrations in one transaction. Nodes starting together take turns: on
 * PostgreSQL an advisory lock held until commit, on SQLite the write lock of BEGIN IMMEDIATE. The
 * next node then finds them recorded and applies nothing.
 */
export async function migrate(
  db: Database,
  scope: string,
  migrations: Migration[],
  now: () => number,
): Promise<void> {
  const ordered = checked(scope, migrations);
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.run(CREATE_MIGRATIONS_TABLE);
    const rows = await tx.all<{ id: number }>('SELECT id FROM nubis_migrations WHERE scope = :scope', {
      scope,
    });
    const applied = new Set(rows.map((row) => row.id));
    for (const migration of ordered) {
      if (applied.has(migration.id)) continue;
      await migration.up(tx);
      await tx.run(
        'INSERT INTO nubis_migrations (scope, id, name, applied_at) VALUES (:scope, :id, :name, :now)',
        { scope, id: migration.id, name: migration.name, now: now() },
      );
    }
  });
}

function checked(scope: string, migrations: Migration[]): Migration[] {
  const seen = new Set<number>();
  for (const { id } of migrations) {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new Error(`migration ${scope}/${id}: id must be a positive integer`);
    if (seen.has(id)) throw new Error(`migration ${scope}/${id}: duplicate id`);
    seen.add(id);
  }
  return [...migrations].sort((a, b) => a.id - b.id);
}
