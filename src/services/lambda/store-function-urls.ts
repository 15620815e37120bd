// SQL over lambda_function_urls.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

export interface FunctionUrlRow {
  url_id: string;
  account_id: string;
  region: string;
  function_name: string;
  /** '' for the unqualified function. */
  qualifier: string;
  auth_type: string;
  cors: string | null;
  invoke_mode: string;
  created_at: number;
  modified_at: number;
}

export interface UrlKey extends FunctionKey {
  qualifier: string;
}

const KEY =
  'account_id = :accountId AND region = :region AND function_name = :name AND qualifier = :qualifier';

function normalize(row: FunctionUrlRow): FunctionUrlRow {
  return { ...row, created_at: Number(row.created_at), modified_at: Number(row.modified_at) };
}

/** False when the function (and qualifier) has a URL already. */
export async function insertFunctionUrl(db: Database, row: FunctionUrlRow): Promise<boolean> {
  const result = await db.run(
    `INSERT INTO lambda_function_urls
       (url_id, account_id, region, function_name, qualifier, auth_type, cors, invoke_mode, created_at, modified_at)
     VALUES (:url_id, :account_id, :region, :function_name, :qualifier, :auth_type, :cors, :invoke_mode, :created_at, :modified_at)
     ON CONFLICT DO NOTHING`,
    { ...row },
  );
  return result.changes > 0;
}

export async function findFunctionUrl(db: Database, key: UrlKey): Promise<FunctionUrlRow | undefined> {
  const row = await db.one<FunctionUrlRow>(`SELECT * FROM lambda_function_urls WHERE ${KEY}`, { ...key });
  return row && normalize(row);
}

export async function findFunctionUrlById(db: Database, urlId: string): Promise<FunctionUrlRow | undefined> {
  const row = await db.one<FunctionUrlRow>('SELECT * FROM lambda_function_urls WHERE url_id = :urlId', {
    urlId,
  });
  return row && normalize(row);
}

/** Undefined when the URL does not exist. */
export async function updateFunctionUrl(
  db: Database,
  key: UrlKey,
  change: Pick<FunctionUrlRow, 'auth_type' | 'cors' | 'invoke_mode' | 'modified_at'>,
): Promise<FunctionUrlRow | undefined> {
  const row = await db.one<FunctionUrlRow>(
    `UPDATE lambda_function_urls
     SET auth_type = :auth_type, cors = :cors, invoke_mode = :invoke_mode, modified_at = :modified_at
     WHERE ${KEY} RETURNING *`,
    { ...key, ...change },
  );
  return row && normalize(row);
}

export async function deleteFunctionUrl(db: Database, key: UrlKey): Promise<boolean> {
  const result = await db.run(`DELETE FROM lambda_function_urls WHERE ${KEY}`, { ...key });
  return result.changes > 0;
}

/** Every URL of a function (all qualifiers), in qualifier byte order, after `after`. */
export async function listFunctionUrls(
  db: Database,
  scope: FunctionKey & { after: string | undefined; limit: number },
): Promise<FunctionUrlRow[]> {
  const qualifier = db.dialect === 'postgres' ? 'qualifier COLLATE "C"' : 'qualifier';
  const { after, limit, ...key } = scope;
  const rows = await db.all<FunctionUrlRow>(
    `SELECT * FROM lambda_function_urls
     WHERE account_id = :accountId AND region = :region AND function_name = :name
       ${after === undefined ? '' : `AND ${qualifier} > :after`}
     ORDER BY ${qualifier} LIMIT :limit`,
    after === undefined ? { ...key, limit } : { ...key, after, limit },
  );
  return rows.map(normalize);
}

/** DeleteFunction removes the function's URLs with it. */
export async function deleteFunctionUrls(db: Database, key: FunctionKey): Promise<void> {
  await db.run(
    'DELETE FROM lambda_function_urls WHERE account_id = :accountId AND region = :region AND function_name = :name',
    { ...key },
  );
}
