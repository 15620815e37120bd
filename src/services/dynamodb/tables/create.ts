// CreateTable: the definition is stored as given; the table is CREATING until it settles.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../core/service.js';
import { tableExists } from '../errors.js';
import { createStream } from '../streams/store.js';
import { statusDelayMs } from '../settings.js';
import { describeTable, NO_COUNTS } from './describe.js';
import { tableAsWritten } from './lifecycle.js';
import { tableChanged } from './lookup.js';
import { insertTable, releaseSettledName, type TableRow } from './store.js';
import { tagsFromList } from './tags.js';
import type { BillingMode, StoredIndex, StoredTable, Throughput } from './types.js';

interface ThroughputInput {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

interface IndexInput {
  IndexName: string;
  KeySchema: StoredIndex['KeySchema'];
  Projection: StoredIndex['Projection'];
  ProvisionedThroughput?: ThroughputInput;
}

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: StoredTable['AttributeDefinitions'];
  KeySchema: StoredTable['KeySchema'];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ThroughputInput;
  LocalSecondaryIndexes?: IndexInput[];
  GlobalSecondaryIndexes?: IndexInput[];
  StreamSpecification?: StoredTable['StreamSpecification'];
  DeletionProtectionEnabled?: boolean;
  TableClass?: string;
  Tags?: { Key: string; Value: string }[];
}

/** On-demand tables and their indexes report zero provisioned capacity. */
export function provisioned(value: ThroughputInput | undefined, billing: BillingMode): Throughput {
  const onDemand = billing === 'PAY_PER_REQUEST';
  return {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: onDemand ? 0 : (value?.ReadCapacityUnits ?? 0),
    WriteCapacityUnits: onDemand ? 0 : (value?.WriteCapacityUnits ?? 0),
  };
}

export function globalIndex(
  index: IndexInput,
  billing: BillingMode,
  status: StoredIndex['IndexStatus'],
): StoredIndex {
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ProvisionedThroughput: provisioned(index.ProvisionedThroughput, billing),
    IndexStatus: status,
  };
}

/** DynamoDB labels a stream by its creation time (ISO 8601 without the zone). */
export function streamLabel(now: number): string {
  return new Date(now).toISOString().replace('Z', '');
}

function storedTable(input: CreateTableInput, now: number): StoredTable {
  const billing = input.BillingMode ?? 'PROVISIONED';
  const stored: StoredTable = {
    TableId: randomUUID(),
    AttributeDefinitions: input.AttributeDefinitions,
    KeySchema: input.KeySchema,
    BillingMode: billing,
    ProvisionedThroughput: provisioned(input.ProvisionedThroughput, billing),
  };
  if (input.LocalSecondaryIndexes) {
    stored.LocalSecondaryIndexes = input.LocalSecondaryIndexes.map(
      ({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      }),
    );
  }
  if (input.GlobalSecondaryIndexes) {
    stored.GlobalSecondaryIndexes = input.GlobalSecondaryIndexes.map((index) =>
      globalIndex(index, billing, 'CREATING'),
    );
  }
  if (input.StreamSpecification?.StreamEnabled) {
    stored.StreamSpecification = input.StreamSpecification;
    stored.LatestStreamLabel = streamLabel(now);
  }
  if (input.DeletionProtectionEnabled !== undefined)
    stored.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
  if (input.TableClass) stored.TableClass = input.TableClass;
  return stored;
}

export async function CreateTable(ctx: RequestContext, input: CreateTableInput): Promise<unknown> {
  const now = ctx.clock.now();
  const scope = { accountId: ctx.accountId, region: ctx.region };
  const row: TableRow = {
    id: randomUUID(),
    account_id: ctx.accountId,
    region: ctx.region,
    name: input.TableName,
    status: 'CREATING',
    settles_at: now + statusDelayMs(),
    created_at: now,
    description: JSON.stringify(storedTable(input, now)),
    pending: null,
    tags: JSON.stringify(tagsFromList(input.Tags ?? [])),
    ttl: null,
  };
  const table = tableAsWritten(row);
  const created = await ctx.storage.db.transaction(async (tx) => {
    await releaseSettledName(tx, scope, input.TableName, now);
    const inserted = await insertTable(tx, row);
    if (inserted && table.stored.StreamSpecification) await createStream(tx, table, now);
    return inserted;
  });
  await tableChanged(ctx, input.TableName);
  if (!created) throw tableExists(input.TableName);
  return { TableDescription: describeTable(table, NO_COUNTS) };
}
