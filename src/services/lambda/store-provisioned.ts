// SQL over lambda_provisioned_concurrency: one provisioned concurrency config per version or alias.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../storage/types.js';
import type { FunctionKey } from './store-functions.js';

export type ProvisionedStatus = 'IN_PROGRESS' | 'READY' | 'FAILED';

export interface ProvisionedKey extends FunctionKey {
  /** A version number or an alias name. */
  qualifier: string;
}

export interface ProvisionedRow {
  account_id: string;
  region: string;
  name: string;
  qualifier: string;
  requested: number;
  allocated: number;
  status: ProvisionedStatus;
  status_reason: string | null;
  /** Changes with every Put and every move of its alias: reports for older revisions are dropped. */
  revision: string;
  modified_at: number;
}

/** A config with the version it provisions: its own qualifier, or its alias's version. */
export interface ProvisionedTarget extends ProvisionedRow {
  version: string;
}

const FUNCTION = 'account_id = :accountId AND region = :region AND name = :name';
const KEY = `${FUNCTION} AND qualifier = :qualifier`;

function keyParams(key: ProvisionedKey) {
  return { accountId: key.accountId, region: key.region, name: key.name, qualifier: key.qualifier };
}

function normalized<T extends ProvisionedRow>(row: T): T {
  return {
    ...row,
    requested: Number(row.requested),
    allocated: Number(row.allocated),
    modified_at: Number(row.modified_at),
  };
}

export async function findProvisioned(
  db: Database,
  key: ProvisionedKey,
): Promise<ProvisionedRow | undefined> {
  const row = await db.one<ProvisionedRow>(`SELECT * FROM lambda_provisioned_concurrency WHERE ${KEY}`, {
    ...keyParams(key),
  });
  return row && normalized(row);
}

/** Every config of the function, in qualifier order. */
export async function functionProvisioned(db: Database, key: FunctionKey): Promise<ProvisionedRow[]> {
  return listProvisioned(db, key, { after: '', limit: Number.MAX_SAFE_INTEGER });
}

export async function listProvisioned(
  db: Database,
  key: FunctionKey,
  page: { after: string; limit: number },
): Promise<ProvisionedRow[]> {
  const order = db.dialect === 'postgres' ? 'qualifier COLLATE "C"' : 'qualifier';
  const rows = await db.all<ProvisionedRow>(
    `SELECT * FROM lambda_provisioned_concurrency WHERE ${FUNCTION} AND ${order} > :after
     ORDER BY ${order} LIMIT :limit`,
    { accountId: key.accountId, region: key.region, name: key.name, ...page },
  );
  return rows.map(normalized);
}

/** A new or replaced config: nothing allocated yet for it. */
export async function saveProvisioned(
  db: Database,
  key: ProvisionedKey,
  requested: number,
  now: number,
): Promise<ProvisionedRow> {
  const row: ProvisionedRow = {
    account_id: key.accountId,
    region: key.region,
    name: key.name,
    qualifier: key.qualifier,
    requested,
    allocated: 0,
    status: 'IN_PROGRESS',
    status_reason: null,
    revision: randomUUID(),
    modified_at: now,
  };
  await db.run(
    `INSERT INTO lambda_provisioned_concurrency (account_id, region, name, qualifier, requested, allocated,
       status, status_reason, revision, modified_at)
     VALUES (:account_id, :region, :name, :qualifier, :requested, :allocated, :status, :status_reason,
       :revision, :modified_at)
     ON CONFLICT (account_id, region, name, qualifier) DO UPDATE SET requested = :requested,
       allocated = :allocated, status = :status, status_reason = :status_reason, revision = :revision,
       modified_at = :modified_at`,
    { ...row },
  );
  return row;
}

/** The alias now points elsewhere: its environments are allocated afresh for the new version. */
export async function restartProvisioned(db: Database, key: ProvisionedKey): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE lambda_provisioned_concurrency SET allocated = 0, status = 'IN_PROGRESS', status_reason = NULL,
       revision = :revision WHERE ${KEY}`,
    { ...keyParams(key), revision: randomUUID() },
  );
  return changes > 0;
}

/** What a node reports of allocating the config's revision `revision`. */
export async function reportAllocation(
  db: Database,
  key: ProvisionedKey & { revision: string },
  report: { status: ProvisionedStatus; reason: string | null; allocated: number },
): Promise<void> {
  await db.run(
    `UPDATE lambda_provisioned_concurrency SET status = :status, status_reason = :reason,
       allocated = :allocated WHERE ${KEY} AND revision = :revision`,
    { ...keyParams(key), revision: key.revision, ...report },
  );
}

export async function deleteProvisioned(db: Database, key: ProvisionedKey): Promise<boolean> {
  const { changes } = await db.run(`DELETE FROM lambda_provisioned_concurrency WHERE ${KEY}`, {
    ...keyParams(key),
  });
  return changes > 0;
}

/** Every config of every account, with the version each provisions (what each node keeps). */
export async function allProvisionedTargets(db: Database): Promise<ProvisionedTarget[]> {
  const rows = await db.all<ProvisionedTarget>(
    `SELECT p.*, COALESCE(a.function_version, p.qualifier) AS version
     FROM lambda_provisioned_concurrency p LEFT JOIN lambda_aliases a
       ON a.account_id = p.account_id AND a.region = p.region AND a.name = p.name AND a.alias = p.qualifier`,
  );
  return rows.map(normalized);
}

export async function anyProvisioned(db: Database): Promise<boolean> {
  return (await db.one('SELECT 1 AS found FROM lambda_provisioned_concurrency LIMIT 1')) !== undefined;
}
