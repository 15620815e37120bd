// SQL over lambda_permissions: a function's (or alias's) resource-based policy, one row a statement.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';
import type { UrlKey } from './store-function-urls.js';

/** A policy belongs to a function and qualifier ('' for the unqualified function), as a URL does. */
export type PolicyKey = UrlKey;

const KEY =
  'account_id = :accountId AND region = :region AND function_name = :name AND qualifier = :qualifier';

/** Appends a statement; false when its id is taken. Runs under the function's row lock. */
export async function insertPermission(
  db: Database,
  key: PolicyKey,
  statement: { id: string; json: string },
): Promise<boolean> {
  const result = await db.run(
    `INSERT INTO lambda_permissions (account_id, region, function_name, qualifier, statement_id, position, statement)
     SELECT :accountId, :region, :name, :qualifier, :statementId, COALESCE(MAX(position), 0) + 1, :statement
     FROM lambda_permissions WHERE ${KEY}
     ON CONFLICT DO NOTHING`,
    { ...key, statementId: statement.id, statement: statement.json },
  );
  return result.changes > 0;
}

export async function deletePermission(db: Database, key: PolicyKey, statementId: string): Promise<boolean> {
  const result = await db.run(`DELETE FROM lambda_permissions WHERE ${KEY} AND statement_id = :statementId`, {
    ...key,
    statementId,
  });
  return result.changes > 0;
}

/** The statements' JSON in the order they were added. */
export async function listPermissions(db: Database, key: PolicyKey): Promise<string[]> {
  const rows = await db.all<{ statement: string }>(
    `SELECT statement FROM lambda_permissions WHERE ${KEY} ORDER BY position`,
    { ...key },
  );
  return rows.map((row) => row.statement);
}

/** DeleteFunction removes every policy of the function with it. */
export async function deletePermissions(db: Database, key: FunctionKey): Promise<void> {
  await db.run(
    'DELETE FROM lambda_permissions WHERE account_id = :accountId AND region = :region AND function_name = :name',
    { ...key },
  );
}
