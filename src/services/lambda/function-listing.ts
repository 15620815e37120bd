// ListFunctions: `$LATEST` of each function in name order or, with FunctionVersion ALL, every
// published version as well (https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html:
// "Set to ALL to include entries for all published versions of each function"). MasterRegion
// lists only Lambda@Edge replicas of functions from that region, which Nubis never has.
import type { FunctionConfiguration, ListFunctionsRequest } from '@aws-sdk/client-lambda';
import type { RequestContext } from '../../core/service.js';
import { toConfiguration } from './configuration.js';
import { LATEST } from './constants.js';
import { invalidParameterValue, validationErrors, type ValidationFailure } from './errors.js';
import { fromMarker, pageOf } from './pagination.js';
import { listFunctionRows, type FunctionRow } from './store-functions.js';
import { listAccountVersionRows, versionAsRow } from './store-versions.js';

const MASTER_REGION = /^(?:ALL|[a-z]{2}(?:-gov)?-[a-z]+-\d)$/;
const MASTER_REGION_PATTERN = 'ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}';

/**
 * "The ListFunctions operation returns a subset of the FunctionConfiguration fields": these are
 * for GetFunction only (API reference).
 */
const NOT_LISTED = new Set([
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'RuntimeVersionConfig',
]);

function listed(configuration: FunctionConfiguration): FunctionConfiguration {
  return Object.fromEntries(
    Object.entries(configuration).filter(([key]) => !NOT_LISTED.has(key)),
  ) as FunctionConfiguration;
}

interface Page {
  Functions: FunctionConfiguration[];
  NextMarker: string | undefined;
}

/** Lambda reports both members at once when both fail their constraints. */
function checkListing(input: ListFunctionsRequest): void {
  const failures: ValidationFailure[] = [];
  if (input.FunctionVersion !== undefined && input.FunctionVersion !== 'ALL') {
    const constraint = 'Member must satisfy enum value set: [ALL]';
    failures.push({ value: input.FunctionVersion, field: 'functionVersion', constraint });
  }
  if (input.MasterRegion !== undefined && !MASTER_REGION.test(input.MasterRegion)) {
    const constraint = `Member must satisfy regular expression pattern: ${MASTER_REGION_PATTERN}`;
    failures.push({ value: input.MasterRegion, field: 'masterRegion', constraint });
  }
  if (failures.length > 0) throw validationErrors(failures);
  if (input.MasterRegion !== undefined && input.FunctionVersion === undefined) {
    // Lambda's own wording, which names the parameter MasterArn.
    throw invalidParameterValue(
      `The combination MasterArn=${input.MasterRegion} and FunctionVersion=NULL is not supported. ` +
        'Please see our documentation for valid combinations of ListFunctions options.',
    );
  }
}

export async function listFunctionsPage(
  ctx: RequestContext,
  input: ListFunctionsRequest,
  limit: number,
): Promise<Page> {
  checkListing(input);
  if (input.MasterRegion !== undefined) return { Functions: [], NextMarker: undefined };
  const after = input.Marker === undefined ? '' : fromMarker(input.Marker);
  if (input.FunctionVersion === 'ALL') return allVersionsPage(ctx, after, limit);
  const rows = await listFunctionRows(ctx.storage.db, {
    accountId: ctx.accountId,
    region: ctx.region,
    after,
    limit: limit + 1,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.name);
  return { Functions: page.map((row) => listed(toConfiguration(row))), NextMarker: nextMarker };
}

type Entry = FunctionRow & { version: string };

/** The number of a version in the listing's order: `$LATEST` comes before version 1. */
function ordinal(entry: Entry): number {
  return entry.version === LATEST ? 0 : Number(entry.version);
}

function compareEntries(a: Entry, b: Entry): number {
  if (a.name !== b.name) return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
  return ordinal(a) - ordinal(b);
}

/** A page's marker is `name:version` of its last entry (a function name has no colon). */
function parseAfter(marker: string): { afterName: string; afterVersion: number } {
  const [name = '', version] = marker.split(':');
  if (version === undefined || version === LATEST) return { afterName: name, afterVersion: 0 };
  const number = Number(version);
  if (!Number.isInteger(number) || number < 1) throw invalidParameterValue('Invalid Marker');
  return { afterName: name, afterVersion: number };
}

/**
 * Both sources are read in the listing's order, `limit + 1` from each: the merged page can take
 * no more than that from either.
 */
async function allVersionsPage(ctx: RequestContext, marker: string, limit: number): Promise<Page> {
  const scope = { accountId: ctx.accountId, region: ctx.region, limit: limit + 1 };
  const { afterName, afterVersion } = parseAfter(marker);
  const latest = await listFunctionRows(ctx.storage.db, { ...scope, after: afterName });
  const versions = await listAccountVersionRows(ctx.storage.db, { ...scope, afterName, afterVersion });
  const entries: Entry[] = [
    ...latest.map((row) => ({ ...row, version: LATEST })),
    ...versions.map(versionAsRow),
  ].sort(compareEntries);
  const { page, nextMarker } = pageOf(
    entries.slice(0, limit + 1),
    limit,
    (row) => `${row.name}:${row.version}`,
  );
  return {
    Functions: page.map((row) => listed(toConfiguration(row, { qualifier: row.version }))),
    NextMarker: nextMarker,
  };
}
