// DeleteFunction's two cases: the whole function (every version, alias, package and provisioned
// concurrency config) or one published version (with its config). A package blob goes only once
// no function or version row references it: a version shares the blob of the $LATEST it was
// published from. Deleted layer versions the removed rows used are swept (layer-sweep.ts) once
// nothing else uses them.
import type { RequestContext } from '../../core/service.js';
import { functionNotFound, invalidParameterValue, versionInUse } from './errors.js';
import { functionArn, isVersionNumber, qualifiedArn, type FunctionRef } from './names.js';
import { weightsOf } from './routing.js';
import { allAliases, deleteAllAliases } from './store-aliases.js';
import { functionLayers } from './function-layers.js';
import { sweepDroppedLayers } from './layer-sweep.js';
import { deleteFunctionRow, lockFunction, type FunctionRow } from './store-functions.js';
import { deleteFunctionSettings } from './store-settings.js';
import { deleteFunctionUrls } from './store-function-urls.js';
import { deletePermissions } from './store-permissions.js';
import {
  deleteAllVersions,
  deleteVersionRow,
  findVersion,
  isBlobReferenced,
  snapshotOf,
} from './store-versions.js';
import { provisionedChanged } from './provisioned-environments.js';
import { deleteProvisioned, functionProvisioned } from './store-provisioned.js';

/** Called after the rows that referenced the blobs are committed gone or changed. */
export async function deleteUnreferencedBlobs(ctx: RequestContext, blobIds: string[]): Promise<void> {
  for (const blobId of new Set(blobIds)) {
    if (!(await isBlobReferenced(ctx.storage.db, blobId))) await ctx.storage.blobs.delete(blobId);
  }
}

/** Removes the rows and then what only they used: package blobs, and deleted layer versions (swept). */
export async function deleteWholeFunction(ctx: RequestContext, ref: FunctionRef): Promise<void> {
  const removed = await ctx.storage.db.transaction(async (tx) => {
    const row = await lockFunction(tx, ref);
    if (!row) return undefined;
    const provisioned = (await functionProvisioned(tx, ref)).length > 0;
    await deleteFunctionRow(tx, ref);
    await deleteAllAliases(tx, ref);
    await deleteFunctionSettings(tx, ref);
    await deleteFunctionUrls(tx, ref);
    await deletePermissions(tx, ref);
    return { provisioned, rows: [row, ...(await deleteAllVersions(tx, ref)).map(snapshotOf)] };
  });
  if (!removed) throw functionNotFound(functionArn(ref));
  if (removed.provisioned) await provisionedChanged(ctx);
  await deleteUnreferencedBlobs(
    ctx,
    removed.rows.map((row) => row.code_blob),
  );
  await sweepDroppedLayers(ctx, layersOf(removed.rows));
}

/** Every layer version ARN the removed rows used (a version's snapshot has its own Layers). */
function layersOf(rows: FunctionRow[]): string[] {
  return [...new Set(rows.flatMap((row) => functionLayers(row).map((layer) => layer.arn)))];
}

/** Lambda refuses to delete a version an alias points at or routes to, and never deletes an alias here. */
export async function deleteOneVersion(
  ctx: RequestContext,
  ref: FunctionRef,
  qualifier: string,
): Promise<void> {
  if (!isVersionNumber(qualifier)) throw invalidParameterValue('Deletion of aliases is not supported.');
  const removed = await ctx.storage.db.transaction(async (tx) => {
    // The function's lock keeps alias changes out until the version is gone.
    const version = (await lockFunction(tx, ref)) && (await findVersion(tx, ref, Number(qualifier)));
    if (!version) throw functionNotFound(qualifiedArn(ref, qualifier));
    const referencing = (await allAliases(tx, ref))
      .filter((alias) => alias.function_version === qualifier || qualifier in weightsOf(alias))
      .map((alias) => alias.alias);
    if (referencing.length > 0) throw versionInUse(referencing);
    await deleteVersionRow(tx, ref, Number(qualifier));
    // The version's provisioned concurrency goes with it.
    return { version, unprovisioned: await deleteProvisioned(tx, { ...ref, qualifier }) };
  });
  if (removed.unprovisioned) await provisionedChanged(ctx);
  await deleteUnreferencedBlobs(ctx, [removed.version.code_blob]);
  await sweepDroppedLayers(ctx, layersOf([snapshotOf(removed.version)]));
}
