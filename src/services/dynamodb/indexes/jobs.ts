// Global secondary indexes added to a table with items are backfilled by a job, a batch of items
// per transaction; indexes that are deleted have their entries purged the same way.
import type { ServiceEnvironment } from '../../../core/service.js';
import type { Database, Job } from '../../../storage/types.js';
import type { Item } from '../attribute-value.js';
import { schemaOf } from '../items/schema.js';
import { readRange } from '../items/store.js';
import { tableAt } from '../tables/lifecycle.js';
import type { TableRow } from '../tables/store.js';
import type { StoredTable } from '../tables/types.js';
import { updateIndexEntries } from './entries.js';

export const BACKFILL_JOB = 'dynamodb.backfill-index';
export const INDEX_PURGE_JOB = 'dynamodb.purge-index';
const BATCH = 1000;

interface IndexJob {
  tableId: string;
  indexName: string;
  /** Hex of the last item's partition and sort bytes done so far. */
  after?: [string, string];
}

async function lockedRow(db: Database, id: string): Promise<TableRow | undefined> {
  const forUpdate = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await db.one<TableRow>(`SELECT * FROM dynamodb_tables WHERE id = :id${forUpdate}`, { id });
  return row && { ...row, settles_at: Number(row.settles_at), created_at: Number(row.created_at) };
}

/** Marks the index built in the stored state(s) that still carry it. */
function markBuilt(stored: StoredTable, indexName: string): StoredTable {
  const indexes = stored.GlobalSecondaryIndexes?.map((index) =>
    index.IndexName === indexName ? { ...index, Backfilling: false, IndexStatus: 'ACTIVE' as const } : index,
  );
  return indexes ? { ...stored, GlobalSecondaryIndexes: indexes } : stored;
}

async function finishBackfill(tx: Database, row: TableRow, indexName: string, now: number): Promise<void> {
  const table = tableAt(row, now);
  if (!table) return;
  if (now < row.settles_at && row.pending) {
    const pending = markBuilt(JSON.parse(row.pending) as StoredTable, indexName);
    await tx.run('UPDATE dynamodb_tables SET pending = :pending WHERE id = :id', {
      id: row.id,
      pending: JSON.stringify(pending),
    });
    return;
  }
  await tx.run(
    `UPDATE dynamodb_tables SET status = :status, description = :description, pending = NULL WHERE id = :id`,
    { id: row.id, status: table.status, description: JSON.stringify(markBuilt(table.stored, indexName)) },
  );
}

/** One batch of the backfill: items after the cursor get their entry in the new index. */
async function backfillBatch(tx: Database, job: IndexJob, now: number): Promise<IndexJob | undefined> {
  const row = await lockedRow(tx, job.tableId);
  const table = row && tableAt(row, now);
  if (!row || !table) return undefined;
  const after = job.after && { pk: Buffer.from(job.after[0], 'hex'), sk: Buffer.from(job.after[1], 'hex') };
  const rows = await readRange(tx, { tableId: job.tableId, forward: true, after, limit: BATCH });
  const schema = schemaOf(table.stored);
  for (const item of rows) {
    const key = { pk: item.pk, sk: item.sk };
    await updateIndexEntries(
      tx,
      job.tableId,
      schema,
      key,
      undefined,
      JSON.parse(item.item) as Item,
      job.indexName,
    );
  }
  if (rows.length === BATCH) {
    const last = rows[rows.length - 1]!;
    return { ...job, after: [last.pk.toString('hex'), last.sk.toString('hex')] };
  }
  await finishBackfill(tx, row, job.indexName, now);
  return undefined;
}

export function backfillHandler(env: ServiceEnvironment) {
  return async (job: Job) => {
    const next = await env.storage.db.transaction((tx) =>
      backfillBatch(tx, job.payload as IndexJob, env.clock.now()),
    );
    return next ? { rescheduleAt: env.clock.now(), payload: next } : undefined;
  };
}

export function indexPurgeHandler(env: ServiceEnvironment) {
  return async (job: Job) => {
    const { tableId, indexName } = job.payload as IndexJob;
    const { changes } = await env.storage.db.run(
      `DELETE FROM dynamodb_index_items WHERE table_id = :tableId AND index_name = :indexName AND (pk, sk, item_pk, item_sk) IN
         (SELECT pk, sk, item_pk, item_sk FROM dynamodb_index_items WHERE table_id = :tableId AND index_name = :indexName LIMIT :batch)`,
      { tableId, indexName, batch: BATCH },
    );
    return changes > 0 ? { rescheduleAt: env.clock.now() } : undefined;
  };
}
