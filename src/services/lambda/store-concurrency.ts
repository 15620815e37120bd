// SQL over lambda_function_concurrency: reserved concurrency per function; with the provisioned
// concurrency configs, what the account's functions have claimed of its concurrency.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

const KEY = 'account_id = :accountId AND region = :region AND name = :name';
const SCOPE = 'account_id = :accountId AND region = :region';

export interface ConcurrencyLimits {
  /** The function's reserved concurrency, or null when it shares the account's unreserved pool. */
  reserved: number | null;
  /** Everything reserved by functions of the account in the region. */
  totalReserved: number;
  /** The provisioned concurrency of the function's versions and aliases together. */
  provisioned: number;
  /**
   * Lambda's allocated concurrency: every reservation, plus the provisioned concurrency of the
   * functions without one (a reservation already holds its function's provisioned concurrency).
   * The account's unreserved concurrency is its limit less this.
   */
  allocated: number;
}

/** One read on the invoke path: the function's reservation and provisioning, and the account's. */
export async function concurrencyLimits(db: Database, key: FunctionKey): Promise<ConcurrencyLimits> {
  const row = await db.one<{
    reserved: number | null;
    total: number | null;
    provisioned: number | null;
    unreserved_provisioned: number | null;
  }>(
    `SELECT (SELECT reserved FROM lambda_function_concurrency WHERE ${KEY}) AS reserved,
       (SELECT SUM(reserved) FROM lambda_function_concurrency WHERE ${SCOPE}) AS total,
       (SELECT SUM(requested) FROM lambda_provisioned_concurrency WHERE ${KEY}) AS provisioned,
       (SELECT SUM(p.requested) FROM lambda_provisioned_concurrency p
        WHERE p.account_id = :accountId AND p.region = :region
          AND NOT EXISTS (SELECT 1 FROM lambda_function_concurrency c
            WHERE c.account_id = p.account_id AND c.region = p.region AND c.name = p.name))
         AS unreserved_provisioned`,
    { ...key },
  );
  const totalReserved = Number(row?.total ?? 0);
  return {
    reserved: row?.reserved === null || row?.reserved === undefined ? null : Number(row.reserved),
    totalReserved,
    provisioned: Number(row?.provisioned ?? 0),
    allocated: totalReserved + Number(row?.unreserved_provisioned ?? 0),
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
