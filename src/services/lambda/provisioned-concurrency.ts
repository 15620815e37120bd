// Provisioned concurrency: PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
// DeleteProvisionedConcurrencyConfig and ListProvisionedConcurrencyConfigs. A config belongs to a
// published version or an alias (never $LATEST); each node then keeps that many environments of
// the version initialised (provisioned-environments.ts). Messages are Lambda's own.
import type {
  DeleteProvisionedConcurrencyConfigRequest,
  GetProvisionedConcurrencyConfigRequest,
  GetProvisionedConcurrencyConfigResponse,
  ListProvisionedConcurrencyConfigsRequest,
  ListProvisionedConcurrencyConfigsResponse,
  ProvisionedConcurrencyConfigListItem,
  PutProvisionedConcurrencyConfigRequest,
  PutProvisionedConcurrencyConfigResponse,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { lastModified } from './configuration.js';
import { MAX_PAGE } from './constants.js';
import { functionNotFound, validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { functionArn, parseFunctionName, qualifiedArn, resolveQualifier } from './names.js';
import { fromMarker, pageOf } from './pagination.js';
import { checkProvisioning, provisionedTarget } from './provisioned-checks.js';
import { provisionedChanged } from './provisioned-environments.js';
import { findFunction, lockFunction } from './store-functions.js';
import {
  deleteProvisioned,
  findProvisioned,
  listProvisioned,
  saveProvisioned,
  type ProvisionedKey,
  type ProvisionedRow,
} from './store-provisioned.js';

function configNotFound(): AwsError {
  return new AwsError(
    'ProvisionedConcurrencyConfigNotFoundException',
    'No Provisioned Concurrency Config found for this function',
    { status: 404 },
  );
}

function configKey(
  ctx: RequestContext,
  input: { FunctionName?: string; Qualifier?: string },
): ProvisionedKey {
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  return { accountId: ref.accountId, region: ref.region, name: ref.name, qualifier: ref.qualifier ?? '' };
}

function toOutput(row: ProvisionedRow): GetProvisionedConcurrencyConfigResponse {
  return {
    RequestedProvisionedConcurrentExecutions: row.requested,
    // Every allocated environment of a READY config is available to invocations.
    AvailableProvisionedConcurrentExecutions: row.allocated,
    AllocatedProvisionedConcurrentExecutions: row.allocated,
    Status: row.status,
    StatusReason: row.status_reason ?? undefined,
    LastModified: lastModified(row.modified_at),
  };
}

export const PutProvisionedConcurrencyConfig: OperationHandler<
  PutProvisionedConcurrencyConfigRequest,
  PutProvisionedConcurrencyConfigResponse
> = async (ctx, input) => {
  const requested = input.ProvisionedConcurrentExecutions ?? 0;
  if (requested < 1) {
    throw validationError(
      requested,
      'provisionedConcurrentExecutions',
      'Member must have value greater than or equal to 1',
    );
  }
  const key = configKey(ctx, input);
  const row = await ctx.storage.db.transaction(async (tx) => {
    // The function's lock keeps alias changes and version deletions out meanwhile.
    const locked = await lockFunction(tx, key);
    const target = await provisionedTarget(tx, key, { exists: locked !== undefined, forPut: true });
    await checkProvisioning(tx, target, requested);
    return saveProvisioned(tx, key, requested, ctx.clock.now());
  });
  await provisionedChanged(ctx);
  return toOutput(row);
};

export const GetProvisionedConcurrencyConfig: OperationHandler<
  GetProvisionedConcurrencyConfigRequest,
  GetProvisionedConcurrencyConfigResponse
> = async (ctx, input) => {
  const key = configKey(ctx, input);
  const exists = (await findFunction(ctx.storage.db, key)) !== undefined;
  await provisionedTarget(ctx.storage.db, key, { exists, forPut: false });
  const row = await findProvisioned(ctx.storage.db, key);
  if (!row) throw configNotFound();
  return toOutput(row);
};

/** Deleting a config that does not exist succeeds, as on Lambda (the version or alias must exist). */
export const DeleteProvisionedConcurrencyConfig: OperationHandler<
  DeleteProvisionedConcurrencyConfigRequest,
  Record<string, never>
> = async (ctx, input) => {
  const key = configKey(ctx, input);
  const exists = (await findFunction(ctx.storage.db, key)) !== undefined;
  await provisionedTarget(ctx.storage.db, key, { exists, forPut: false });
  if (await deleteProvisioned(ctx.storage.db, key)) await provisionedChanged(ctx);
  return {};
};

export const ListProvisionedConcurrencyConfigs: OperationHandler<
  ListProvisionedConcurrencyConfigsRequest,
  ListProvisionedConcurrencyConfigsResponse
> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME);
  const limit = input.MaxItems ?? MAX_PAGE;
  if (limit < 1 || limit > MAX_PAGE) {
    const bound = limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PAGE}`;
    throw validationError(limit, 'maxItems', `Member must have value ${bound}`);
  }
  if (!(await findFunction(ctx.storage.db, ref))) throw functionNotFound(functionArn(ref));
  const after = input.Marker === undefined ? '' : fromMarker(input.Marker);
  const rows = await listProvisioned(ctx.storage.db, ref, { after, limit: limit + 1 });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.qualifier);
  return {
    ProvisionedConcurrencyConfigs: page.map((row): ProvisionedConcurrencyConfigListItem => ({
      FunctionArn: qualifiedArn(ref, row.qualifier),
      ...toOutput(row),
    })),
    NextMarker: nextMarker,
  };
};
