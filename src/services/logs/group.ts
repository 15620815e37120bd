// Finding a log group from a request (name, or logGroupIdentifier: a name or an ARN), its ARNs, and
// the retention cutoff every read applies (events past retention are never returned, even before
// the retention job deletes them).
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { DAY_MS } from './constants.js';
import { groupNotFound, invalidParameter } from './errors.js';
import { findGroup, type GroupRow } from './store-groups.js';

/** `arn:aws:logs:region:account:log-group:NAME` (TagResource and logGroupArn). */
export function groupArn(row: GroupRow): string {
  return `arn:aws:logs:${row.region}:${row.account_id}:log-group:${row.name}`;
}

const ARN = /^arn:aws[\w-]*:logs:([^:]*):(\d{12}):log-group:([^:]+)(:\*)?$/;

/** Parses a log group ARN (with or without the trailing `:*` DescribeLogGroups shows). */
export function parseGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = ARN.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, name: match[3]! };
}

/** The oldest timestamp the group keeps at `now` (0 without a retention policy). */
export function retentionCutoff(row: GroupRow, now: number): number {
  return row.retention_days === null ? 0 : now - Number(row.retention_days) * DAY_MS;
}

export async function requireGroup(db: Database, ctx: RequestContext, name: string): Promise<GroupRow> {
  const row = await findGroup(db, { accountId: ctx.accountId, region: ctx.region }, name);
  if (!row) throw groupNotFound();
  return row;
}

/** Operations that take logGroupName or logGroupIdentifier (exactly one of them). */
export async function resolveGroup(
  db: Database,
  ctx: RequestContext,
  input: { logGroupName?: string; logGroupIdentifier?: string },
): Promise<GroupRow> {
  const { logGroupName, logGroupIdentifier } = input;
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const identifier = logGroupName ?? logGroupIdentifier;
  if (identifier === undefined)
    throw invalidParameter('Either the log group name or the log group ARN must be provided.');
  const parsed = identifier.startsWith('arn:') ? parseGroupArn(identifier) : undefined;
  if (identifier.startsWith('arn:') && !parsed) throw groupNotFound();
  if (parsed && (parsed.accountId !== ctx.accountId || parsed.region !== ctx.region)) throw groupNotFound();
  return requireGroup(db, ctx, parsed?.name ?? identifier);
}
