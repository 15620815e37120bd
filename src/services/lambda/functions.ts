// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, DeleteFunction.
import { randomUUID } from 'node:crypto';
import type {
  CreateFunctionRequest,
  DeleteFunctionRequest,
  FunctionConfiguration,
  GetFunctionConfigurationRequest,
  GetFunctionRequest,
  GetFunctionResponse,
  ListFunctionsRequest,
  ListFunctionsResponse,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { keptAsCodeDirectory } from './code-cache.js';
import { getFunctionRow } from './change.js';
import { parseJson, toConfiguration } from './configuration.js';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, LATEST } from './constants.js';
import { deleteOneVersion, deleteWholeFunction } from './deletion.js';
import { functionCameOrWent } from './event-source-pollers.js';
import { functionExists, invalidParameterValue } from './errors.js';
import { parseFunctionName, resolveQualifier } from './names.js';
import { storePackage, zipFileOf } from './package.js';
import { insertFunction, type FunctionRow } from './store-functions.js';
import { mergeTags } from './tags.js';
import { checkCombinedSize, layersColumn, resolveLayers } from './function-layers.js';
import { checkConfiguration } from './configure.js';
import { listFunctionsPage } from './function-listing.js';
import { pageSize } from './pagination.js';
import { concurrencyLimits } from './store-concurrency.js';
import { publishLocked } from './versions.js';

/** CreateFunction takes no qualifier and at most 140 characters; the other operations 170. */
const CREATE_NAME = { qualifierAllowed: false, maxLength: 140 };
export const ANY_NAME = { qualifierAllowed: true, maxLength: 170 };

function newRow(
  ctx: RequestContext,
  input: CreateFunctionRequest,
  name: string,
): Omit<FunctionRow, 'code_blob' | 'code_size' | 'code_sha256' | 'unzipped_size' | 'layers'> {
  const now = ctx.clock.now();
  return {
    account_id: ctx.accountId,
    region: ctx.region,
    name,
    runtime: input.Runtime ?? null,
    role: input.Role ?? '',
    handler: input.Handler ?? null,
    description: input.Description ?? '',
    timeout: input.Timeout ?? DEFAULT_TIMEOUT_S,
    memory_size: input.MemorySize ?? DEFAULT_MEMORY_MB,
    environment: input.Environment?.Variables ? JSON.stringify(input.Environment.Variables) : null,
    tags: JSON.stringify(mergeTags({}, (input.Tags ?? {}) as Record<string, string>)),
    revision_id: randomUUID(),
    dead_letter_target: input.DeadLetterConfig?.TargetArn || null,
    created_at: now,
    modified_at: now,
  };
}

/**
 * Only .zip packages uploaded directly. With `Publish`, version 1 is published in the same
 * transaction and the answer describes it.
 */
export const CreateFunction: OperationHandler<CreateFunctionRequest, FunctionConfiguration> = async (
  ctx,
  input,
) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', CREATE_NAME);
  const fields = newRow(ctx, input, ref.name);
  const zip = zipFileOf({ ...input.Code, ...(input.PackageType === 'Image' ? { ImageUri: '' } : {}) });
  checkConfiguration(input, { create: true });
  const layers = await resolveLayers(ctx, input.Layers ?? []);
  const stored = await storePackage(ctx, zip, 'CreateFunction', keptAsCodeDirectory(ctx.config.dataDir));
  const row: FunctionRow = {
    ...fields,
    code_blob: stored.blobId,
    code_size: stored.size,
    code_sha256: stored.sha256,
    unzipped_size: stored.unzippedSize,
    layers: layersColumn(layers),
  };
  const created = await ctx.storage.db
    .transaction(async (tx) => {
      checkCombinedSize(stored.unzippedSize, layers);
      if (!(await insertFunction(tx, row))) return undefined;
      return input.Publish ? await publishLocked(ctx, tx, row, undefined) : { ...row, version: LATEST };
    })
    .catch(async (error: unknown) => {
      await ctx.storage.blobs.delete(stored.blobId);
      throw error;
    });
  if (!created) {
    await ctx.storage.blobs.delete(stored.blobId);
    throw functionExists(ref.name);
  }
  await functionCameOrWent(ctx, ref);
  const qualifier = created.version === LATEST ? undefined : created.version;
  return toConfiguration(created, { creating: true, qualifier });
};

export const GetFunction: OperationHandler<GetFunctionRequest, GetFunctionResponse> = async (ctx, input) => {
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  const row = await getFunctionRow(ctx, ref, { routed: false });
  const tags = parseJson<Record<string, string>>(row.tags) ?? {};
  const { reserved } = await concurrencyLimits(ctx.storage.db, ref);
  // Code.Location (a presigned URL in AWS) is left out until Nubis serves packages for download.
  return {
    Configuration: toConfiguration(row, { qualifier: ref.qualifier }),
    Code: { RepositoryType: 'S3' },
    Tags: Object.keys(tags).length > 0 ? tags : undefined,
    Concurrency: reserved === null ? undefined : { ReservedConcurrentExecutions: reserved },
  };
};

export const GetFunctionConfiguration: OperationHandler<
  GetFunctionConfigurationRequest,
  FunctionConfiguration
> = async (ctx, input) => {
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  const row = await getFunctionRow(ctx, ref, { routed: false });
  return toConfiguration(row, { qualifier: ref.qualifier });
};

/** Pages of at most 50; MaxItems may ask for fewer (function-listing.ts). */
export const ListFunctions: OperationHandler<ListFunctionsRequest, ListFunctionsResponse> = async (
  ctx,
  input,
) => listFunctionsPage(ctx, input, pageSize(input.MaxItems));

/**
 * Without a qualifier the function goes with all its versions and aliases; with a version number
 * only that version. Deleting `$LATEST` alone is refused. URLs and the policy go with the function;
 * event source mappings stay, as on Lambda ("To delete Lambda event source mappings that invoke a
 * function, use DeleteEventSourceMapping").
 */
export const DeleteFunction: OperationHandler<DeleteFunctionRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  if (ref.qualifier === LATEST)
    throw invalidParameterValue('$LATEST version cannot be deleted without deleting the function.');
  if (ref.qualifier !== undefined) await deleteOneVersion(ctx, ref, ref.qualifier);
  else await deleteWholeFunction(ctx, ref);
  await functionCameOrWent(ctx, ref, ref.qualifier);
  return {};
};
