// The SQL of state machine versions and aliases (migration 4). Writers lock the machine's row first
// (lockMachine of store.ts), so that publishing, deleting a version and routing an alias to it are
// ordered one after another for a machine.
import type { Database } from '../../storage/types.js';

export interface VersionRow {
  arn: string;
  machine_arn: string;
  version: number;
  definition: string;
  role_arn: string;
  logging: string;
  tracing: string;
  /** Null for the machine's initial revision (one never updated). */
  revision_id: string | null;
  description: string | null;
  created_at: number;
}

export interface Route {
  stateMachineVersionArn: string;
  weight: number;
}

export interface AliasRow {
  arn: string;
  machine_arn: string;
  name: string;
  description: string | null;
  /** JSON of the alias's routes. */
  routing: string;
  created_at: number;
  updated_at: number;
}

const versionOf = (row: VersionRow): VersionRow => ({
  ...row,
  version: Number(row.version),
  created_at: Number(row.created_at),
});

const aliasOf = (row: AliasRow): AliasRow => ({
  ...row,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

export const routesOf = (alias: AliasRow): Route[] => JSON.parse(alias.routing) as Route[];

export async function findVersion(db: Database, arn: string): Promise<VersionRow | undefined> {
  const row = await db.one<VersionRow>('SELECT * FROM states_versions WHERE arn = :arn', { arn });
  return row && versionOf(row);
}

/** The version published from a revision of the machine (null: its initial one), if any is left. */
export async function findVersionOfRevision(
  db: Database,
  machineArn: string,
  revisionId: string | null,
): Promise<VersionRow | undefined> {
  const row = await db.one<VersionRow>(
    `SELECT * FROM states_versions WHERE machine_arn = :machineArn AND
       ${revisionId === null ? 'revision_id IS NULL' : 'revision_id = :revisionId'}
     ORDER BY version DESC LIMIT 1`,
    { machineArn, ...(revisionId !== null && { revisionId }) },
  );
  return row && versionOf(row);
}

export async function countVersions(db: Database, machineArn: string): Promise<number> {
  const row = await db.one<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM states_versions WHERE machine_arn = :machineArn',
    { machineArn },
  );
  return Number(row?.n ?? 0);
}

/** The machine's next version number, taken (call within the transaction that inserts it). */
export async function takeVersionNumber(tx: Database, machineArn: string): Promise<number> {
  await tx.run('UPDATE states_machines SET last_version = last_version + 1 WHERE arn = :machineArn', {
    machineArn,
  });
  const row = await tx.one<{ last_version: number | string }>(
    'SELECT last_version FROM states_machines WHERE arn = :machineArn',
    { machineArn },
  );
  return Number(row!.last_version);
}

export async function insertVersion(tx: Database, row: VersionRow): Promise<void> {
  await tx.run(
    `INSERT INTO states_versions (arn, machine_arn, version, definition, role_arn, logging, tracing, revision_id, description, created_at)
     VALUES (:arn, :machine_arn, :version, :definition, :role_arn, :logging, :tracing, :revision_id, :description, :created_at)`,
    { ...row },
  );
}

/** Newest first (AWS: descending creation time), `offset` rows passed over. */
export async function listVersions(
  db: Database,
  machineArn: string,
  offset: number,
  limit: number,
): Promise<VersionRow[]> {
  const rows = await db.all<VersionRow>(
    `SELECT * FROM states_versions WHERE machine_arn = :machineArn
     ORDER BY version DESC LIMIT :limit OFFSET :offset`,
    { machineArn, offset, limit },
  );
  return rows.map(versionOf);
}

export async function deleteVersion(tx: Database, arn: string): Promise<void> {
  await tx.run('DELETE FROM states_versions WHERE arn = :arn', { arn });
}

/** Records that CreateStateMachine published version 1, with this description. */
export async function markCreatedPublished(
  tx: Database,
  machineArn: string,
  description: string | null,
): Promise<void> {
  await tx.run('UPDATE states_machines SET created_published = :published WHERE arn = :machineArn', {
    machineArn,
    published: JSON.stringify({ description }),
  });
}

export async function findAlias(db: Database, arn: string): Promise<AliasRow | undefined> {
  const row = await db.one<AliasRow>('SELECT * FROM states_aliases WHERE arn = :arn', { arn });
  return row && aliasOf(row);
}

/** A machine's aliases, newest first (AWS API reference, ListStateMachineAliases). */
export async function listAliases(db: Database, machineArn: string): Promise<AliasRow[]> {
  const rows = await db.all<AliasRow>(
    `SELECT * FROM states_aliases WHERE machine_arn = :machineArn ORDER BY created_at DESC, arn DESC`,
    { machineArn },
  );
  return rows.map(aliasOf);
}

/** False when an alias of that ARN exists already. */
export async function insertAlias(tx: Database, row: AliasRow): Promise<boolean> {
  const { changes } = await tx.run(
    `INSERT INTO states_aliases (arn, machine_arn, name, description, routing, created_at, updated_at)
     VALUES (:arn, :machine_arn, :name, :description, :routing, :created_at, :updated_at)
     ON CONFLICT (arn) DO NOTHING`,
    { ...row },
  );
  return changes === 1;
}

export async function updateAlias(
  tx: Database,
  arn: string,
  change: Pick<AliasRow, 'description' | 'routing' | 'updated_at'>,
): Promise<void> {
  await tx.run(
    'UPDATE states_aliases SET description = :description, routing = :routing, updated_at = :updated_at WHERE arn = :arn',
    { arn, ...change },
  );
}

export async function deleteAlias(db: Database, arn: string): Promise<void> {
  await db.run('DELETE FROM states_aliases WHERE arn = :arn', { arn });
}

/** DeleteStateMachine takes the machine's versions and aliases with it (AWS API reference). */
export async function deleteVersionsAndAliases(tx: Database, machineArn: string): Promise<void> {
  await tx.run('DELETE FROM states_aliases WHERE machine_arn = :machineArn', { machineArn });
  await tx.run('DELETE FROM states_versions WHERE machine_arn = :machineArn', { machineArn });
}
