// State machine versions: PublishStateMachineVersion (and `publish` of CreateStateMachine and
// UpdateStateMachine), ListStateMachineVersions, DeleteStateMachineVersion, and DescribeStateMachine
// of a version ARN. A version is an immutable copy of the machine's current revision, numbered
// <machine arn>:1, :2… — a number is never given again, even once its version is deleted (AWS).
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { parseMachineReference, versionArnOf, type MachineReference } from './arns.js';
import {
  conflict,
  invalidArn,
  machineNotFound,
  quotaExceeded,
  rejectViolations,
  SENSITIVE,
} from './errors.js';
import { machineOf } from './machines.js';
import { pageOf, paged } from './pages.js';
import { findMachine, lockMachine, revisionOf } from './store.js';
import {
  countVersions,
  deleteVersion,
  findVersion,
  findVersionOfRevision,
  insertVersion,
  listAliases,
  listVersions,
  routesOf,
  takeVersionNumber,
  type VersionRow,
} from './versions-store.js';

/** Step Functions quotas: "Maximum number of published versions" of a state machine. */
const MAX_VERSIONS = 1000;

/** What PublishStateMachineVersion's revisionId names a machine never updated by (AWS API reference). */
const INITIAL = 'INITIAL';

/** Version and alias descriptions: at most 256 characters (coral's check; the member is sensitive). */
export function checkDescription(description: string | undefined, path: string): void {
  if (description !== undefined && description.length > 256)
    rejectViolations([
      { value: SENSITIVE, path, constraint: 'Member must have length less than or equal to 256' },
    ]);
}

interface Publishing {
  description?: string;
  /** Publish only if the machine is at this revision (ConflictException otherwise). */
  revisionId?: string;
}

/**
 * Publishes the machine's current revision within `tx`, or answers the version already published
 * from it: publishing is idempotent on the revision (AWS API reference, PublishStateMachineVersion).
 */
export async function publishCurrent(
  tx: Database,
  now: number,
  machineArn: string,
  publishing: Publishing,
): Promise<VersionRow> {
  const machine = await lockMachine(tx, machineArn);
  if (!machine) throw machineNotFound(machineArn);
  const revision = revisionOf(machine) ?? null;
  if (publishing.revisionId !== undefined && publishing.revisionId !== (revision ?? INITIAL))
    throw conflict(
      `Failed to publish the State Machine version for revision ${publishing.revisionId}. ` +
        `The current State Machine revision is ${revision ?? INITIAL}.`,
    );
  const existing = await findVersionOfRevision(tx, machineArn, revision);
  if (existing) return existing;
  // AWS documents the quota but not the wording of its refusal.
  if ((await countVersions(tx, machineArn)) >= MAX_VERSIONS)
    throw quotaExceeded(
      `Failed to publish the State Machine version: '${machineArn}' has ${MAX_VERSIONS} versions, the most a state machine can have`,
    );
  const version = await takeVersionNumber(tx, machineArn);
  const row: VersionRow = {
    arn: versionArnOf(machineArn, version),
    machine_arn: machineArn,
    version,
    definition: machine.definition,
    role_arn: machine.role_arn,
    logging: machine.logging,
    tracing: machine.tracing,
    revision_id: revision,
    description: publishing.description ?? null,
    created_at: now,
  };
  await insertVersion(tx, row);
  return row;
}

interface PublishInput {
  stateMachineArn: string;
  revisionId?: string;
  description?: string;
}

export const PublishStateMachineVersion: OperationHandler<PublishInput> = async (ctx, input) => {
  checkDescription(input.description, 'description');
  const machine = await machineOf(ctx, input.stateMachineArn);
  const version = await ctx.storage.db.transaction((tx) =>
    publishCurrent(tx, ctx.clock.now(), machine.arn, input),
  );
  return { stateMachineVersionArn: version.arn, creationDate: new Date(version.created_at) };
};

interface ListInput {
  stateMachineArn: string;
  maxResults?: number;
  nextToken?: string;
}

/** Newest first. A machine that is not there has no versions: AWS models no error for it here. */
export const ListStateMachineVersions: OperationHandler<ListInput> = async (ctx, input) => {
  const reference = parseMachineReference(input.stateMachineArn);
  if (reference.version !== undefined || reference.alias !== undefined)
    throw invalidArn(input.stateMachineArn);
  const page = pageOf(input);
  const owned = reference.scope.accountId === ctx.accountId;
  const rows = owned
    ? await listVersions(ctx.storage.db, reference.machineArn, page.offset, page.limit + 1)
    : [];
  const { rows: shown, nextToken } = paged(rows, page);
  return {
    stateMachineVersions: shown.map((row) => ({
      stateMachineVersionArn: row.arn,
      creationDate: new Date(row.created_at),
    })),
    ...(nextToken !== undefined && { nextToken }),
  };
};

/** A version ARN, parsed; InvalidArn for any other. */
export function versionReference(arn: string): MachineReference & { version: number } {
  const reference = parseMachineReference(arn);
  if (reference.version === undefined) throw invalidArn(arn);
  return reference as MachineReference & { version: number };
}

/**
 * Refused while an alias routes to the version (AWS API reference); a version that is not there is
 * deleted already, and the request succeeds (AWS answers so). Running executions go on.
 */
export const DeleteStateMachineVersion: OperationHandler<{ stateMachineVersionArn: string }> = async (
  ctx,
  input,
) => {
  const arn = input.stateMachineVersionArn;
  const reference = versionReference(arn);
  if (reference.scope.accountId !== ctx.accountId) return {};
  await ctx.storage.db.transaction(async (tx) => {
    if (!(await lockMachine(tx, reference.machineArn))) return;
    const routing = (await listAliases(tx, reference.machineArn)).filter((alias) =>
      routesOf(alias).some((route) => route.stateMachineVersionArn === arn),
    );
    if (routing.length > 0)
      throw conflict(
        'Version to be deleted must not be referenced by an alias. ' +
          `Current list of aliases referencing this version: [${routing.map((alias) => alias.name).join(', ')}]`,
      );
    await deleteVersion(tx, arn);
  });
  return {};
};

/** A version of this account, with its machine; StateMachineDoesNotExist when either is gone. */
export async function versionOf(ctx: RequestContext, arn: string): Promise<VersionRow> {
  const reference = versionReference(arn);
  const version = reference.scope.accountId === ctx.accountId && (await findVersion(ctx.storage.db, arn));
  if (!version) throw machineNotFound(arn);
  return version;
}

/**
 * DescribeStateMachine of a version ARN: the version's definition, role and configurations, its
 * description and revision, the date it was published (AWS API reference, DescribeStateMachine).
 */
export async function describeVersion(ctx: RequestContext, arn: string): Promise<Record<string, unknown>> {
  const version = await versionOf(ctx, arn);
  const machine = await findMachine(ctx.storage.db, version.machine_arn);
  if (!machine) throw machineNotFound(arn);
  return {
    stateMachineArn: version.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: version.definition,
    roleArn: version.role_arn,
    type: machine.type,
    creationDate: new Date(version.created_at),
    loggingConfiguration: JSON.parse(version.logging),
    tracingConfiguration: JSON.parse(version.tracing),
    ...(version.revision_id !== null && { revisionId: version.revision_id }),
    ...(version.description !== null && { description: version.description }),
  };
}
