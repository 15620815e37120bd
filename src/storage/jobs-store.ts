import type { Database, JobSpec } from './types.js';

export interface JobRow {
  id: string;
  kind: string;
  job_key: string | null;
  run_at: number;
  attempts: number;
  payload: string | null;
}

const COLUMNS = 'id, kind, job_key, run_at, attempts, payload';

/** `kind IN (:k0, :k1, …)`: the SQL text depends only on how many kinds, so it stays cached. */
function kindList(kinds: string[]): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  kinds.forEach((kind, i) => (params[`k${i}`] = kind));
  return { sql: kinds.map((_, i) => `:k${i}`).join(', '), params };
}

/** All SQL of `nubis_jobs`. A row is claimed while `claimed_by` holds a claim token. */
export class JobStore {
  constructor(private readonly db: Database) {}

  /** A keyed job replaces the pending one under a new id; a running one keeps its claim until done. */
  async insert(db: Database, id: string, spec: JobSpec, now: number): Promise<void> {
    await db.run(
      `INSERT INTO nubis_jobs (id, kind, job_key, run_at, attempts, payload, created_at)
       VALUES (:id, :kind, :key, :runAt, 0, :payload, :now)
       ON CONFLICT (kind, job_key) DO UPDATE SET id = excluded.id, run_at = excluded.run_at,
         attempts = 0, payload = excluded.payload`,
      {
        id,
        kind: spec.kind,
        key: spec.key ?? null,
        runAt: Math.ceil(spec.runAt),
        payload: spec.payload === undefined ? null : JSON.stringify(spec.payload),
        now,
      },
    );
  }

  async cancel(db: Database, kind: string, key: string): Promise<void> {
    await db.run('DELETE FROM nubis_jobs WHERE kind = :kind AND job_key = :key', { kind, key });
  }

  /**
   * Claims up to `limit` due rows in one statement. On PostgreSQL `SKIP LOCKED` lets nodes claim side
   * by side without waiting on each other's rows; SQLite has a single writer anyway. An expired
   * claim (its node died) is claimable again.
   */
  async claim(kinds: string[], token: string, now: number, until: number, limit: number): Promise<JobRow[]> {
    const list = kindList(kinds);
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    return this.db.all<JobRow>(
      `UPDATE nubis_jobs SET claimed_by = :token, claim_expires_at = :until
       WHERE id IN (SELECT id FROM nubis_jobs
         WHERE run_at <= :now AND (claimed_by IS NULL OR claim_expires_at <= :now) AND kind IN (${list.sql})
         ORDER BY run_at, id LIMIT :limit ${lock})
       RETURNING ${COLUMNS}`,
      { ...list.params, token, until, now, limit },
    );
  }

  async extendClaims(token: string, until: number): Promise<void> {
    await this.db.run('UPDATE nubis_jobs SET claim_expires_at = :until WHERE claimed_by = :token', {
      token,
      until,
    });
  }

  /** Only while still ours: a replaced job has a new id, and its replacement must survive. */
  async complete(id: string, token: string): Promise<void> {
    await this.db.run('DELETE FROM nubis_jobs WHERE id = :id AND claimed_by = :token', { id, token });
  }

  /** `payload` undefined keeps the stored one. */
  async reschedule(
    id: string,
    token: string,
    runAt: number,
    attempts: number,
    payload?: string,
  ): Promise<void> {
    await this.db.run(
      `UPDATE nubis_jobs SET run_at = :runAt, attempts = :attempts, payload = COALESCE(:payload, payload),
         claimed_by = NULL, claim_expires_at = NULL
       WHERE id = :id AND claimed_by = :token`,
      { id, token, runAt: Math.ceil(runAt), attempts, payload: payload ?? null },
    );
  }

  /** Frees whatever the token still holds: rows replaced while their old version ran. */
  async releaseClaims(token: string): Promise<void> {
    await this.db.run(
      'UPDATE nubis_jobs SET claimed_by = NULL, claim_expires_at = NULL WHERE claimed_by = :token',
      {
        token,
      },
    );
  }

  /** The earliest unclaimed job of these kinds (expired claims are found by the poll). */
  async nextRunAt(kinds: string[]): Promise<number | undefined> {
    const list = kindList(kinds);
    const row = await this.db.one<{ run_at: number }>(
      `SELECT run_at FROM nubis_jobs WHERE claimed_by IS NULL AND kind IN (${list.sql}) ORDER BY run_at LIMIT 1`,
      list.params,
    );
    return row?.run_at;
  }
}
