// SQL over lambda_function_concurrency: reserved concurrency per function.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

const KEY = 'account_id = :accountId AND region = :region AND name = :name';

export interface ConcurrencyLimits {
  /** The function's reserved concurrency, or null when it shares the account's unreserved pool. */
  reserved: number | null;
  /** Everything reserved by functions of the account in the region. */
  totalReserved: number;
}

/** One read on the invoke path: the function's reservation and the account's sum of them. */
export async function concurrencyLimits(db: Database, key: FunctionKey): Promise<ConcurrencyLimits> {
  const row = await db.one<{ reserved: number | null; total: number | null }>(
    `SELECT (SELECT reserved FROM lambda_function_concurrency WHERE ${KEY}) AS reserved,
       (SELECT SUM(reserved) FROM lambda_function_concurrency
        WHERE account_id = :accountId AND region = :region) AS total`,
    { ...key },
  );
  return {
    reserved: row?.reserved === null || row?.reserved === undefined ? null : Number(row.reserved),
    totalReserved: Number(row?.total ?? 0),
  };
}

export async function putReserved(db: Database, key: FunctionKey, reserved: number): Promise<void> {
  await db.run(
    `INSERT INTO lambda_function_concurrency (account_id, region, name, reserved)
     VALUES (:accountId, :region, :name, :reserved)
     ON CONFLICT (account_id, region, name) DO UPDATE SET reserved = :reserved`,
    { ...key, reserved },
  );
}

export async function deleteReserved(db: Database, key: FunctionKey): Promise<void> {
  await db.run(`DELETE FROM lambda_function_concurrency WHERE ${KEY}`, { ...key });
}
