// Time to live: a durable recurring job (one pending row whatever the number of nodes) deletes
// the items whose TTL attribute, a number of epoch seconds, has passed. As on DynamoDB, values that
// are not numbers, and times more than five years in the past, never expire an item (AWS docs,
// "Time to Live: how it works").
import type { ServiceEnvironment } from '../../core/service.js';
import type { Database, JobHandler } from '../../storage/types.js';
import type { Item } from './attribute-value.js';
import { expiryOf } from './items/expiry.js';
import { schemaOf } from './items/schema.js';
import { forgetExpiredTokens } from './items/transactions/tokens.js';
import { readRange } from './items/store.js';
import { applyWrite } from './items/write.js';
import { ttlSweepMs } from './settings.js';
import { trimStreams } from './streams/store.js';
import { tableAt } from './tables/lifecycle.js';
import type { TableRow } from './tables/store.js';
import type { Table } from './tables/types.js';

export const TTL_JOB = 'dynamodb.ttl';
const BATCH = 500;
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

function isExpired(item: Item | undefined, attribute: string, nowS: number): boolean {
  const at = item && expiryOf(item, attribute);
  return typeof at === 'number' && at <= nowS && at > nowS - FIVE_YEARS_S;
}

/** The expired items' keys, found through the expiry index. */
async function expiredRows(db: Database, table: Table, nowS: number): Promise<{ pk: Buffer; sk: Buffer }[]> {
  const rows = await db.all<{ pk: Buffer; sk: Buffer }>(
    `SELECT pk, sk FROM dynamodb_items
     WHERE table_id = :tableId AND expires_at <= :now AND expires_at > :oldest LIMIT :batch`,
    { tableId: table.id, now: nowS, oldest: nowS - FIVE_YEARS_S, batch: BATCH },
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

export const TTL_BACKFILL_JOB = 'dynamodb.ttl-backfill';

interface BackfillCursor {
  tableId: string;
  attribute: string;
  /** The last key done, as hex (pk, sk). */
  after?: [string, string];
}

/**
 * One batch of giving a table's existing items their expiry once TTL is enabled. A row is updated
 * only if its item is still the one read, so a concurrent write (which sets its own) wins.
 */
async function backfillBatch(db: Database, cursor: BackfillCursor): Promise<BackfillCursor | undefined> {
  const after = cursor.after && {
    pk: Buffer.from(cursor.after[0], 'hex'),
    sk: Buffer.from(cursor.after[1], 'hex'),
  };
  const rows = await readRange(db, { tableId: cursor.tableId, forward: true, after, limit: BATCH });
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx.run(
        `UPDATE dynamodb_items SET expires_at = :expiresAt
         WHERE table_id = :tableId AND pk = :pk AND sk = :sk AND item = :item`,
        {
          tableId: cursor.tableId,
          pk: row.pk,
          sk: row.sk,
          item: row.item,
          expiresAt: expiryOf(JSON.parse(row.item) as Item, cursor.attribute),
        },
      );
    }
  });
  if (rows.length < BATCH) return undefined;
  const last = rows[rows.length - 1]!;
  return { ...cursor, after: [last.pk.toString('hex'), last.sk.toString('hex')] };
}

export function ttlBackfillHandler(env: ServiceEnvironment): JobHandler {
  return async (job) => {
    const next = await backfillBatch(env.storage.db, job.payload as BackfillCursor);
    return next ? { rescheduleAt: env.clock.now(), payload: next } : undefined;
  };
}
