// ClientRequestToken idempotency for TransactWriteItems (AWS API reference): a token is valid for
// ten minutes after the request that first used it succeeds. Within that window the same request
// succeeds again without writing anything; a different request with the token is refused with
// IdempotentParameterMismatchException. A cancelled transaction records nothing, so its retry runs.
import { createHash } from 'node:crypto';
import type { Database } from '../../../../storage/types.js';
import { idempotentParameterMismatch } from '../../errors.js';

export const TOKEN_WINDOW_MS = 10 * 60 * 1000;

export interface TokenScope {
  accountId: string;
  region: string;
  token: string;
}

/**
 * A digest of what the token vouches for: the actions, not how the answer is reported (a retry
 * may ask for capacity or metrics differently and still be the same request).
 */
export function requestDigest(transactItems: unknown): string {
  return createHash('sha256').update(JSON.stringify(transactItems)).digest('hex');
}

/** Holds concurrent requests with one token until the first one's transaction ends. */
async function lockToken(tx: Database, scope: TokenScope): Promise<void> {
  if (tx.dialect !== 'postgres') return;
  const digest = createHash('md5').update(`${scope.accountId}/${scope.region}/${scope.token}`).digest();
  await tx.run('SELECT pg_advisory_xact_lock(:high, :low)', {
    high: digest.readInt32BE(0),
    low: digest.readInt32BE(4),
  });
}

/** True when this request already succeeded with its token; throws when the token vouched for another. */
export async function alreadyApplied(
  tx: Database,
  scope: TokenScope,
  digest: string,
  now: number,
): Promise<boolean> {
  await lockToken(tx, scope);
  const row = await tx.one<{ request_digest: string; expires_at: number | string }>(
    `SELECT request_digest, expires_at FROM dynamodb_transaction_tokens
     WHERE account_id = :accountId AND region = :region AND token = :token`,
    { ...scope },
  );
  if (!row || Number(row.expires_at) <= now) return false;
  if (row.request_digest !== digest) throw idempotentParameterMismatch();
  return true;
}

export async function recordToken(
  tx: Database,
  scope: TokenScope,
  digest: string,
  now: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO dynamodb_transaction_tokens (account_id, region, token, request_digest, expires_at)
     VALUES (:accountId, :region, :token, :digest, :expiresAt)
     ON CONFLICT (account_id, region, token)
     DO UPDATE SET request_digest = excluded.request_digest, expires_at = excluded.expires_at`,
    { ...scope, digest, expiresAt: now + TOKEN_WINDOW_MS },
  );
}

/** Forgets tokens whose window has closed (run by the time-to-live sweep). */
export async function forgetExpiredTokens(db: Database, now: number): Promise<void> {
  await db.run('DELETE FROM dynamodb_transaction_tokens WHERE expires_at <= :now', { now });
}
