// SQL over lambda_aliases.
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

export interface AliasRow {
  account_id: string;
  region: string;
  name: string;
  alias: string;
  function_version: string;
  description: string;
  /** AdditionalVersionWeights as JSON, or null without routing. */
  routing: string | null;
  revision_id: string;
}

export interface AliasKey extends FunctionKey {
  alias: string;
}

const FUNCTION = 'account_id = :accountId AND region = :region AND name = :name';
const KEY = `${FUNCTION} AND alias = :alias`;

/** False when the function has an alias of that name already. */
export async function insertAlias(db: Database, row: AliasRow): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO lambda_aliases (account_id, region, name, alias, function_version, description, routing,
       revision_id)
     VALUES (:account_id, :region, :name, :alias, :function_version, :description, :routing, :revision_id)
     ON CONFLICT (account_id, region, name, alias) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

export async function findAlias(db: Database, key: AliasKey): Promise<AliasRow | undefined> {
  return db.one<AliasRow>(`SELECT * FROM lambda_aliases WHERE ${KEY}`, { ...key });
}

export async function updateAlias(db: Database, row: AliasRow): Promise<void> {
  await db.run(
    `UPDATE lambda_aliases SET function_version = :function_version, description = :description,
       routing = :routing, revision_id = :revision_id
     WHERE account_id = :account_id AND region = :region AND name = :name AND alias = :alias`,
    { ...row },
  );
}

export async function deleteAliasRow(db: Database, key: AliasKey): Promise<void> {
  await db.run(`DELETE FROM lambda_aliases WHERE ${KEY}`, { ...key });
}

export async function deleteAllAliases(db: Database, key: FunctionKey): Promise<void> {
  await db.run(`DELETE FROM lambda_aliases WHERE ${FUNCTION}`, { ...key });
}

/** Alias names in byte order, for stable pagination on both databases. */
function byAlias(db: Database): string {
  return db.dialect === 'postgres' ? 'alias COLLATE "C"' : 'alias';
}

/** Aliases named after `after`; with `functionVersion`, only those pointing at that version. */
export async function listAliasRows(
  db: Database,
  scope: FunctionKey & { after: string; limit: number; functionVersion?: string },
): Promise<AliasRow[]> {
  const filter = scope.functionVersion === undefined ? '' : 'AND function_version = :functionVersion';
  const { functionVersion, ...rest } = scope;
  return db.all<AliasRow>(
    `SELECT * FROM lambda_aliases WHERE ${FUNCTION} AND ${byAlias(db)} > :after ${filter}
     ORDER BY ${byAlias(db)} LIMIT :limit`,
    functionVersion === undefined ? { ...rest } : { ...rest, functionVersion },
  );
}

/** Every alias of a function (few: the reference checks of version deletion read them all). */
export async function allAliases(db: Database, key: FunctionKey): Promise<AliasRow[]> {
  return db.all<AliasRow>(`SELECT * FROM lambda_aliases WHERE ${FUNCTION} ORDER BY ${byAlias(db)}`, {
    ...key,
  });
}
