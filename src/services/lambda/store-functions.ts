// SQL over lambda_functions. (All of Lambda's SQL lives in store-*.ts files.)
import type { Database } from '../../storage/types.js';

export interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  runtime: string | null;
  role: string;
  handler: string | null;
  description: string;
  timeout: number;
  memory_size: number;
  environment: string | null;
  tags: string;
  code_blob: string;
  code_size: number;
  code_sha256: string;
  unzipped_size: number;
  /** JSON of the function's layers in order (see function-layers.ts), or null without layers. */
  layers: string | null;
  revision_id: string;
  /** DeadLetterConfig.TargetArn: where failed asynchronous events go (SQS). */
  dead_letter_target: string | null;
  created_at: number;
  modified_at: number;
}

export interface FunctionKey {
  accountId: string;
  region: string;
  name: string;
}

const KEY = 'account_id = :accountId AND region = :region AND name = :name';

/** PostgreSQL returns BIGINT as numbers already (adapter); this keeps the row's types honest. */
function normalize(row: FunctionRow | undefined): FunctionRow | undefined {
  if (!row) return undefined;
  return { ...row, code_size: Number(row.code_size), unzipped_size: Number(row.unzipped_size) };
}

/** False when a function of that name exists already. */
export async function insertFunction(db: Database, row: FunctionRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO lambda_functions (account_id, region, name, runtime, role, handler, description, timeout,
       memory_size, environment, tags, code_blob, code_size, code_sha256, unzipped_size, layers,
       revision_id, dead_letter_target, created_at, modified_at)
     VALUES (:account_id, :region, :name, :runtime, :role, :handler, :description, :timeout, :memory_size,
       :environment, :tags, :code_blob, :code_size, :code_sha256, :unzipped_size, :layers, :revision_id,
       :dead_letter_target,
       :created_at, :modified_at)
     ON CONFLICT (account_id, region, name) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

export async function findFunction(db: Database, key: FunctionKey): Promise<FunctionRow | undefined> {
  return normalize(await db.one<FunctionRow>(`SELECT * FROM lambda_functions WHERE ${KEY}`, { ...key }));
}

/** The row, locked until commit on PostgreSQL (SQLite's transactions have the one writer anyway). */
export async function lockFunction(db: Database, key: FunctionKey): Promise<FunctionRow | undefined> {
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE' : '';
  return normalize(
    await db.one<FunctionRow>(`SELECT * FROM lambda_functions WHERE ${KEY} ${lock}`, { ...key }),
  );
}

/** Writes every mutable column of `row` (the caller locked it and checked its revision). */
export async function updateFunction(db: Database, row: FunctionRow): Promise<void> {
  await db.run(
    `UPDATE lambda_functions SET runtime = :runtime, role = :role, handler = :handler,
       description = :description, timeout = :timeout, memory_size = :memory_size,
       environment = :environment, tags = :tags, code_blob = :code_blob, code_size = :code_size,
       code_sha256 = :code_sha256, unzipped_size = :unzipped_size, layers = :layers,
       revision_id = :revision_id, dead_letter_target = :dead_letter_target, modified_at = :modified_at
     WHERE account_id = :account_id AND region = :region AND name = :name`,
    { ...row },
  );
}

export async function deleteFunctionRow(db: Database, key: FunctionKey): Promise<void> {
  await db.run(`DELETE FROM lambda_functions WHERE ${KEY}`, { ...key });
}

/** Names in byte order, for stable pagination on both databases. */
export function byName(db: Database): string {
  return db.dialect === 'postgres' ? 'name COLLATE "C"' : 'name';
}

export async function listFunctionRows(
  db: Database,
  scope: { accountId: string; region: string; after: string; limit: number },
): Promise<FunctionRow[]> {
  const rows = await db.all<FunctionRow>(
    `SELECT * FROM lambda_functions
     WHERE account_id = :accountId AND region = :region AND ${byName(db)} > :after
     ORDER BY ${byName(db)} LIMIT :limit`,
    { ...scope },
  );
  return rows.map((row) => normalize(row) as FunctionRow);
}

export async function accountUsage(
  db: Database,
  scope: { accountId: string; region: string },
): Promise<{ totalCodeSize: number; functionCount: number }> {
  const row = await db.one<{ total: number | null; count: number }>(
    `SELECT SUM(code_size) AS total, COUNT(*) AS count FROM lambda_functions
     WHERE account_id = :accountId AND region = :region`,
    { ...scope },
  );
  return { totalCodeSize: Number(row?.total ?? 0), functionCount: Number(row?.count ?? 0) };
}

/** LIKE's wildcards and its escape character, escaped, so that a value matches only itself. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Whether any function or published version still uses the layer version: its ARN, quoted, inside
 * a `layers` JSON, or inside a version's snapshot, where that JSON is a string and its quotes escaped.
 */
export async function isLayerVersionUsed(db: Database, layerVersionArn: string): Promise<boolean> {
  const row = await db.one(
    `SELECT 1 AS used FROM lambda_functions WHERE layers LIKE :inFunction ESCAPE '\\'
     UNION ALL SELECT 1 AS used FROM lambda_versions WHERE snapshot LIKE :inSnapshot ESCAPE '\\'
     LIMIT 1`,
    {
      inFunction: `%${likeLiteral(`"${layerVersionArn}"`)}%`,
      inSnapshot: `%${likeLiteral(`\\"${layerVersionArn}\\"`)}%`,
    },
  );
  return row !== undefined;
}
