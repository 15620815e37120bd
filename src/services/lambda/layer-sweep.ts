// A deleted layer version keeps its package while functions use it (Lambda keeps a copy for
// them), published function versions included: their snapshots keep the Layers they were
// published with. A sweep job, scheduled when a layer version is deleted and when a function or a
// function version lets go of a layer, removes the row and the package of a deleted layer version
// once no function and no published version refers to it.
import type { RequestContext, ServiceEnvironment } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { layerVersionArn, parseLayerVersionArn } from './layer-names.js';
import { isLayerVersionUsed } from './store-functions.js';
import { deleteLayerVersionRow, findLayerVersion, type LayerVersionKey } from './store-layers.js';

export const LAYER_SWEEP_JOB = 'lambda.layer-sweep';
/**
 * A CreateFunction or UpdateFunctionConfiguration that found the version just before it was
 * deleted may still be committing; the sweep waits well past any such request.
 */
const SWEEP_DELAY_MS = 60_000;

export async function scheduleLayerSweep(
  ctx: RequestContext,
  key: LayerVersionKey,
  tx?: Database,
): Promise<void> {
  const arn = layerVersionArn(key);
  await ctx.storage.jobs.schedule(
    { kind: LAYER_SWEEP_JOB, key: arn, runAt: ctx.clock.now() + SWEEP_DELAY_MS, payload: { arn } },
    tx,
  );
}

/** After a function dropped these layers (by ARN): sweep those that may have been deleted meanwhile. */
export async function sweepDroppedLayers(ctx: RequestContext, dropped: string[]): Promise<void> {
  for (const arn of dropped) {
    const key = parseLayerVersionArn(arn);
    if (key) await scheduleLayerSweep(ctx, key);
  }
}

export function registerLayerSweeps(env: ServiceEnvironment): void {
  env.storage.jobs.register(LAYER_SWEEP_JOB, async (job) => {
    const { arn } = job.payload as { arn: string };
    const key = parseLayerVersionArn(arn);
    const row = key && (await findLayerVersion(env.storage.db, key, { includeDeleted: true }));
    if (!key || !row || row.deleted_at === null) return;
    if (await isLayerVersionUsed(env.storage.db, arn)) return;
    await deleteLayerVersionRow(env.storage.db, key);
    await env.storage.blobs.delete(row.code_blob);
  });
}
