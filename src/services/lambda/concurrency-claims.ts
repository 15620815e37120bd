// How much of a concurrency limit each node may use. A limit (a function's reservation, or an
// account's unreserved concurrency) bounds invocations on every node together, so the nodes sharing
// a PostgreSQL database claim units of it in `lambda_concurrency_claims`: a claim is granted only
// as far as the other nodes' live claims leave room, and the sum never passes the limit. A node
// that stops renewing (it died) loses its claims after CLAIM_TTL_MS. With SQLite there is one node,
// and what it may claim is simply the limit.
import type { Database, Storage } from '../../storage/types.js';
import type { Clock } from '../../core/clock.js';

export const CLAIM_TTL_MS = 5_000;

export interface ConcurrencyClaims {
  /**
   * Sets this node's claim on `scope` to `wanted` units, or to what the other nodes leave of
   * `limit` if that is less; answers the units this node now holds.
   */
  claim(scope: string, wanted: number, limit: number): Promise<number>;
  /** Gives back units: this node's claim on `scope` becomes `units` (less than it held). */
  shrink(scope: string, units: number): Promise<void>;
  /** Extends this node's live claims; answers the scopes it still holds (others expired and were taken). */
  renew(): Promise<Set<string>>;
  /** Gives back everything, as the node stops. */
  releaseAll(): Promise<void>;
}

export function concurrencyClaims(storage: Storage, clock: Clock): ConcurrencyClaims {
  return storage.kind === 'postgres'
    ? new DatabaseClaims(storage.db, clock, storage.nodeId)
    : new SingleNodeClaims();
}

/** One node alone: it may use the whole limit. */
export class SingleNodeClaims implements ConcurrencyClaims {
  private readonly held = new Set<string>();

  async claim(scope: string, wanted: number, limit: number): Promise<number> {
    this.held.add(scope);
    return Math.max(0, Math.min(wanted, limit));
  }

  async shrink(scope: string, units: number): Promise<void> {
    if (units === 0) this.held.delete(scope);
  }

  async renew(): Promise<Set<string>> {
    return new Set(this.held);
  }

  async releaseAll(): Promise<void> {
    this.held.clear();
  }
}

export class DatabaseClaims implements ConcurrencyClaims {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly nodeId: string,
  ) {}

  claim(scope: string, wanted: number, limit: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Claims on one scope are decided one at a time across the nodes: READ COMMITTED alone would
      // let two nodes each see the other's old claim and both take the last units.
      await tx.one('SELECT pg_advisory_xact_lock(hashtext(:scope))', { scope });
      const now = this.clock.now();
      await tx.run('DELETE FROM lambda_concurrency_claims WHERE scope = :scope AND expires_at <= :now', {
        scope,
        now,
      });
      const others = await tx.one<{ units: string | number }>(
        `SELECT COALESCE(SUM(units), 0) AS units FROM lambda_concurrency_claims
         WHERE scope = :scope AND node <> :node`,
        { scope, node: this.nodeId },
      );
      const granted = Math.max(0, Math.min(wanted, limit - Number(others?.units ?? 0)));
      await tx.run(
        `INSERT INTO lambda_concurrency_claims (scope, node, units, expires_at)
         VALUES (:scope, :node, :units, :expires)
         ON CONFLICT (scope, node) DO UPDATE SET units = excluded.units, expires_at = excluded.expires_at`,
        { scope, node: this.nodeId, units: granted, expires: now + CLAIM_TTL_MS },
      );
      return granted;
    });
  }

  async shrink(scope: string, units: number): Promise<void> {
    const mine = { scope, node: this.nodeId, units };
    if (units === 0)
      await this.db.run('DELETE FROM lambda_concurrency_claims WHERE scope = :scope AND node = :node', mine);
    else
      await this.db.run(
        'UPDATE lambda_concurrency_claims SET units = :units WHERE scope = :scope AND node = :node',
        mine,
      );
  }

  async renew(): Promise<Set<string>> {
    const rows = await this.db.all<{ scope: string }>(
      'UPDATE lambda_concurrency_claims SET expires_at = :expires WHERE node = :node RETURNING scope',
      { node: this.nodeId, expires: this.clock.now() + CLAIM_TTL_MS },
    );
    return new Set(rows.map((row) => row.scope));
  }

  async releaseAll(): Promise<void> {
    await this.db.run('DELETE FROM lambda_concurrency_claims WHERE node = :node', { node: this.nodeId });
  }
}
