// PublishVersion and ListVersionsByFunction. A version is an immutable snapshot of $LATEST.
import { randomUUID } from 'node:crypto';
import type {
  FunctionConfiguration,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  PublishVersionRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { getFunctionRow, type FunctionVersionRow } from './change.js';
import { toConfiguration } from './configuration.js';
import { LATEST } from './constants.js';
import { functionNotFound, invalidParameterValue, revisionMismatch } from './errors.js';
import { functionArn, parseFunctionName, UNQUALIFIED_NAME } from './names.js';
import { fromMarker, pageOf, pageSize } from './pagination.js';
import { lockFunction, updateFunction, type FunctionRow } from './store-functions.js';
import {
  insertVersion,
  lastVersion,
  listVersionRows,
  nextVersionNumber,
  snapshotOf,
  versionAsRow,
  type VersionRow,
} from './store-versions.js';
import { checkDescription } from './validate.js';

/** What may differ between $LATEST and a version without the code or configuration differing. */
const NOT_CONFIGURATION = new Set(['revision_id', 'modified_at', 'created_at', 'tags', 'code_blob']);

function configurationOf(row: FunctionRow): string {
  const entries = Object.entries(row).filter(([key]) => !NOT_CONFIGURATION.has(key));
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

function asVersion(row: VersionRow): FunctionVersionRow {
  return { ...versionAsRow(row), qualifier: String(row.version) };
}

/**
 * Publishes `latest` (locked by the caller's transaction `tx`). When neither code nor configuration
 * changed since the last published version, Lambda returns that version instead of a new one.
 * Publishing gives $LATEST a new RevisionId but leaves its LastModified alone.
 */
export async function publishLocked(
  ctx: RequestContext,
  tx: Database,
  latest: FunctionRow,
  description: string | undefined,
): Promise<FunctionVersionRow> {
  const key = { accountId: latest.account_id, region: latest.region, name: latest.name };
  const previous = await lastVersion(tx, key);
  if (previous && configurationOf(snapshotOf(previous)) === configurationOf(latest))
    return asVersion(previous);
  const version: VersionRow = {
    account_id: latest.account_id,
    region: latest.region,
    name: latest.name,
    version: await nextVersionNumber(tx, key),
    snapshot: JSON.stringify(latest),
    description: description ?? latest.description,
    revision_id: randomUUID(),
    code_blob: latest.code_blob,
    code_size: latest.code_size,
    created_at: ctx.clock.now(),
  };
  await insertVersion(tx, version);
  await updateFunction(tx, { ...latest, revision_id: randomUUID() });
  return asVersion(version);
}

export const PublishVersion: OperationHandler<PublishVersionRequest, FunctionConfiguration> = async (
  ctx,
  input,
) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', UNQUALIFIED_NAME);
  if (input.Description !== undefined) checkDescription(input.Description);
  const published = await ctx.storage.db.transaction(async (tx) => {
    const latest = await lockFunction(tx, ref);
    if (!latest) throw functionNotFound(functionArn(ref));
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.code_sha256) {
      throw invalidParameterValue(
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.code_sha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    if (input.RevisionId !== undefined && input.RevisionId !== latest.revision_id) throw revisionMismatch();
    return publishLocked(ctx, tx, latest, input.Description);
  });
  return toConfiguration(published, { creating: true, qualifier: published.version });
};

/** `$LATEST` first, then the published versions in order; pages as ListFunctions does. */
export const ListVersionsByFunction: OperationHandler<
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse
> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', { ...UNQUALIFIED_NAME, maxLength: 170 });
  const limit = pageSize(input.MaxItems);
  const after = input.Marker === undefined ? undefined : versionAfter(fromMarker(input.Marker));
  const latest = await getFunctionRow(ctx, ref);
  const first = after === undefined ? [latest] : [];
  const published = await listVersionRows(ctx.storage.db, {
    ...ref,
    after: after ?? 0,
    limit: limit + 1 - first.length,
  });
  const entries = [...first, ...published.map(asVersion)];
  const { page, nextMarker } = pageOf(entries, limit, (row) => row.version);
  return {
    Versions: page.map((row) => toConfiguration(row, { qualifier: row.version })),
    NextMarker: nextMarker,
  };
};

function versionAfter(marker: string): number {
  if (marker === LATEST) return 0;
  const number = Number(marker);
  if (!Number.isInteger(number) || number < 1) throw invalidParameterValue('Invalid Marker');
  return number;
}
