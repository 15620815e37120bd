// UpdateTable: throughput, billing mode, global secondary indexes (created with a backfill, deleted
// with a purge), streams and deletion protection. The answer shows the table UPDATING with what it
// had; the change itself settles after the status delay, as on DynamoDB.
import type { RequestContext } from '../../../core/service.js';
import { AwsError } from '../../../core/aws-error.js';
import { limitExceeded, resourceNotFound, tableInUse, validation } from '../errors.js';
import { statusDelayMs } from '../settings.js';
import { countTable, describeTable, epochSeconds } from './describe.js';
import { CACHE_MS, tableChanged } from './lookup.js';
import { namedTable } from './read.js';
import { saveTableState } from './store.js';
import { createStream, disableStreams } from '../streams/store.js';
import { globalIndex, provisioned, streamLabel, type CreateTableInput } from './create.js';
import type { StoredIndex, StoredTable, Table, Throughput } from './types.js';
import { BACKFILL_JOB, INDEX_PURGE_JOB } from '../indexes/jobs.js';

interface ThroughputInput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

interface IndexUpdate {
  Create?: NonNullable<CreateTableInput['GlobalSecondaryIndexes']>[number];
  Update?: { IndexName: string; ProvisionedThroughput: ThroughputInput };
  Delete?: { IndexName: string };
}

export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: StoredTable['AttributeDefinitions'];
  BillingMode?: StoredTable['BillingMode'];
  ProvisionedThroughput?: ThroughputInput;
  GlobalSecondaryIndexUpdates?: IndexUpdate[];
  StreamSpecification?: StoredTable['StreamSpecification'];
  DeletionProtectionEnabled?: boolean;
  TableClass?: string;
}

const clone = <T>(value: T): T => structuredClone(value);

/** What the answer shows (`now`) and what the table has once settled (`next`). */
interface Change {
  now: StoredTable;
  next: StoredTable;
  at: number;
  settlesAt: number;
}

function unchangedThroughput(current: Throughput, requested: ThroughputInput): AwsError {
  return validation(
    'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
      `Current ReadCapacityUnits provisioned for the table: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. ` +
      `Current WriteCapacityUnits provisioned for the table: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ` +
      'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
  );
}

/** Increases and decreases are dated when asked (in the answer) and when done (once settled). */
function changeThroughput(
  now: Throughput,
  next: Throughput,
  requested: ThroughputInput,
  change: Change,
): void {
  const readDiff = requested.ReadCapacityUnits - now.ReadCapacityUnits;
  const writeDiff = requested.WriteCapacityUnits - now.WriteCapacityUnits;
  if (readDiff > 0 || writeDiff > 0) {
    now.LastIncreaseDateTime = epochSeconds(change.at);
    next.LastIncreaseDateTime = epochSeconds(change.settlesAt);
  }
  if (readDiff < 0 || writeDiff < 0) {
    now.LastDecreaseDateTime = epochSeconds(change.at);
    next.LastDecreaseDateTime = epochSeconds(change.settlesAt);
    next.NumberOfDecreasesToday += 1;
  }
  next.ReadCapacityUnits = requested.ReadCapacityUnits;
  next.WriteCapacityUnits = requested.WriteCapacityUnits;
}

