// What a function owns beside its row, removed with it: reserved concurrency, its provisioned
// concurrency configs and its asynchronous invocation configs.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

export async function deleteFunctionSettings(db: Database, key: FunctionKey): Promise<void> {
  const where = 'WHERE account_id = :accountId AND region = :region AND name = :name';
  const params = { accountId: key.accountId, region: key.region, name: key.name };
  await db.run(`DELETE FROM lambda_function_concurrency ${where}`, params);
  await db.run(`DELETE FROM lambda_event_invoke_configs ${where}`, params);
  await db.run(`DELETE FROM lambda_provisioned_concurrency ${where}`, params);
}
