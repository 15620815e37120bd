// DeleteTable: DELETING until it settles, then gone; a job purges its items afterwards.
import type { RequestContext, ServiceEnvironment } from '../../../core/service.js';
import type { Job } from '../../../storage/types.js';
import { tableInUse, validation } from '../errors.js';
import { statusDelayMs } from '../settings.js';
import { disableStreams } from '../streams/store.js';
import { countTable, describeTable } from './describe.js';
import { rowState } from './lifecycle.js';
import { tableChanged } from './lookup.js';
import { namedTable } from './read.js';
import { purgeTableBatch, saveTableState } from './store.js';

export const PURGE_JOB = 'dynamodb.purge-table';
const PURGE_BATCH = 5000;

export async function DeleteTable(ctx: RequestContext, input: { TableName: string }): Promise<unknown> {
  const now = ctx.clock.now();
  const counts = await ctx.storage.db.transaction(async (tx) => {
    const table = await namedTable(ctx, input.TableName, tx);
    if (table.status === 'CREATING') throw tableInUse('Table is being created', table.name);
    if (table.status === 'UPDATING') throw tableInUse('Table is being updated', table.name);
    if (table.status === 'DELETING') throw tableInUse('Table is being deleted', table.name);
    if (table.stored.DeletionProtectionEnabled) {
      throw validation(
        'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
      );
    }
    const deleting = { ...table, status: 'DELETING' as const, settlesAt: now + statusDelayMs() };
    await saveTableState(tx, table.id, rowState(deleting));
    await disableStreams(tx, table.id, now);
    await ctx.storage.jobs.schedule(
      { kind: PURGE_JOB, key: table.id, runAt: deleting.settlesAt, payload: table.id },
      tx,
    );
    return { deleting, counts: await countTable(tx, table.id) };
  });
  await tableChanged(ctx, input.TableName);
  // DynamoDB's answer no longer lists global secondary indexes.
  return { TableDescription: describeTable(counts.deleting, counts.counts, { withGlobalIndexes: false }) };
}

/** Deletes a deleted table's items a batch per transaction, then its row. */
export function purgeHandler(env: ServiceEnvironment) {
  return async (job: Job) => {
    const done = await env.storage.db.transaction((tx) =>
      purgeTableBatch(tx, job.payload as string, PURGE_BATCH),
    );
    return done ? undefined : { rescheduleAt: env.clock.now() };
  };
}
