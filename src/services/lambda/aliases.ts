// CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. An alias names a version of a
// function (`…:function:name:live`) and may route a share of invocations to a second version.
import { randomUUID } from 'node:crypto';
import type {
  AliasConfiguration,
  AliasRoutingConfiguration,
  CreateAliasRequest,
  DeleteAliasRequest,
  GetAliasRequest,
  ListAliasesRequest,
  ListAliasesResponse,
  UpdateAliasRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { getFunctionRow } from './change.js';
import { LATEST } from './constants.js';
import { aliasExists, aliasNotFound, functionNotFound, revisionMismatch, validationError } from './errors.js';
import {
  functionArn,
  isVersionNumber,
  parseFunctionName,
  qualifiedArn,
  UNQUALIFIED_NAME,
  type FunctionRef,
} from './names.js';
import { fromMarker, pageOf, pageSize } from './pagination.js';
import { checkRouting, weightsOf, type VersionWeights } from './routing.js';
import {
  deleteAliasRow,
  findAlias,
  insertAlias,
  listAliasRows,
  updateAlias,
  type AliasRow,
} from './store-aliases.js';
import { provisionedChanged } from './provisioned-environments.js';
import { lockFunction, type FunctionKey } from './store-functions.js';
import { deleteProvisioned, restartProvisioned } from './store-provisioned.js';
import { findVersion } from './store-versions.js';
import { checkDescription } from './validate.js';

const ALIAS_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';
const ALIAS_NAME = new RegExp(`^${ALIAS_PATTERN}$`);
const MAX_ALIAS_LENGTH = 128;

/** An alias name cannot be a number (that is a version) nor `$LATEST`. */
function checkAliasName(name: string): void {
  if (name.length > MAX_ALIAS_LENGTH) {
    throw validationError(name, 'name', `Member must have length less than or equal to ${MAX_ALIAS_LENGTH}`);
  }
  if (!ALIAS_NAME.test(name)) {
    throw validationError(name, 'name', `Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`);
  }
}

function checkFunctionVersion(version: string): void {
  if (version !== LATEST && !isVersionNumber(version)) {
    throw validationError(
      version,
      'functionVersion',
      'Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)',
    );
  }
}

function toAliasConfiguration(row: AliasRow): AliasConfiguration {
  const weights = weightsOf(row);
  return {
    AliasArn: qualifiedArn({ accountId: row.account_id, region: row.region, name: row.name }, row.alias),
    Name: row.alias,
    FunctionVersion: row.function_version,
    Description: row.description,
    RoutingConfig: Object.keys(weights).length > 0 ? { AdditionalVersionWeights: weights } : undefined,
    RevisionId: row.revision_id,
  };
}

function routingOf(config: AliasRoutingConfiguration | undefined): string | null {
  const weights = (config?.AdditionalVersionWeights ?? {}) as VersionWeights;
  return Object.keys(weights).length > 0 ? JSON.stringify(weights) : null;
}

/** The alias's target must exist: `$LATEST` always does, a number must be published. */
async function checkTarget(db: Database, key: FunctionKey, row: AliasRow): Promise<void> {
  if (row.function_version !== LATEST && !(await findVersion(db, key, Number(row.function_version)))) {
    throw functionNotFound(qualifiedArn(key, row.function_version));
  }
  await checkRouting(db, key, row.function_version, weightsOf(row));
}

/** Runs `fn` with the function locked, so alias changes and version deletions take turns. */
function withFunctionLocked<T>(
  ctx: RequestContext,
  ref: FunctionRef,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return ctx.storage.db.transaction(async (tx) => {
    if (!(await lockFunction(tx, ref))) throw functionNotFound(functionArn(ref));
    return fn(tx);
  });
}

export const CreateAlias: OperationHandler<CreateAliasRequest, AliasConfiguration> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  const name = input.Name ?? '';
  checkAliasName(name);
  checkFunctionVersion(input.FunctionVersion ?? '');
  if (input.Description !== undefined) checkDescription(input.Description);
  const row: AliasRow = {
    account_id: ref.accountId,
    region: ref.region,
    name: ref.name,
    alias: name,
    function_version: input.FunctionVersion ?? '',
    description: input.Description ?? '',
    routing: routingOf(input.RoutingConfig),
    revision_id: randomUUID(),
  };
  await withFunctionLocked(ctx, ref, async (tx) => {
    await checkTarget(tx, ref, row);
    if (!(await insertAlias(tx, row))) throw aliasExists(qualifiedArn(ref, name));
  });
  return toAliasConfiguration(row);
};

export const GetAlias: OperationHandler<GetAliasRequest, AliasConfiguration> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  const name = input.Name ?? '';
  checkAliasName(name);
  await getFunctionRow(ctx, ref);
  const row = await findAlias(ctx.storage.db, { ...ref, alias: name });
  if (!row) throw aliasNotFound(qualifiedArn(ref, name));
  return toAliasConfiguration(row);
};

/** Absent members keep their value; an empty AdditionalVersionWeights removes the routing. */
export const UpdateAlias: OperationHandler<UpdateAliasRequest, AliasConfiguration> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  const name = input.Name ?? '';
  checkAliasName(name);
  if (input.FunctionVersion !== undefined) checkFunctionVersion(input.FunctionVersion);
  if (input.Description !== undefined) checkDescription(input.Description);
  const { alias, moved } = await withFunctionLocked(ctx, ref, async (tx) => {
    const current = await findAlias(tx, { ...ref, alias: name });
    if (!current) throw aliasNotFound(qualifiedArn(ref, name));
    if (input.RevisionId !== undefined && input.RevisionId !== current.revision_id) throw revisionMismatch();
    const next: AliasRow = {
      ...current,
      function_version: input.FunctionVersion ?? current.function_version,
      description: input.Description ?? current.description,
      routing: input.RoutingConfig === undefined ? current.routing : routingOf(input.RoutingConfig),
      revision_id: randomUUID(),
    };
    await checkTarget(tx, ref, next);
    await updateAlias(tx, next);
    // Lambda moves the alias's provisioned concurrency to its new version.
    const movesVersion = next.function_version !== current.function_version;
    const reallocated = movesVersion && (await restartProvisioned(tx, { ...ref, qualifier: name }));
    return { alias: toAliasConfiguration(next), moved: reallocated };
  });
  if (moved) await provisionedChanged(ctx);
  return alias;
};

/** Deleting an alias that does not exist succeeds, as on Lambda. */
export const DeleteAlias: OperationHandler<DeleteAliasRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  const name = input.Name ?? '';
  checkAliasName(name);
  const unprovisioned = await withFunctionLocked(ctx, ref, async (tx) => {
    await deleteAliasRow(tx, { ...ref, alias: name });
    // The alias's provisioned concurrency goes with it.
    return deleteProvisioned(tx, { ...ref, qualifier: name });
  });
  if (unprovisioned) await provisionedChanged(ctx);
  return {};
};

/** In name order, pages of at most 50; `FunctionVersion` keeps the aliases of that version. */
export const ListAliases: OperationHandler<ListAliasesRequest, ListAliasesResponse> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  if (input.FunctionVersion !== undefined) checkFunctionVersion(input.FunctionVersion);
  const limit = pageSize(input.MaxItems);
  await getFunctionRow(ctx, ref);
  const rows = await listAliasRows(ctx.storage.db, {
    ...ref,
    after: input.Marker === undefined ? '' : fromMarker(input.Marker),
    limit: limit + 1,
    functionVersion: input.FunctionVersion,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.alias);
  return {
    Aliases: page.map(toAliasConfiguration),
    NextMarker: nextMarker,
  };
};
