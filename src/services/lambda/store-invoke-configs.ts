// SQL over lambda_event_invoke_configs: asynchronous invocation settings per function qualifier.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

export interface InvokeConfigRow {
  qualifier: string;
  maximum_retry_attempts: number | null;
  maximum_event_age_s: number | null;
  on_success: string | null;
  on_failure: string | null;
  modified_at: number;
}

export type InvokeConfigKey = FunctionKey & { qualifier: string };

const KEY = 'account_id = :accountId AND region = :region AND name = :name';

export async function findInvokeConfig(
  db: Database,
  key: InvokeConfigKey,
): Promise<InvokeConfigRow | undefined> {
  const row = await db.one<InvokeConfigRow>(
    `SELECT qualifier, maximum_retry_attempts, maximum_event_age_s, on_success, on_failure, modified_at
     FROM lambda_event_invoke_configs WHERE ${KEY} AND qualifier = :qualifier`,
    { ...key },
  );
  return row && { ...row, modified_at: Number(row.modified_at) };
}

export async function saveInvokeConfig(
  db: Database,
  key: InvokeConfigKey,
  row: InvokeConfigRow,
): Promise<void> {
  await db.run(
    `INSERT INTO lambda_event_invoke_configs (account_id, region, name, qualifier, maximum_retry_attempts,
       maximum_event_age_s, on_success, on_failure, modified_at)
     VALUES (:accountId, :region, :name, :qualifier, :maximum_retry_attempts, :maximum_event_age_s,
       :on_success, :on_failure, :modified_at)
     ON CONFLICT (account_id, region, name, qualifier) DO UPDATE SET
       maximum_retry_attempts = :maximum_retry_attempts, maximum_event_age_s = :maximum_event_age_s,
       on_success = :on_success, on_failure = :on_failure, modified_at = :modified_at`,
    { ...row, ...key },
  );
}

/** True when there was one to delete. */
export async function deleteInvokeConfig(db: Database, key: InvokeConfigKey): Promise<boolean> {
  const { changes } = await db.run(
    `DELETE FROM lambda_event_invoke_configs WHERE ${KEY} AND qualifier = :qualifier`,
    { ...key },
  );
  return changes > 0;
}

/** Qualifiers in byte order after `after`, for stable pagination on both databases. */
export async function listInvokeConfigs(
  db: Database,
  key: FunctionKey,
  page: { after: string; limit: number },
): Promise<InvokeConfigRow[]> {
  const order = db.dialect === 'postgres' ? 'qualifier COLLATE "C"' : 'qualifier';
  const rows = await db.all<InvokeConfigRow>(
    `SELECT qualifier, maximum_retry_attempts, maximum_event_age_s, on_success, on_failure, modified_at
     FROM lambda_event_invoke_configs WHERE ${KEY} AND ${order} > :after ORDER BY ${order} LIMIT :limit`,
    { ...key, ...page },
  );
  return rows.map((row) => ({ ...row, modified_at: Number(row.modified_at) }));
}
