// SQL over lambda_layers and lambda_layer_versions. (All of Lambda's SQL lives in store-*.ts files.)
import type { Database } from '../../storage/types.js';

export interface LayerVersionRow {
  account_id: string;
  region: string;
  name: string;
  version: number;
  description: string;
  license_info: string | null;
  /** JSON arrays of strings. */
  compatible_runtimes: string;
  compatible_architectures: string;
  code_blob: string;
  code_size: number;
  code_sha256: string;
  unzipped_size: number;
  /** JSON array of the policy's statements, or null before the first AddLayerVersionPermission. */
  policy: string | null;
  policy_revision_id: string | null;
  created_at: number;
  deleted_at: number | null;
}

export interface LayerKey {
  accountId: string;
  region: string;
  name: string;
}

export interface LayerVersionKey extends LayerKey {
  version: number;
}

/** ListLayers and ListLayerVersions filters; a LIKE over the JSON arrays, `%` when absent. */
export interface LayerFilter {
  runtime: string | undefined;
  architecture: string | undefined;
}

const VERSION_KEY = 'account_id = :accountId AND region = :region AND name = :name AND version = :version';

/** Live versions that pass the filter, in the query's table `alias`. */
function matching(alias: string): string {
  return `${alias}.deleted_at IS NULL AND ${alias}.compatible_runtimes LIKE :runtime
    AND ${alias}.compatible_architectures LIKE :architecture`;
}

function normalize(row: LayerVersionRow): LayerVersionRow {
  return {
    ...row,
    version: Number(row.version),
    code_size: Number(row.code_size),
    unzipped_size: Number(row.unzipped_size),
    created_at: Number(row.created_at),
  };
}

function filterParams(filter: LayerFilter): { runtime: string; architecture: string } {
  const pattern = (value: string | undefined) => (value === undefined ? '%' : `%"${value}"%`);
  return { runtime: pattern(filter.runtime), architecture: pattern(filter.architecture) };
}

/** Names in byte order, for stable pagination on both databases. */
function byName(db: Database, column: string): string {
  return db.dialect === 'postgres' ? `${column} COLLATE "C"` : column;
}

/** The layer's next version number: 1, 2, … and never one used before, even by a deleted version. */
export async function nextLayerVersion(db: Database, key: LayerKey): Promise<number> {
  const row = await db.one<{ latest_version: number }>(
    `INSERT INTO lambda_layers (account_id, region, name, latest_version)
     VALUES (:accountId, :region, :name, 1)
     ON CONFLICT (account_id, region, name) DO UPDATE SET latest_version = lambda_layers.latest_version + 1
     RETURNING latest_version`,
    { ...key },
  );
  return Number(row?.latest_version);
}

export async function insertLayerVersion(db: Database, row: LayerVersionRow): Promise<void> {
  await db.run(
    `INSERT INTO lambda_layer_versions (account_id, region, name, version, description, license_info,
       compatible_runtimes, compatible_architectures, code_blob, code_size, code_sha256, unzipped_size,
       policy, policy_revision_id, created_at, deleted_at)
     VALUES (:account_id, :region, :name, :version, :description, :license_info, :compatible_runtimes,
       :compatible_architectures, :code_blob, :code_size, :code_sha256, :unzipped_size, :policy,
       :policy_revision_id, :created_at, :deleted_at)`,
    { ...row },
  );
}

/** A version that has not been deleted; `lock` holds it until commit on PostgreSQL. */
export async function findLayerVersion(
  db: Database,
  key: LayerVersionKey,
  options: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<LayerVersionRow | undefined> {
  const lock = options.lock && db.dialect === 'postgres' ? 'FOR UPDATE' : '';
  const live = options.includeDeleted ? '' : 'AND deleted_at IS NULL';
  const row = await db.one<LayerVersionRow>(
    `SELECT * FROM lambda_layer_versions WHERE ${VERSION_KEY} ${live} ${lock}`,
    { ...key },
  );
  return row && normalize(row);
}

export async function updateLayerPolicy(
  db: Database,
  key: LayerVersionKey,
  policy: { statements: string | null; revisionId: string },
): Promise<void> {
  await db.run(
    `UPDATE lambda_layer_versions SET policy = :statements, policy_revision_id = :revisionId WHERE ${VERSION_KEY}`,
    { ...key, ...policy },
  );
}

/** False when there was no such version (or it was deleted already). */
export async function markLayerVersionDeleted(
  db: Database,
  key: LayerVersionKey,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE lambda_layer_versions SET deleted_at = :now WHERE ${VERSION_KEY} AND deleted_at IS NULL`,
    { ...key, now },
  );
  return changes === 1;
}

export async function deleteLayerVersionRow(db: Database, key: LayerVersionKey): Promise<void> {
  await db.run(`DELETE FROM lambda_layer_versions WHERE ${VERSION_KEY}`, { ...key });
}

/** A layer's versions, newest first, below `before`. */
export async function listLayerVersionRows(
  db: Database,
  scope: LayerKey & LayerFilter & { before: number; limit: number },
): Promise<LayerVersionRow[]> {
  const rows = await db.all<LayerVersionRow>(
    `SELECT * FROM lambda_layer_versions v
     WHERE account_id = :accountId AND region = :region AND name = :name AND version < :before AND ${matching('v')}
     ORDER BY version DESC LIMIT :limit`,
    {
      accountId: scope.accountId,
      region: scope.region,
      name: scope.name,
      before: scope.before,
      limit: scope.limit,
      ...filterParams(scope),
    },
  );
  return rows.map(normalize);
}

/** The newest matching version of each layer, in name order, after `after`. */
export async function listLatestLayerVersions(
  db: Database,
  scope: { accountId: string; region: string; after: string; limit: number } & LayerFilter,
): Promise<LayerVersionRow[]> {
  const rows = await db.all<LayerVersionRow>(
    `SELECT * FROM lambda_layer_versions v
     WHERE v.account_id = :accountId AND v.region = :region AND ${byName(db, 'v.name')} > :after
       AND ${matching('v')}
       AND v.version = (SELECT MAX(w.version) FROM lambda_layer_versions w
         WHERE w.account_id = v.account_id AND w.region = v.region AND w.name = v.name AND ${matching('w')})
     ORDER BY ${byName(db, 'v.name')} LIMIT :limit`,
    {
      accountId: scope.accountId,
      region: scope.region,
      after: scope.after,
      limit: scope.limit,
      ...filterParams(scope),
    },
  );
  return rows.map(normalize);
}

/** The zipped size of the layer versions an account keeps in a region, deleted ones still in use included. */
export async function layerCodeSize(
  db: Database,
  scope: { accountId: string; region: string },
): Promise<number> {
  const row = await db.one<{ total: number | null }>(
    `SELECT SUM(code_size) AS total FROM lambda_layer_versions WHERE account_id = :accountId AND region = :region`,
    { ...scope },
  );
  return Number(row?.total ?? 0);
}
