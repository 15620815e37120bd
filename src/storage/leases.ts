import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Database, Lease, Leases } from './types.js';

/**
 * Named leases in `nubis_leases`. Each acquisition carries a fresh token, so a holder that lost its
 * lease (expired and taken over) can neither renew nor release the new holder's. Expiry compares
 * clock readings of different nodes: their clocks must roughly agree (NTP), and TTLs should be
 * generous compared with any skew.
 */
export class SqlLeases implements Leases {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly nodeId: string,
  ) {}

  async tryAcquire(name: string, ttlMs: number): Promise<Lease | null> {
    const token = randomUUID();
    const now = this.clock.now();
    // One statement: insert a new lease, or take over an expired one; a live one is left alone.
    const row = await this.db.one(
      `INSERT INTO nubis_leases (name, holder, token, expires_at) VALUES (:name, :holder, :token, :expires)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token,
         expires_at = excluded.expires_at
       WHERE nubis_leases.expires_at <= :now
       RETURNING token`,
      { name, holder: this.nodeId, token, expires: Math.ceil(now + ttlMs), now },
    );
    return row ? new SqlLease(this.db, this.clock, name, token) : null;
  }
}

class SqlLease implements Lease {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly name: string,
    private readonly token: string,
  ) {}

  /** Succeeds while nobody took the lease over, even if it ran past its expiry meanwhile. */
  async renew(ttlMs: number): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE nubis_leases SET expires_at = :expires WHERE name = :name AND token = :token',
      { name: this.name, token: this.token, expires: Math.ceil(this.clock.now() + ttlMs) },
    );
    return changes === 1;
  }

  async release(): Promise<void> {
    await this.db.run('DELETE FROM nubis_leases WHERE name = :name AND token = :token', {
      name: this.name,
      token: this.token,
    });
  }
}
