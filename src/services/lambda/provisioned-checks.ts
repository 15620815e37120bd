// What Lambda checks before it accepts a provisioned concurrency config: the qualifier names a
// published version or an alias of one; a version is provisioned once, directly or through one
// alias; and the concurrency it takes fits the function's reservation, or else the account's
// unreserved concurrency above its minimum.
import type { Database } from '../../storage/types.js';
import { LATEST } from './constants.js';
import { aliasNotFound, functionNotFound, invalidParameterValue, resourceConflict } from './errors.js';
import { isVersionNumber, qualifiedArn } from './names.js';
import { accountConcurrencyLimit, minimumUnreserved } from './settings.js';
import { allAliases, findAlias } from './store-aliases.js';
import { concurrencyLimits } from './store-concurrency.js';
import { functionProvisioned, type ProvisionedKey } from './store-provisioned.js';
import { findVersion } from './store-versions.js';

const UNPUBLISHED = 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.';
const NOT_PUBLISHED = 'The function resource provided must be an alias or a published version.';

export interface ProvisionedTargetOf extends ProvisionedKey {
  /** The published version the config provisions (the alias's, for an alias). */
  version: string;
  isAlias: boolean;
}

/**
 * The version `key` provisions. Lambda names a missing alias ("Cannot find alias arn") and a
 * missing version ("Function not found") as such even when the function itself is missing.
 */
export async function provisionedTarget(
  db: Database,
  key: ProvisionedKey,
  options: { exists: boolean; forPut: boolean },
): Promise<ProvisionedTargetOf> {
  const { qualifier } = key;
  if (qualifier === LATEST || qualifier === '') {
    throw invalidParameterValue(options.forPut ? UNPUBLISHED : NOT_PUBLISHED);
  }
  const arn = qualifiedArn(key, qualifier);
  if (isVersionNumber(qualifier)) {
    if (!options.exists || !(await findVersion(db, key, Number(qualifier)))) throw functionNotFound(arn);
    return { ...key, version: qualifier, isAlias: false };
  }
  const alias = options.exists ? await findAlias(db, { ...key, alias: qualifier }) : undefined;
  if (!alias) throw aliasNotFound(arn);
  if (options.forPut && alias.function_version === LATEST) throw invalidParameterValue(UNPUBLISHED);
  return { ...key, version: alias.function_version, isAlias: true };
}

/** Within the function's lock: refuses a config Lambda would refuse. */
export async function checkProvisioning(
  db: Database,
  target: ProvisionedTargetOf,
  requested: number,
): Promise<void> {
  await checkOnePerVersion(db, target);
  const limits = await concurrencyLimits(db, target);
  const current = (await functionProvisioned(db, target)).find((row) => row.qualifier === target.qualifier);
  const previous = current?.requested ?? 0;
  if (limits.reserved !== null && limits.provisioned - previous + requested > limits.reserved) {
    throw invalidParameterValue(
      'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function',
    );
  }
  const limit = accountConcurrencyLimit();
  if (requested > limit) {
    throw invalidParameterValue(
      `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${limit}].`,
    );
  }
  // Within a reservation, provisioned concurrency takes nothing more from the account.
  const minimum = minimumUnreserved();
  if (limits.reserved === null && limit - (limits.allocated - previous) - requested < minimum) {
    throw invalidParameterValue(
      `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
    );
  }
}

/** "Each version of a function can only have one provisioned concurrency configuration." */
async function checkOnePerVersion(db: Database, target: ProvisionedTargetOf): Promise<void> {
  const configured = new Set((await functionProvisioned(db, target)).map((row) => row.qualifier));
  const aliases = await allAliases(db, target);
  const otherAliases = aliases.filter(
    (alias) =>
      alias.alias !== target.qualifier &&
      alias.function_version === target.version &&
      configured.has(alias.alias),
  );
  if (target.isAlias && (configured.has(target.version) || otherAliases.length > 0)) {
    throw resourceConflict(
      "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
    );
  }
  if (!target.isAlias && otherAliases.length > 0) {
    throw resourceConflict('Version is pointed by a Provisioned Concurrency alias');
  }
}
