// UpdateFunctionCode and UpdateFunctionConfiguration: each gives the function a new RevisionId.
import type {
  FunctionConfiguration,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler } from '../../core/service.js';
import { keptAsCodeDirectory } from './code-cache.js';
import { changeFunction, getFunctionRow, type FunctionVersionRow } from './change.js';
import { toConfiguration } from './configuration.js';
import { checkConfiguration, checkMerged } from './configure.js';
import { deleteUnreferencedBlobs } from './deletion.js';
import { parseFunctionName, UNQUALIFIED_NAME } from './names.js';
import { checkPackage, storePackage, zipFileOf } from './package.js';
import type { FunctionRow } from './store-functions.js';
import { publishLocked } from './versions.js';
import {
  checkCombinedSize,
  droppedLayers,
  functionLayers,
  layersColumn,
  resolveLayers,
} from './function-layers.js';
import { sweepDroppedLayers } from './layer-sweep.js';

/**
 * Replaces the package. The new zip is validated and stored first; the old blob goes once the row
 * points at the new one, unless a published version still runs it (and the new one goes if the
 * update fails). `Publish` publishes a version in the same transaction and the answer describes
 * it. `DryRun` validates the package and changes nothing.
 */
export const UpdateFunctionCode: OperationHandler<UpdateFunctionCodeRequest, FunctionConfiguration> = async (
  ctx,
  input,
) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  const zip = zipFileOf(input);
  if (input.DryRun) {
    const checked = await checkPackage(zip, 'UpdateFunctionCode');
    const row = await getFunctionRow(ctx, ref);
    checkCombinedSize(checked.unzippedSize, functionLayers(row));
    return toConfiguration({ ...row, code_size: checked.size, code_sha256: checked.sha256 });
  }
  const stored = await storePackage(ctx, zip, 'UpdateFunctionCode', keptAsCodeDirectory(ctx.config.dataDir));
  let result: { before: FunctionRow; after: FunctionRow };
  let published: FunctionVersionRow | undefined;
  try {
    result = await changeFunction(
      ctx,
      ref,
      input.RevisionId,
      (row) => {
        checkCombinedSize(stored.unzippedSize, functionLayers(row));
        return {
          code_blob: stored.blobId,
          code_size: stored.size,
          code_sha256: stored.sha256,
          unzipped_size: stored.unzippedSize,
        };
      },
      async (tx, after) => {
        if (input.Publish) published = await publishLocked(ctx, tx, after, undefined);
      },
    );
  } catch (error) {
    await ctx.storage.blobs.delete(stored.blobId);
    throw error;
  }
  await deleteUnreferencedBlobs(ctx, [result.before.code_blob]);
  if (published) return toConfiguration(published, { qualifier: published.version });
  return toConfiguration(result.after);
};

export const UpdateFunctionConfiguration: OperationHandler<
  UpdateFunctionConfigurationRequest,
  FunctionConfiguration
> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  checkConfiguration(input, { create: false });
  const layers = input.Layers === undefined ? undefined : await resolveLayers(ctx, input.Layers);
  const { before, after } = await changeFunction(ctx, ref, input.RevisionId, (row) => {
    const next: Partial<FunctionRow> = {
      runtime: input.Runtime ?? row.runtime,
      role: input.Role ?? row.role,
      handler: input.Handler ?? row.handler,
      description: input.Description ?? row.description,
      timeout: input.Timeout ?? row.timeout,
      memory_size: input.MemorySize ?? row.memory_size,
    };
    if (input.DeadLetterConfig !== undefined)
      next.dead_letter_target = input.DeadLetterConfig.TargetArn || null;
    if (input.Environment !== undefined) {
      const variables = input.Environment.Variables ?? {};
      next.environment = Object.keys(variables).length > 0 ? JSON.stringify(variables) : null;
    }
    if (layers !== undefined) {
      checkCombinedSize(row.unzipped_size, layers);
      next.layers = layersColumn(layers);
    }
    checkMerged(next.runtime ?? null, next.handler ?? null);
    return next;
  });
  await sweepDroppedLayers(ctx, droppedLayers(functionLayers(before), functionLayers(after)));
  return toConfiguration(after);
};