function changeBilling(input: UpdateTableInput, change: Change): void {
  const { now, next } = change;
  const from = now.BillingMode;
  const to = input.BillingMode ?? from;
  if (input.ProvisionedThroughput && to === 'PAY_PER_REQUEST') {
    throw validation(
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  if (to === 'PROVISIONED' && from === 'PAY_PER_REQUEST' && !input.ProvisionedThroughput) {
    throw validation(
      'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
    );
  }
  if (to === 'PAY_PER_REQUEST' && from !== 'PAY_PER_REQUEST') {
    next.BillingMode = 'PAY_PER_REQUEST';
    next.LastUpdateToPayPerRequestDateTime = epochSeconds(change.at);
    next.ProvisionedThroughput = {
      ...provisioned(undefined, to),
      LastDecreaseDateTime: epochSeconds(change.at),
    };
    for (const index of next.GlobalSecondaryIndexes ?? [])
      index.ProvisionedThroughput = provisioned(undefined, to);
    return;
  }
  if (to === 'PROVISIONED' && from === 'PAY_PER_REQUEST') {
    next.BillingMode = 'PROVISIONED';
    next.ProvisionedThroughput = provisioned(input.ProvisionedThroughput, to);
    return;
  }
  if (input.ProvisionedThroughput) {
    const current = now.ProvisionedThroughput;
    const requested = input.ProvisionedThroughput;
    if (
      requested.ReadCapacityUnits === current.ReadCapacityUnits &&
      requested.WriteCapacityUnits === current.WriteCapacityUnits
    ) {
      throw unchangedThroughput(current, requested);
    }
    changeThroughput(current, next.ProvisionedThroughput, requested, change);
  }
}

/** DynamoDB builds or drops one global index at a time per table. */
function checkIndexUpdateCount(updates: IndexUpdate[]): void {
  const online = updates.filter((update) => update.Create || update.Delete).length;
  if (online > 1) {
    throw limitExceeded(
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  }
}

function findIndex(stored: StoredTable, name: string): StoredIndex | undefined {
  return stored.GlobalSecondaryIndexes?.find((index) => index.IndexName === name);
}

const ACTION_BLOCKED =
  'This operation cannot be performed with given input values. Please contact DynamoDB service team for more info: Action Blocked: IndexUpdate';

function changeIndexes(input: UpdateTableInput, change: Change): { created?: string; deleted?: string } {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  checkIndexUpdateCount(updates);
  const done: { created?: string; deleted?: string } = {};
  for (const update of updates) {
    if (update.Update) {
      const [now, next] = [
        findIndex(change.now, update.Update.IndexName),
        findIndex(change.next, update.Update.IndexName),
      ];
      if (!now?.ProvisionedThroughput || !next?.ProvisionedThroughput) throw validation(ACTION_BLOCKED);
      changeThroughput(
        now.ProvisionedThroughput,
        next.ProvisionedThroughput,
        update.Update.ProvisionedThroughput,
        change,
      );
      now.IndexStatus = 'UPDATING';
    } else if (update.Delete) {
      const name = update.Delete.IndexName;
      const now = findIndex(change.now, name);
      if (!now) throw resourceNotFound(`Requested resource not found: Index: ${name} not found`);
      now.IndexStatus = 'DELETING';
      change.next.GlobalSecondaryIndexes = change.next.GlobalSecondaryIndexes?.filter(
        (index) => index.IndexName !== name,
      );
      done.deleted = name;
    } else if (update.Create) {
      done.created = createIndex(input, update.Create, change);
    }
  }
  return done;
}

function createIndex(
  input: UpdateTableInput,
  create: NonNullable<IndexUpdate['Create']>,
  change: Change,
): string {
  const name = create.IndexName;
  if (change.now.BillingMode === 'PROVISIONED' && !create.ProvisionedThroughput) {
    throw validation(
      `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${name}`,
    );
  }
  const exists =
    findIndex(change.now, name) ??
    change.now.LocalSecondaryIndexes?.find((index) => index.IndexName === name);
  if (exists)
    throw validation(`One or more parameter values were invalid: Index with name: ${name} already exists`);
  for (const key of create.KeySchema) {
    const definition = input.AttributeDefinitions?.find((d) => d.AttributeName === key.AttributeName);
    if (!definition) {
      throw validation(
        `One or more parameter values were invalid: Global Secondary Index hash key not specified in Attribute Definitions. Type unknown.`,
      );
    }
    for (const stored of [change.now, change.next]) {
      if (!stored.AttributeDefinitions.some((d) => d.AttributeName === key.AttributeName)) {
        stored.AttributeDefinitions = [...stored.AttributeDefinitions, definition];
      }
    }
  }
  // It stays CREATING, backfilling, in both states until the backfill job finishes.
  const index = { ...globalIndex(create, change.now.BillingMode, 'CREATING'), Backfilling: true };
  change.now.GlobalSecondaryIndexes = [
    ...(change.now.GlobalSecondaryIndexes ?? []),
    { ...index, Backfilling: false },
  ];
  change.next.GlobalSecondaryIndexes = [...(change.next.GlobalSecondaryIndexes ?? []), index];
  return name;
}

function changeStream(input: UpdateTableInput, change: Change, tableName: string): void {
  const spec = input.StreamSpecification;
  if (!spec) return;
  const enabled = change.now.StreamSpecification?.StreamEnabled === true;
  if (spec.StreamEnabled && enabled) {
    throw validation(`Table already has an enabled stream: TableName: ${tableName}`);
  }
  if (!spec.StreamEnabled && !enabled) throw validation('Stream is already disabled for this table');
  for (const stored of [change.now, change.next]) {
    if (spec.StreamEnabled) {
      stored.StreamSpecification = spec;
      stored.LatestStreamLabel = streamLabel(change.at);
    } else {
      delete stored.StreamSpecification;
    }
  }
}

function refuseUnlessActive(table: Table): void {
  if (table.status === 'CREATING') throw tableInUse('Table is being created', table.name);
  if (table.status === 'UPDATING') throw tableInUse('Table is being updated', table.name);
  if (table.status === 'DELETING') throw tableInUse('Table is being deleted', table.name);
}

export async function UpdateTable(ctx: RequestContext, input: UpdateTableInput): Promise<unknown> {
  const at = ctx.clock.now();
  const result = await ctx.storage.db.transaction(async (tx) => {
    const table = await namedTable(ctx, input.TableName, tx);
    refuseUnlessActive(table);
    const change: Change = {
      now: clone(table.stored),
      next: clone(table.stored),
      at,
      settlesAt: at + statusDelayMs(),
    };
    changeBilling(input, change);
    const indexes = changeIndexes(input, change);
    changeStream(input, change, table.name);
    if (input.DeletionProtectionEnabled !== undefined) {
      change.now.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
      change.next.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
    }
    if (input.TableClass) change.next.TableClass = input.TableClass;
    const updating: Table = { ...table, status: 'UPDATING', settlesAt: change.settlesAt, stored: change.now };
    await saveTableState(tx, table.id, {
      status: 'UPDATING',
      settles_at: change.settlesAt,
      description: JSON.stringify(change.now),
      pending: JSON.stringify(change.next),
    });
    if (input.StreamSpecification?.StreamEnabled) await createStream(tx, updating, at);
    else if (input.StreamSpecification) await disableStreams(tx, table.id, at);
    if (indexes.created) {
      const payload = { tableId: table.id, indexName: indexes.created };
      // Other nodes may write with a cached definition that lacks the index for up to CACHE_MS:
      // the backfill starts after that, so it sees what they wrote.
      const runAt = at + (tx.dialect === 'postgres' ? CACHE_MS : 0);
      await ctx.storage.jobs.schedule({ kind: BACKFILL_JOB, runAt, payload }, tx);
    }
    if (indexes.deleted) {
      const payload = { tableId: table.id, indexName: indexes.deleted };
      await ctx.storage.jobs.schedule({ kind: INDEX_PURGE_JOB, runAt: change.settlesAt, payload }, tx);
    }
    return { updating, counts: await countTable(tx, table.id) };
  });
  await tableChanged(ctx, input.TableName);
  return { TableDescription: describeTable(result.updating, result.counts) };
}
