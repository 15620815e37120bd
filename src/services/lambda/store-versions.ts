// SQL over lambda_versions and lambda_version_counters, and the package-blob reference check.
import type { Database } from '../../storage/types.js';
import { byName, type FunctionKey, type FunctionRow } from './store-functions.js';

export interface VersionRow {
  account_id: string;
  region: string;
  name: string;
  version: number;
  /** The $LATEST FunctionRow as JSON, as it was when this version was published. */
  snapshot: string;
  description: string;
  revision_id: string;
  code_blob: string;
  code_size: number;
  created_at: number;
}

const KEY = 'account_id = :accountId AND region = :region AND name = :name';

/** The next number for a function: 1, 2, … and never one used before, even once deleted. */
export async function nextVersionNumber(db: Database, key: FunctionKey): Promise<number> {
  const row = await db.one<{ last_version: number }>(
    `INSERT INTO lambda_version_counters (account_id, region, name, last_version)
     VALUES (:accountId, :region, :name, 1)
     ON CONFLICT (account_id, region, name)
     DO UPDATE SET last_version = lambda_version_counters.last_version + 1
     RETURNING last_version`,
    { ...key },
  );
  return Number(row?.last_version);
}

export async function insertVersion(db: Database, row: VersionRow): Promise<void> {
  await db.run(
    `INSERT INTO lambda_versions (account_id, region, name, version, snapshot, description, revision_id,
       code_blob, code_size, created_at)
     VALUES (:account_id, :region, :name, :version, :snapshot, :description, :revision_id, :code_blob,
       :code_size, :created_at)`,
    { ...row },
  );
}

function normalize(row: VersionRow): VersionRow {
  return { ...row, version: Number(row.version), code_size: Number(row.code_size) };
}

export async function findVersion(
  db: Database,
  key: FunctionKey,
  version: number,
): Promise<VersionRow | undefined> {
  const row = await db.one<VersionRow>(`SELECT * FROM lambda_versions WHERE ${KEY} AND version = :version`, {
    ...key,
    version,
  });
  return row && normalize(row);
}

export async function lastVersion(db: Database, key: FunctionKey): Promise<VersionRow | undefined> {
  const row = await db.one<VersionRow>(
    `SELECT * FROM lambda_versions WHERE ${KEY} ORDER BY version DESC LIMIT 1`,
    { ...key },
  );
  return row && normalize(row);
}

/** Versions numbered above `after`, in order. */
export async function listVersionRows(
  db: Database,
  scope: FunctionKey & { after: number; limit: number },
): Promise<VersionRow[]> {
  const rows = await db.all<VersionRow>(
    `SELECT * FROM lambda_versions WHERE ${KEY} AND version > :after ORDER BY version LIMIT :limit`,
    { ...scope },
  );
  return rows.map(normalize);
}

/**
 * Every function's versions after (`afterName`, `afterVersion`) in name then version order, in
 * one account and region (ListFunctions with FunctionVersion ALL). Names in byte order, as
 * listFunctionRows has them.
 */
export async function listAccountVersionRows(
  db: Database,
  scope: { accountId: string; region: string; afterName: string; afterVersion: number; limit: number },
): Promise<VersionRow[]> {
  const rows = await db.all<VersionRow>(
    `SELECT * FROM lambda_versions
     WHERE account_id = :accountId AND region = :region
       AND (${byName(db)} > :afterName OR (name = :afterName AND version > :afterVersion))
     ORDER BY ${byName(db)}, version LIMIT :limit`,
    { ...scope },
  );
  return rows.map(normalize);
}

export async function deleteVersionRow(db: Database, key: FunctionKey, version: number): Promise<void> {
  await db.run(`DELETE FROM lambda_versions WHERE ${KEY} AND version = :version`, { ...key, version });
}

/** Removes every version of a function and its counter; returns the rows removed. */
export async function deleteAllVersions(db: Database, key: FunctionKey): Promise<VersionRow[]> {
  const rows = await db.all<VersionRow>(`SELECT * FROM lambda_versions WHERE ${KEY}`, { ...key });
  await db.run(`DELETE FROM lambda_versions WHERE ${KEY}`, { ...key });
  await db.run(`DELETE FROM lambda_version_counters WHERE ${KEY}`, { ...key });
  return rows.map(normalize);
}

/** True while a function ($LATEST) or a published version still runs this package. */
export async function isBlobReferenced(db: Database, blobId: string): Promise<boolean> {
  const row = await db.one(
    `SELECT 1 AS used FROM lambda_functions WHERE code_blob = :blobId
     UNION ALL SELECT 1 AS used FROM lambda_versions WHERE code_blob = :blobId
     LIMIT 1`,
    { blobId },
  );
  return row !== undefined;
}

/** What published versions add to an account's code storage (Lambda counts every version). */
export async function versionsCodeSize(
  db: Database,
  scope: { accountId: string; region: string },
): Promise<number> {
  const row = await db.one<{ total: number | null }>(
    `SELECT SUM(code_size) AS total FROM lambda_versions WHERE account_id = :accountId AND region = :region`,
    { ...scope },
  );
  return Number(row?.total ?? 0);
}

/** The $LATEST row a version was published from. */
export function snapshotOf(row: VersionRow): FunctionRow {
  return JSON.parse(row.snapshot) as FunctionRow;
}

/** The function as this version: the snapshot with the version's own description and RevisionId. */
export function versionAsRow(row: VersionRow): FunctionRow & { version: string } {
  return {
    ...snapshotOf(row),
    description: row.description,
    revision_id: row.revision_id,
    version: String(row.version),
  };
}
