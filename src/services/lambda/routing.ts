// Alias routing (RoutingConfig.AdditionalVersionWeights): Lambda sends the given share of an
// alias's invocations to one additional published version and the rest to the alias's version.
import { randomInt } from 'node:crypto';
import type { Database } from '../../storage/types.js';
import { LATEST } from './constants.js';
import { functionNotFound, invalidParameterValue, validationError } from './errors.js';
import { isVersionNumber, qualifiedArn } from './names.js';
import type { AliasRow } from './store-aliases.js';
import type { FunctionKey } from './store-functions.js';
import { findVersion } from './store-versions.js';

export type VersionWeights = Record<string, number>;

const WEIGHT_CONSTRAINT =
  'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]';
const KEY_CONSTRAINT =
  'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]';

/** Lambda quotes the offending entry as `{2=1.5}`. */
function entryText(version: string, weight: number): string {
  return `{${version}=${weight}}`;
}

/**
 * Lambda's rules: at most one additional version, a weight from 0.0 to 1.0, a published version
 * other than the alias's own, and no routing for an alias of `$LATEST`.
 */
export async function checkRouting(
  db: Database,
  key: FunctionKey,
  functionVersion: string,
  weights: VersionWeights,
): Promise<void> {
  const entries = Object.entries(weights);
  if (entries.length > 1)
    throw invalidParameterValue('Number of items in AdditionalVersionWeights cannot be greater than 1');
  for (const [version, weight] of entries) {
    if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
      throw validationError(
        entryText(version, weight),
        'routingConfig.additionalVersionWeights',
        WEIGHT_CONSTRAINT,
      );
    }
    if (version === functionVersion) {
      throw invalidParameterValue(
        `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
      );
    }
    if (functionVersion === LATEST)
      throw invalidParameterValue('$LATEST is not supported for an alias pointing to more than 1 version');
    if (!isVersionNumber(version)) {
      throw validationError(
        entryText(version, weight),
        'routingConfig.additionalVersionWeights',
        KEY_CONSTRAINT,
      );
    }
    if (!(await findVersion(db, key, Number(version)))) throw functionNotFound(qualifiedArn(key, version));
  }
}

export function weightsOf(alias: AliasRow): VersionWeights {
  return alias.routing === null ? {} : (JSON.parse(alias.routing) as VersionWeights);
}

/** The version one invocation through the alias runs: the additional one with its weight's chance. */
export function chooseVersion(alias: AliasRow): string {
  const draw = randomInt(1_000_000) / 1_000_000;
  let threshold = 0;
  for (const [version, weight] of Object.entries(weightsOf(alias))) {
    threshold += weight;
    if (draw < threshold) return version;
  }
  return alias.function_version;
}
