// Reading a function (any of its versions) and changing it under Lambda's revision rules.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { LATEST } from './constants.js';
import { functionNotFound, revisionMismatch } from './errors.js';
import { functionArn, isVersionNumber, qualifiedArn, type FunctionRef } from './names.js';
import { chooseVersion } from './routing.js';
import { invokeReads } from './runtime-host.js';
import { findAlias, type AliasRow } from './store-aliases.js';
import { findFunction, lockFunction, updateFunction, type FunctionRow } from './store-functions.js';
import { findVersion, versionAsRow } from './store-versions.js';

/** A function as one of its versions, with the qualifier the caller named it by. */
export interface FunctionVersionRow extends FunctionRow {
  /** `$LATEST` or the published version's number. */
  version: string;
  /** The qualifier used (`$LATEST`, a number, an alias), carried in Invoke's invokedFunctionArn. */
  qualifier: string | undefined;
}

/**
 * The row of the version `ref` resolves to. An alias resolves to its version, or, with
 * AdditionalVersionWeights, to a weighted choice made on each call (one per invocation, as Lambda
 * routes); `routed: false` reads the alias's own FunctionVersion (GetFunction, GetFunctionConfiguration).
 */
export function getFunctionRow(
  ctx: RequestContext,
  ref: FunctionRef,
  options: { routed?: boolean } = {},
): Promise<FunctionVersionRow> {
  return readFunctionRow(ctx.storage.db, ref, options);
}

/** `getFunctionRow` for callers without a request (jobs, pollers). */
export function readFunctionRow(
  db: Database,
  ref: FunctionRef,
  options: { routed?: boolean } = {},
): Promise<FunctionVersionRow> {
  return resolveFunctionRow(ref, options, {
    latest: () => findFunction(db, ref),
    alias: (alias) => findAlias(db, { ...ref, alias }),
    version: (latest, version) => versionRow(db, latest, version),
  });
}

/**
 * `getFunctionRow` for Invoke, through this node's cached reads (invoke-reads.ts). An alias is
 * cached, not the version it routes to: a weighted alias still chooses on every call.
 */
export function invokedFunctionRow(ctx: RequestContext, ref: FunctionRef): Promise<FunctionVersionRow> {
  const { db } = ctx.storage;
  const reads = invokeReads();
  const name = JSON.stringify([ref.accountId, ref.region, ref.name]);
  return resolveFunctionRow(
    ref,
    {},
    {
      latest: () => reads.get(`function ${name}`, () => findFunction(db, ref)),
      alias: (alias) => reads.get(`alias ${name} ${alias}`, () => findAlias(db, { ...ref, alias })),
      version: (latest, version) =>
        reads.get(`version ${name} ${version}`, () => versionRow(db, latest, version)),
    },
  );
}

interface FunctionLookups {
  latest(): Promise<FunctionRow | undefined>;
  alias(alias: string): Promise<AliasRow | undefined>;
  version(latest: FunctionRow, version: string): Promise<Omit<FunctionVersionRow, 'qualifier'> | undefined>;
}

async function resolveFunctionRow(
  ref: FunctionRef,
  options: { routed?: boolean },
  lookups: FunctionLookups,
): Promise<FunctionVersionRow> {
  const latest = await lookups.latest();
  const qualifier = ref.qualifier;
  if (!latest) throw functionNotFound(qualifier === LATEST ? functionArn(ref) : qualifiedArn(ref, qualifier));
  if (qualifier === undefined || qualifier === LATEST) return { ...latest, version: LATEST, qualifier };
  let version = qualifier;
  if (!isVersionNumber(qualifier)) {
    const alias = await lookups.alias(qualifier);
    if (!alias) throw functionNotFound(qualifiedArn(ref, qualifier));
    version = options.routed === false ? alias.function_version : chooseVersion(alias);
  }
  const row = await lookups.version(latest, version);
  if (!row) throw functionNotFound(qualifiedArn(ref, qualifier));
  return { ...row, qualifier };
}

/** `$LATEST` or a published version of the function whose $LATEST row is `latest`. */
export async function versionRow(
  db: Database,
  latest: FunctionRow,
  version: string,
): Promise<Omit<FunctionVersionRow, 'qualifier'> | undefined> {
  if (version === LATEST) return { ...latest, version };
  const key = { accountId: latest.account_id, region: latest.region, name: latest.name };
  const published = await findVersion(db, key, Number(version));
  if (!published) return undefined;
  // Tags belong to the function, not to a version.
  return { ...versionAsRow(published), tags: latest.tags };
}

/**
 * Applies `change` to the locked row with a new RevisionId. A `revisionId` given by the caller must
 * be the current one (Lambda's optimistic locking, PreconditionFailedException otherwise).
 * `change` runs inside the transaction and may write related rows through `tx` (a policy
 * statement); `within` runs in the same transaction after the update (publishing a version with
 * it). Returns the row before and after the change.
 */
export async function changeFunction(
  ctx: RequestContext,
  ref: FunctionRef,
  revisionId: string | undefined,
  change: (row: FunctionRow, tx: Database) => Partial<FunctionRow> | Promise<Partial<FunctionRow>>,
  within?: (tx: Database, after: FunctionRow) => Promise<void>,
): Promise<{ before: FunctionRow; after: FunctionRow }> {
  return ctx.storage.db.transaction(async (tx) => {
    const before = await lockFunction(tx, ref);
    if (!before) throw functionNotFound(functionArn(ref));
    if (revisionId !== undefined && revisionId !== before.revision_id) throw revisionMismatch();
    const after: FunctionRow = {
      ...before,
      revision_id: randomUUID(),
      modified_at: ctx.clock.now(),
      ...(await change(before, tx)),
    };
    await updateFunction(tx, after);
    await within?.(tx, after);
    return { before, after };
  });
}
