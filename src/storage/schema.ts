import type { Migration } from './types.js';

/**
 * The platform's own tables, scope `nubis`. Types are chosen to mean the same in both dialects:
 * BIGINT for epoch ms, TEXT for ids and JSON. Never edit a released migration; add one.
 */
export const STORAGE_MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'jobs',
    async up(db) {
      await db.run(`CREATE TABLE nubis_jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        job_key TEXT,
        run_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        payload TEXT,
        claimed_by TEXT,
        claim_expires_at BIGINT,
        created_at BIGINT NOT NULL
      )`);
      // NULL keys are distinct in both dialects, so only keyed jobs replace one another.
      await db.run('CREATE UNIQUE INDEX nubis_jobs_kind_key ON nubis_jobs (kind, job_key)');
      await db.run('CREATE INDEX nubis_jobs_run_at ON nubis_jobs (run_at)');
    },
  },
  {
    id: 2,
    name: 'leases',
    async up(db) {
      await db.run(`CREATE TABLE nubis_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        token TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      )`);
    },
  },
  {
    id: 3,
    name: 'blobs',
    async up(db) {
      // SQLite keeps blobs as files under <dataDir>/blobs; only shared databases need the table.
      if (db.dialect !== 'postgres') return;
      await db.run(`CREATE TABLE nubis_blobs (
        id TEXT PRIMARY KEY,
        size BIGINT NOT NULL,
        md5 TEXT NOT NULL,
        body BYTEA NOT NULL,
        created_at BIGINT NOT NULL
      )`);
    },
  },
];
