// PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions,
// DeleteLayerVersion. A layer version is immutable: a zip (kept in the BlobStore) and its
// compatibility metadata, numbered 1, 2, … per layer name.
import type {
  DeleteLayerVersionRequest,
  GetLayerVersionByArnRequest,
  GetLayerVersionRequest,
  GetLayerVersionResponse,
  LayerVersionsListItem,
  ListLayersRequest,
  ListLayersResponse,
  ListLayerVersionsRequest,
  ListLayerVersionsResponse,
  PublishLayerVersionRequest,
  PublishLayerVersionResponse,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { lastModified } from './configuration.js';
import { invalidParameterValue, layerNotFound, validationError } from './errors.js';
import {
  LAYER_VERSION_ARN_PATTERN,
  layerArn,
  layerVersionArn,
  layerVersionKey,
  ownLayer,
  parseLayerName,
  parseLayerVersionArn,
} from './layer-names.js';
import { readableLayerVersion } from './layer-policy.js';
import { scheduleLayerSweep } from './layer-sweep.js';
import { checkLayerFilter, checkLayerVersionInput, layerPageSize } from './layer-validate.js';
import { storePackage, zipFileOf, type StoredPackage } from './package.js';
import { fromMarker, pageOf } from './pagination.js';
import {
  insertLayerVersion,
  listLatestLayerVersions,
  listLayerVersionRows,
  markLayerVersionDeleted,
  nextLayerVersion,
  type LayerVersionKey,
  type LayerVersionRow,
} from './store-layers.js';

const MAX_ARN_LENGTH = 140;

function keyOf(row: LayerVersionRow): LayerVersionKey {
  return { accountId: row.account_id, region: row.region, name: row.name, version: row.version };
}

function toListItem(row: LayerVersionRow): LayerVersionsListItem {
  return {
    LayerVersionArn: layerVersionArn(keyOf(row)),
    Version: row.version,
    Description: row.description,
    CreatedDate: lastModified(row.created_at),
    CompatibleRuntimes: JSON.parse(row.compatible_runtimes) as LayerVersionsListItem['CompatibleRuntimes'],
    LicenseInfo: row.license_info ?? undefined,
    CompatibleArchitectures: JSON.parse(
      row.compatible_architectures,
    ) as LayerVersionsListItem['CompatibleArchitectures'],
  };
}

/** Content.Location (a presigned URL on Lambda) is left out until Nubis serves packages for download. */
function toLayerVersion(row: LayerVersionRow): GetLayerVersionResponse {
  return {
    ...toListItem(row),
    LayerArn: layerArn(keyOf(row)),
    Content: { CodeSha256: row.code_sha256, CodeSize: row.code_size },
  };
}

function newLayerVersion(
  ctx: RequestContext,
  key: LayerVersionKey,
  input: PublishLayerVersionRequest,
  stored: StoredPackage,
): LayerVersionRow {
  return {
    account_id: key.accountId,
    region: key.region,
    name: key.name,
    version: key.version,
    description: input.Description ?? '',
    license_info: input.LicenseInfo ?? null,
    compatible_runtimes: JSON.stringify(input.CompatibleRuntimes ?? []),
    compatible_architectures: JSON.stringify(input.CompatibleArchitectures ?? []),
    code_blob: stored.blobId,
    code_size: stored.size,
    code_sha256: stored.sha256,
    unzipped_size: stored.unzippedSize,
    policy: null,
    policy_revision_id: null,
    created_at: ctx.clock.now(),
    deleted_at: null,
  };
}

/** The package is checked and stored first; it goes again if the version cannot be recorded. */
export const PublishLayerVersion: OperationHandler<
  PublishLayerVersionRequest,
  PublishLayerVersionResponse
> = async (ctx, input) => {
  const layer = ownLayer(ctx, parseLayerName(ctx, input.LayerName ?? ''), 'PublishLayerVersion');
  checkLayerVersionInput({
    ...input,
    CompatibleRuntimes: input.CompatibleRuntimes ?? [],
    CompatibleArchitectures: input.CompatibleArchitectures ?? [],
  });
  const stored = await storePackage(ctx, zipFileOf(input.Content ?? {}), 'PublishLayerVersion');
  try {
    const row = await ctx.storage.db.transaction(async (tx) => {
      const published = newLayerVersion(
        ctx,
        { ...layer, version: await nextLayerVersion(tx, layer) },
        input,
        stored,
      );
      await insertLayerVersion(tx, published);
      return published;
    });
    return toLayerVersion(row);
  } catch (error) {
    await ctx.storage.blobs.delete(stored.blobId);
    throw error;
  }
};

/** Another account's version is visible when its policy grants the caller's account. */
export const GetLayerVersion: OperationHandler<GetLayerVersionRequest, GetLayerVersionResponse> = async (
  ctx,
  input,
) => {
  const key = layerVersionKey(parseLayerName(ctx, input.LayerName ?? ''), input.VersionNumber);
  const row = await readableLayerVersion(ctx, key);
  if (!row) throw layerNotFound();
  return toLayerVersion(row);
};

export const GetLayerVersionByArn: OperationHandler<
  GetLayerVersionByArnRequest,
  GetLayerVersionResponse
> = async (ctx, input) => {
  const arn = input.Arn ?? '';
  if (arn.length > MAX_ARN_LENGTH) {
    throw validationError(arn, 'arn', `Member must have length less than or equal to ${MAX_ARN_LENGTH}`);
  }
  const key = parseLayerVersionArn(arn);
  if (!key)
    throw validationError(
      arn,
      'arn',
      `Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}`,
    );
  const row = await readableLayerVersion(ctx, layerVersionKey(key, key.version));
  if (!row) throw layerNotFound();
  return toLayerVersion(row);
};

/** Each layer of the account and region with its newest version that passes the filters, by name. */
export const ListLayers: OperationHandler<ListLayersRequest, ListLayersResponse> = async (ctx, input) => {
  checkLayerFilter(input.CompatibleRuntime, input.CompatibleArchitecture);
  const limit = layerPageSize(input.MaxItems);
  const rows = await listLatestLayerVersions(ctx.storage.db, {
    accountId: ctx.accountId,
    region: ctx.region,
    after: input.Marker === undefined ? '' : fromMarker(input.Marker),
    limit: limit + 1,
    runtime: input.CompatibleRuntime,
    architecture: input.CompatibleArchitecture,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.name);
  return {
    Layers: page.map((row) => ({
      LayerName: row.name,
      LayerArn: layerArn(keyOf(row)),
      LatestMatchingVersion: toListItem(row),
    })),
    NextMarker: nextMarker,
  };
};

function versionMarker(marker: string): number {
  const version = Number(fromMarker(marker));
  if (!Number.isInteger(version)) throw invalidParameterValue('Invalid Marker');
  return version;
}

/** Newest first; a layer that does not exist has no versions (an empty list, not an error). */
export const ListLayerVersions: OperationHandler<
  ListLayerVersionsRequest,
  ListLayerVersionsResponse
> = async (ctx, input) => {
  const layer = ownLayer(ctx, parseLayerName(ctx, input.LayerName ?? ''), 'ListLayerVersions');
  checkLayerFilter(input.CompatibleRuntime, input.CompatibleArchitecture);
  const limit = layerPageSize(input.MaxItems);
  const rows = await listLayerVersionRows(ctx.storage.db, {
    ...layer,
    before: input.Marker === undefined ? Number.MAX_SAFE_INTEGER : versionMarker(input.Marker),
    limit: limit + 1,
    runtime: input.CompatibleRuntime,
    architecture: input.CompatibleArchitecture,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => String(row.version));
  return {
    LayerVersions: page.map(toListItem),
    NextMarker: nextMarker,
  };
};

/**
 * Idempotent, as on Lambda: deleting a version that does not exist succeeds. The version can no
 * longer be read or added to functions; functions that use it keep working, so its package is
 * removed later, once no function refers to it (layer-sweep.ts).
 */
export const DeleteLayerVersion: OperationHandler<DeleteLayerVersionRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const layer = ownLayer(ctx, parseLayerName(ctx, input.LayerName ?? ''), 'DeleteLayerVersion');
  const key = layerVersionKey(layer, input.VersionNumber);
  await ctx.storage.db.transaction(async (tx) => {
    if (await markLayerVersionDeleted(tx, key, ctx.clock.now())) await scheduleLayerSweep(ctx, key, tx);
  });
  return {};
};
