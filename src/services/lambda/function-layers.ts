// A function's Layers (CreateFunction, UpdateFunctionConfiguration): up to five layer versions, in
// the order Lambda extracts them into /opt. Layer versions are immutable, so the function row keeps
// what running it needs (package, size) and a deleted version goes on working for it.
import type { Layer } from '@aws-sdk/client-lambda';
import type { RequestContext } from '../../core/service.js';
import { MAX_UNZIPPED_BYTES } from './constants.js';
import { invalidParameterValue, validationError } from './errors.js';
import { LAYER_VERSION_ARN_PATTERN, layerArn, layerVersionArn, parseLayerVersionArn } from './layer-names.js';
import { readableLayerVersion } from './layer-policy.js';
import type { FunctionRow } from './store-functions.js';
import type { LayerVersionKey } from './store-layers.js';

export interface FunctionLayer {
  arn: string;
  codeSize: number;
  unzippedSize: number;
  blobId: string;
  sha256: string;
}

const MAX_LAYERS = 5;
const MAX_LAYER_ARN = 2048;

export function functionLayers(row: Pick<FunctionRow, 'layers'>): FunctionLayer[] {
  return row.layers === null ? [] : (JSON.parse(row.layers) as FunctionLayer[]);
}

export function layersColumn(layers: FunctionLayer[]): string | null {
  return layers.length > 0 ? JSON.stringify(layers) : null;
}

/** FunctionConfiguration.Layers; absent for a function without layers, as on Lambda. */
export function layersConfiguration(row: Pick<FunctionRow, 'layers'>): Layer[] | undefined {
  const layers = functionLayers(row);
  return layers.length > 0
    ? layers.map((layer) => ({ Arn: layer.arn, CodeSize: layer.codeSize }))
    : undefined;
}

function parseArns(arns: string[]): LayerVersionKey[] {
  const keys = arns.map((arn) => (arn.length <= MAX_LAYER_ARN ? parseLayerVersionArn(arn) : undefined));
  if (keys.some((key) => key === undefined)) {
    const constraint =
      `Member must satisfy constraint: [Member must have length less than or equal to ${MAX_LAYER_ARN}, ` +
      `Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ` +
      `${LAYER_VERSION_ARN_PATTERN}, Member must not be null]`;
    throw validationError(`[${arns.join(', ')}]`, 'layers', constraint);
  }
  return keys as LayerVersionKey[];
}

function checkOnePerLayer(arns: string[], keys: LayerVersionKey[]): void {
  keys.forEach((key, index) => {
    const earlier = keys.findIndex((other) => layerArn(other) === layerArn(key));
    if (earlier === index) return;
    throw invalidParameterValue(
      'Two different versions of the same layer are not allowed to be referenced in the same function. ' +
        `${arns[earlier]} and ${arns[index]} are versions of the same layer.`,
    );
  });
}

/** The versions named by `arns`, checked as Lambda checks them; another account's must be shared. */
export async function resolveLayers(ctx: RequestContext, arns: string[]): Promise<FunctionLayer[]> {
  const keys = parseArns(arns);
  if (keys.length > MAX_LAYERS)
    throw invalidParameterValue(`Cannot reference more than ${MAX_LAYERS} layers.`);
  checkOnePerLayer(arns, keys);
  if (keys.some((key) => key.region !== ctx.region)) {
    throw invalidParameterValue(
      `Layers are not in the same region as the function. Layers are expected to be in region ${ctx.region}.`,
    );
  }
  return Promise.all(
    keys.map(async (key, index) => {
      const row = await readableLayerVersion(ctx, key);
      if (!row) throw invalidParameterValue(`Layer version ${arns[index] ?? ''} does not exist.`);
      return {
        arn: layerVersionArn(key),
        codeSize: row.code_size,
        unzippedSize: row.unzipped_size,
        blobId: row.code_blob,
        sha256: row.code_sha256,
      };
    }),
  );
}

/** Lambda's 250 MB quota holds for the function's code and all its layers, unzipped, together. */
export function checkCombinedSize(codeUnzippedSize: number, layers: FunctionLayer[]): void {
  const total = layers.reduce((sum, layer) => sum + layer.unzippedSize, codeUnzippedSize);
  if (total > MAX_UNZIPPED_BYTES) {
    throw invalidParameterValue(
      `Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. ` +
        `The actual size is ${total} bytes.`,
    );
  }
}

/** The layer version ARNs a function used before a change and no longer uses. */
export function droppedLayers(before: FunctionLayer[], after: FunctionLayer[]): string[] {
  return before.map((layer) => layer.arn).filter((arn) => !after.some((layer) => layer.arn === arn));
}
