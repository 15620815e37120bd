// DescribeTable, ListTables, DescribeLimits, DescribeEndpoints.
import type { RequestContext } from '../../../core/service.js';
import type { Database } from '../../../storage/types.js';
import { tableNotFound } from '../errors.js';
import { countTable, describeTable } from './describe.js';
import { findTable } from './lookup.js';
import { listTableNames } from './store.js';
import type { Table } from './types.js';

/**
 * The table a table operation names, or DynamoDB's not-found error naming it. With `tx`, read
 * and locked inside that transaction.
 */
export async function namedTable(ctx: RequestContext, name: string, tx?: Database): Promise<Table> {
  const db = tx ?? ctx.storage.db;
  const table = await findTable(db, ctx, name, ctx.clock.now(), tx ? 'locked' : 'fresh');
  if (!table) throw tableNotFound(name);
  return table;
}

export async function DescribeTable(ctx: RequestContext, input: { TableName: string }): Promise<unknown> {
  const table = await namedTable(ctx, input.TableName);
  return { Table: describeTable(table, await countTable(ctx.storage.db, table.id)) };
}

const DEFAULT_LIST_LIMIT = 100;

export async function ListTables(
  ctx: RequestContext,
  input: { ExclusiveStartTableName?: string; Limit?: number },
): Promise<unknown> {
  const limit = input.Limit ?? DEFAULT_LIST_LIMIT;
  // One more than asked tells whether a LastEvaluatedTableName is due.
  const names = await listTableNames(ctx.storage.db, ctx, {
    after: input.ExclusiveStartTableName ?? '',
    limit: limit + 1,
    now: ctx.clock.now(),
  });
  if (names.length <= limit) return { TableNames: names };
  const page = names.slice(0, limit);
  return { TableNames: page, LastEvaluatedTableName: page[page.length - 1] };
}

/** DynamoDB's default account quotas (they are what DescribeLimits reports). */
export async function DescribeLimits(): Promise<unknown> {
  return {
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  };
}

/** The one endpoint is this one; clients cache it for CachePeriodInMinutes. */
export async function DescribeEndpoints(ctx: RequestContext): Promise<unknown> {
  return { Endpoints: [{ Address: new URL(ctx.endpoint).host, CachePeriodInMinutes: 1440 }] };
}
