// Table status transitions. A change (create, update, delete) is written with the time it settles;
// whoever reads the table afterwards sees it settled, so no timer has to run for it.
import type { StoredIndex, StoredTable, Table, TableStatus } from './types.js';
import type { TableRow } from './store.js';

export function tableArn(row: { region: string; account_id: string; name: string }): string {
  return `arn:aws:dynamodb:${row.region}:${row.account_id}:table/${row.name}`;
}

/** The table as of `now`; undefined once a deletion has settled. */
export function tableAt(row: TableRow, now: number): Table | undefined {
  const settled = now >= row.settles_at;
  if (settled && row.status === 'DELETING') return undefined;
  if (!settled) return tableAsWritten(row);
  const stored = settle(JSON.parse(row.pending ?? row.description) as StoredTable);
  return { ...tableAsWritten(row), status: 'ACTIVE', stored };
}

/** The table as its row says, before any pending change: what the call that changed it answers. */
export function tableAsWritten(row: TableRow): Table {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    arn: tableArn(row),
    status: row.status as TableStatus,
    createdAt: row.created_at,
    settlesAt: row.settles_at,
    stored: JSON.parse(row.description) as StoredTable,
    tags: JSON.parse(row.tags) as Record<string, string>,
    ttl: row.ttl ? (JSON.parse(row.ttl) as Table['ttl']) : undefined,
  };
}

/** Indexes finish their transitions with the table: created ones become ACTIVE, deleted ones go. */
function settle(stored: StoredTable): StoredTable {
  if (!stored.GlobalSecondaryIndexes) return stored;
  const indexes = stored.GlobalSecondaryIndexes.filter((index) => index.IndexStatus !== 'DELETING').map(
    (index): StoredIndex =>
      index.Backfilling || index.IndexStatus === 'ACTIVE' ? index : { ...index, IndexStatus: 'ACTIVE' },
  );
  const { GlobalSecondaryIndexes: _, ...rest } = stored;
  return indexes.length > 0 ? { ...rest, GlobalSecondaryIndexes: indexes } : rest;
}

/** The row that stores a table's state (pending changes already applied by tableAt). */
export function rowState(table: Table): {
  status: string;
  settles_at: number;
  description: string;
  pending: null;
} {
  return {
    status: table.status,
    settles_at: table.settlesAt,
    description: JSON.stringify(table.stored),
    pending: null,
  };
}
