// TableDescription as DynamoDB writes it: the stored definition, then status, counts and ARNs.
import type { Database } from '../../../storage/types.js';
import type { StoredIndex, Table, Throughput } from './types.js';

export interface Counts {
  itemCount: number;
  sizeBytes: number;
  /** By index name. */
  indexes: Map<string, { itemCount: number; sizeBytes: number }>;
}

export const NO_COUNTS: Counts = { itemCount: 0, sizeBytes: 0, indexes: new Map() };

export async function countTable(db: Database, tableId: string): Promise<Counts> {
  const table = await db.one<{ n: number; bytes: number | null }>(
    'SELECT COUNT(*) AS n, SUM(size) AS bytes FROM dynamodb_items WHERE table_id = :tableId',
    { tableId },
  );
  const rows = await db.all<{ index_name: string; n: number; bytes: number | null }>(
    `SELECT index_name, COUNT(*) AS n, SUM(size) AS bytes FROM dynamodb_index_items
     WHERE table_id = :tableId GROUP BY index_name`,
    { tableId },
  );
  return {
    itemCount: Number(table?.n ?? 0),
    sizeBytes: Number(table?.bytes ?? 0),
    indexes: new Map(
      rows.map((row) => [row.index_name, { itemCount: Number(row.n), sizeBytes: Number(row.bytes ?? 0) }]),
    ),
  };
}

/** DynamoDB reports times as epoch seconds with milliseconds. */
export const epochSeconds = (ms: number): number => ms / 1000;

function throughput(value: Throughput): Record<string, number> {
  const out: Record<string, number> = {};
  if (value.LastIncreaseDateTime !== undefined) out.LastIncreaseDateTime = value.LastIncreaseDateTime;
  if (value.LastDecreaseDateTime !== undefined) out.LastDecreaseDateTime = value.LastDecreaseDateTime;
  out.NumberOfDecreasesToday = value.NumberOfDecreasesToday;
  out.ReadCapacityUnits = value.ReadCapacityUnits;
  out.WriteCapacityUnits = value.WriteCapacityUnits;
  return out;
}

function describeIndex(table: Table, index: StoredIndex, counts: Counts): Record<string, unknown> {
  const count = counts.indexes.get(index.IndexName);
  const out: Record<string, unknown> = {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
  };
  if (index.IndexStatus) out.IndexStatus = index.IndexStatus;
  if (index.Backfilling !== undefined) out.Backfilling = index.Backfilling;
  if (index.ProvisionedThroughput) out.ProvisionedThroughput = throughput(index.ProvisionedThroughput);
  out.IndexSizeBytes = count?.sizeBytes ?? 0;
  out.ItemCount = count?.itemCount ?? 0;
  out.IndexArn = `${table.arn}/index/${index.IndexName}`;
  return out;
}

export function describeTable(
  table: Table,
  counts: Counts,
  options: { withGlobalIndexes?: boolean; status?: Table['status'] } = {},
): Record<string, unknown> {
  const { stored } = table;
  const out: Record<string, unknown> = {
    AttributeDefinitions: stored.AttributeDefinitions,
    TableName: table.name,
    KeySchema: stored.KeySchema,
    TableStatus: options.status ?? table.status,
    CreationDateTime: epochSeconds(table.createdAt),
    ProvisionedThroughput: throughput(stored.ProvisionedThroughput),
    TableSizeBytes: counts.sizeBytes,
    ItemCount: counts.itemCount,
    TableArn: table.arn,
    TableId: stored.TableId,
  };
  if (stored.BillingMode === 'PAY_PER_REQUEST' || stored.LastUpdateToPayPerRequestDateTime !== undefined) {
    const since =
      stored.LastUpdateToPayPerRequestDateTime === undefined
        ? {}
        : { LastUpdateToPayPerRequestDateTime: stored.LastUpdateToPayPerRequestDateTime };
    out.BillingModeSummary = { BillingMode: stored.BillingMode, ...since };
    out.TableThroughputModeSummary = { TableThroughputMode: stored.BillingMode, ...since };
  }
  if (stored.LocalSecondaryIndexes) {
    out.LocalSecondaryIndexes = stored.LocalSecondaryIndexes.map((index) =>
      describeIndex(table, index, counts),
    );
  }
  if (stored.GlobalSecondaryIndexes && options.withGlobalIndexes !== false) {
    out.GlobalSecondaryIndexes = stored.GlobalSecondaryIndexes.map((index) =>
      describeIndex(table, index, counts),
    );
  }
  if (stored.StreamSpecification) out.StreamSpecification = stored.StreamSpecification;
  if (stored.LatestStreamLabel) {
    out.LatestStreamLabel = stored.LatestStreamLabel;
    out.LatestStreamArn = `${table.arn}/stream/${stored.LatestStreamLabel}`;
  }
  if (stored.DeletionProtectionEnabled !== undefined)
    out.DeletionProtectionEnabled = stored.DeletionProtectionEnabled;
  if (stored.TableClass) out.TableClassSummary = { TableClass: stored.TableClass };
  return out;
}
