// Time to live: a durable recurring job (one pending row whatever the number of nodes) deletes
// the items whose TTL attribute, a number of epoch seconds, has passed. As on DynamoDB, values that
// are not numbers, and times more than five years in the past, never expire an item (AWS docs,
// "Time to Live: how it works").
import type { ServiceEnvironment } from '../../core/service.js';
import type { Database, JobHandler } from '../../storage/types.js';
import type { Item } from './attribute-value.js';
import { schemaOf } from './items/schema.js';
import { forgetExpiredTokens } from './items/transactions/tokens.js';
import { applyWrite } from './items/write.js';
import { ttlSweepMs } from './settings.js';
import { trimStreams } from './streams/store.js';
import { tableAt } from './tables/lifecycle.js';
import type { TableRow } from './tables/store.js';
import type { Table } from './tables/types.js';

export const TTL_JOB = 'dynamodb.ttl';
const BATCH = 500;
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

function expiresAt(item: Item, attribute: string): number | undefined {
  const value = item[attribute];
  return value && 'N' in value ? Number(value.N) : undefined;
}

function isExpired(item: Item | undefined, attribute: string, nowS: number): boolean {
  const at = item && expiresAt(item, attribute);
  return at !== undefined && at <= nowS && at > nowS - FIVE_YEARS_S;
}

/** The expired items' keys, by the numeric value of their TTL attribute (JSON-extracted). */
async function expiredRows(db: Database, table: Table, nowS: number): Promise<{ pk: Buffer; sk: Buffer }[]> {
  const attribute = table.ttl!.AttributeName;
  const value =
    db.dialect === 'postgres'
      ? `((item::jsonb -> CAST(:attribute AS text)) ->> 'N')::numeric`
      : `CAST(json_extract(item, '$."' || :attribute || '".N') AS REAL)`;
  const rows = await db.all<{ pk: Buffer; sk: Buffer }>(
    `SELECT pk, sk FROM dynamodb_items WHERE table_id = :tableId AND ${value} <= :now AND ${value} > :oldest LIMIT :batch`,
    { tableId: table.id, attribute, now: nowS, oldest: nowS - FIVE_YEARS_S, batch: BATCH },
  );
  return rows.map((row) => ({ pk: Buffer.from(row.pk), sk: Buffer.from(row.sk) }));
}

async function tablesWithTtl(db: Database, now: number): Promise<Table[]> {
  const rows = await db.all<TableRow>(
    `SELECT * FROM dynamodb_tables WHERE name IS NOT NULL AND ttl LIKE '%"Enabled":true%'`,
  );
  return rows
    .map((row) =>
      tableAt({ ...row, settles_at: Number(row.settles_at), created_at: Number(row.created_at) }, now),
    )
    .filter((table): table is Table => table !== undefined && table.ttl?.Enabled === true);
}

export async function deleteExpiredItems(env: ServiceEnvironment): Promise<number> {
  const now = env.clock.now();
  const nowS = now / 1000;
  let deleted = 0;
  for (const table of await tablesWithTtl(env.storage.db, now)) {
    const target = { table, schema: schemaOf(table.stored) };
    const attribute = table.ttl!.AttributeName;
    for (const key of await expiredRows(env.storage.db, table, nowS)) {
      // Checked again inside the transaction: the item may have been updated since it was found.
      await env.storage.db.transaction((tx) =>
        applyWrite(tx, {
          target,
          key,
          now,
          byService: true,
          change: (old) => (isExpired(old, attribute, nowS) ? undefined : old),
        }),
      );
      deleted += 1;
    }
  }
  return deleted;
}

/** The sweep also forgets transaction tokens and stream records past their time. */
export function ttlHandler(env: ServiceEnvironment): JobHandler {
  return async () => {
    await deleteExpiredItems(env);
    await forgetExpiredTokens(env.storage.db, env.clock.now());
    await trimStreams(env.storage.db, env.clock.now());
    return { rescheduleAt: env.clock.now() + ttlSweepMs() };
  };
}

export async function scheduleTtl(env: ServiceEnvironment): Promise<void> {
  await env.storage.jobs.schedule({ kind: TTL_JOB, key: TTL_JOB, runAt: env.clock.now() + ttlSweepMs() });
}
