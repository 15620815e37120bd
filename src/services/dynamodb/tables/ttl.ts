// UpdateTimeToLive and DescribeTimeToLive. Expired items are deleted by the sweep in ../ttl.ts.
import type { RequestContext } from '../../../core/service.js';
import { validation } from '../errors.js';
import { TTL_BACKFILL_JOB } from '../ttl.js';
import { CACHE_MS, tableChanged } from './lookup.js';
import { namedTable } from './read.js';
import { saveTtl } from './store.js';

export async function DescribeTimeToLive(
  ctx: RequestContext,
  input: { TableName: string },
): Promise<unknown> {
  const table = await namedTable(ctx, input.TableName);
  const ttl = table.ttl;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}

interface TtlSpecification {
  AttributeName: string;
  Enabled: boolean;
}

export async function UpdateTimeToLive(
  ctx: RequestContext,
  input: { TableName: string; TimeToLiveSpecification: TtlSpecification },
): Promise<unknown> {
  const spec = input.TimeToLiveSpecification;
  await ctx.storage.db.transaction(async (tx) => {
    const table = await namedTable(ctx, input.TableName, tx);
    const current = table.ttl;
    if (spec.Enabled && current?.Enabled) throw validation('TimeToLive is already enabled');
    if (!spec.Enabled && !current?.Enabled) throw validation('TimeToLive is already disabled');
    if (!spec.Enabled && current && current.AttributeName !== spec.AttributeName) {
      throw validation(
        `The AttributeName provided does not match the one set on the table: ${current.AttributeName}`,
      );
    }
    await saveTtl(tx, table.id, JSON.stringify({ AttributeName: spec.AttributeName, Enabled: spec.Enabled }));
    if (spec.Enabled) {
      // The items already there get their expiry; other nodes may write with a cached definition
      // (TTL still off) for up to CACHE_MS, so the backfill starts after that on PostgreSQL.
      const runAt = ctx.clock.now() + (tx.dialect === 'postgres' ? CACHE_MS : 0);
      const payload = { tableId: table.id, attribute: spec.AttributeName };
      await ctx.storage.jobs.schedule({ kind: TTL_BACKFILL_JOB, runAt, payload }, tx);
    }
  });
  await tableChanged(ctx, input.TableName);
  return { TimeToLiveSpecification: spec };
}
