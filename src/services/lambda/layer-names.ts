// Layer names and ARNs as Lambda accepts them: a LayerName is a name or a layer ARN
// (`arn:aws:lambda:us-east-1:123456789012:layer:my-layer`); a version is named by its full ARN
// (`…:layer:my-layer:3`) in GetLayerVersionByArn and in a function's Layers.
import type { RequestContext } from '../../core/service.js';
import { accessDenied, invalidParameterValue, validationError } from './errors.js';
import type { LayerKey, LayerVersionKey } from './store-layers.js';

/** The patterns Lambda's API reference gives, quoted in its validation messages. */
const LAYER_NAME_PATTERN =
  '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+';
export const LAYER_VERSION_ARN_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)';
const MAX_LAYER_NAME = 140;

const LAYER_NAME = new RegExp(`^(?:${LAYER_NAME_PATTERN})$`);
const LAYER_VERSION_ARN = new RegExp(`^(?:${LAYER_VERSION_ARN_PATTERN})$`);
const LAYER_ARN_PARTS =
  /^arn:[a-zA-Z0-9-]+:lambda:(?<region>[a-zA-Z0-9-]+):(?<account>\d{12}):layer:(?<name>[a-zA-Z0-9_-]+)(?::(?<version>\d+))?$/;

export function layerArn(key: LayerKey): string {
  return `arn:aws:lambda:${key.region}:${key.accountId}:layer:${key.name}`;
}

export function layerVersionArn(key: LayerVersionKey): string {
  return `${layerArn(key)}:${key.version}`;
}

/** A LayerName in the caller's account and region, or in the account and region its ARN names. */
export function parseLayerName(ctx: RequestContext, value: string): LayerKey {
  if (value.length > MAX_LAYER_NAME) {
    throw validationError(
      value,
      'layerName',
      `Member must have length less than or equal to ${MAX_LAYER_NAME}`,
    );
  }
  if (!LAYER_NAME.test(value)) {
    throw validationError(
      value,
      'layerName',
      `Member must satisfy regular expression pattern: ${LAYER_NAME_PATTERN}`,
    );
  }
  const parts = LAYER_ARN_PARTS.exec(value)?.groups;
  if (!parts) return { accountId: ctx.accountId, region: ctx.region, name: value };
  return { accountId: parts['account'] ?? '', region: parts['region'] ?? '', name: parts['name'] ?? '' };
}

/** A layer version ARN, or undefined when it does not match Lambda's pattern (the caller's error). */
export function parseLayerVersionArn(value: string): LayerVersionKey | undefined {
  if (!LAYER_VERSION_ARN.test(value)) return undefined;
  const parts = LAYER_ARN_PARTS.exec(value)?.groups;
  // AWS-managed `awslayer` ARNs match the pattern but name no layer Nubis could hold.
  if (!parts || parts['version'] === undefined) return undefined;
  return {
    accountId: parts['account'] ?? '',
    region: parts['region'] ?? '',
    name: parts['name'] ?? '',
    version: Number(parts['version']),
  };
}

/** Lambda checks the version number before it looks for the layer. */
export function layerVersionKey(key: LayerKey, version: number | undefined): LayerVersionKey {
  if (version === undefined || !Number.isInteger(version) || version < 1) {
    throw invalidParameterValue('Layer Version Cannot be less than 1');
  }
  return { ...key, version };
}

/** Only the owner may change or list a layer; another account may at most read a version. */
export function ownLayer<K extends LayerKey>(ctx: RequestContext, key: K, action: string): K {
  if (key.accountId !== ctx.accountId || key.region !== ctx.region) {
    throw accessDenied(ctx.accountId, action, layerArn(key));
  }
  return key;
}
