// The table an item operation names. Item operations say only "Requested resource not found",
// also while the table is still being created (as recorded from DynamoDB).
import type { RequestContext } from '../../../core/service.js';
import { tableNotFound } from '../errors.js';
import { findTable } from '../tables/lookup.js';
import type { Table } from '../tables/types.js';
import { schemaOf, type TableSchema } from './schema.js';

export interface ItemTable {
  table: Table;
  schema: TableSchema;
}

export async function itemTable(ctx: RequestContext, name: string): Promise<ItemTable> {
  const table = await findTable(ctx.storage.db, ctx, name, ctx.clock.now());
  if (!table || table.status === 'CREATING' || table.status === 'DELETING') throw tableNotFound();
  return { table, schema: schemaOf(table.stored) };
}

/** Tables in request order, all looked up before any key is checked (as DynamoDB does). */
export async function itemTables(ctx: RequestContext, names: string[]): Promise<Map<string, ItemTable>> {
  const tables = new Map<string, ItemTable>();
  for (const name of names) if (!tables.has(name)) tables.set(name, await itemTable(ctx, name));
  return tables;
}
