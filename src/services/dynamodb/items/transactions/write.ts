// TransactWriteItems: up to 100 puts, updates, deletes and condition checks on distinct items of
// any tables, applied together in one database transaction or not at all (AWS API reference).
// Every action is judged against the items as they were before the transaction; when any fails,
// the answer is TransactionCanceledException with one reason per action.
import type { RequestContext } from '../../../../core/service.js';
import { isAwsError } from '../../../../core/aws-error.js';
import type { Database } from '../../../../storage/types.js';
import type { Item } from '../../attribute-value.js';
import { transactionCanceled, validation, type CancellationReason } from '../../errors.js';
import { evaluateCondition, type Condition, type ParsedExpressions } from '../../expressions/index.js';
import { CapacityMeter, capacityList, readUnits, writeUnits } from '../capacity.js';
import { keyPlan } from '../delete.js';
import { putPlan } from '../put.js';
import { itemCollectionMetrics } from '../responses.js';
import { keyId, type StoredKey } from '../schema.js';
import { itemSize } from '../size.js';
import { lockItemKey, readItem, readItems } from '../store.js';
import { itemTables, type ItemTable } from '../table.js';
import { updatePlan } from '../update.js';
import { applyWrite } from '../write.js';
import { alreadyApplied, recordToken, requestDigest, type TokenScope } from './tokens.js';

const ACTION_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;
type ActionKind = (typeof ACTION_KINDS)[number];

interface ActionRequest {
  TableName: string;
  Key?: Item;
  Item?: Item;
  ReturnValuesOnConditionCheckFailure?: string;
}

type TransactWriteItem = Partial<Record<ActionKind, ActionRequest>>;

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

interface Action {
  target: ItemTable;
  key: StoredKey;
  condition: Condition | undefined;
  returnOldOnFailure: boolean;
  /** The item after the action (undefined: deleted); absent for a condition check, which writes nothing. */
  next?: (old: Item | undefined) => Item | undefined;
}

/** DynamoDB's limit on the items a transaction writes, all together. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
const TRANSACTION_FACTOR = 2;

function requestOf(entry: TransactWriteItem): [ActionKind, ActionRequest] {
  const kind = ACTION_KINDS.find((name) => entry[name] !== undefined)!;
  return [kind, entry[kind]!];
}

function planAction(
  target: ItemTable,
  kind: ActionKind,
  request: ActionRequest,
  parsed: ParsedExpressions,
): Action {
  const common = {
    target,
    condition: parsed.condition,
    returnOldOnFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
  switch (kind) {
    case 'Put': {
      const { key, item } = putPlan(target, request.Item!, parsed);
      return { ...common, key, next: () => item };
    }
    case 'Update': {
      const { key, next } = updatePlan(target, request.Key!, parsed);
      return { ...common, key, next };
    }
    case 'Delete':
      return { ...common, key: keyPlan(target, request.Key!, parsed), next: () => undefined };
    default:
      return { ...common, key: keyPlan(target, request.Key!, parsed) };
  }
}

async function planActions(
  ctx: RequestContext,
  input: TransactWriteItemsInput,
  parsed: ParsedExpressions[],
): Promise<Action[]> {
  const requests = input.TransactItems.map(requestOf);
  const tables = await itemTables(
    ctx,
    requests.map(([, request]) => request.TableName),
  );
  const actions = requests.map(([kind, request], i) =>
    planAction(tables.get(request.TableName)!, kind, request, parsed[i]!),
  );
  const targets = new Set(actions.map((action) => `${action.target.table.id}/${keyId(action.key)}`));
  if (targets.size < actions.length) {
    throw validation('Transaction request cannot include multiple operations on one item');
  }
  const putBytes = requests.reduce(
    (sum, [, request]) => sum + (request.Item ? itemSize(request.Item) : 0),
    0,
  );
  if (putBytes > MAX_TRANSACTION_BYTES) {
    throw validation(
      'Collection size of items exceeded, which can also be caused by the aggregate size of the items in the transaction exceeding the 4MB limit',
    );
  }
  return actions;
}

/** Thrown inside an action whose condition fails: the reason, not the transaction, ends there. */
class ConditionRefused {
  constructor(readonly reason: CancellationReason) {}
}

function requireCondition(action: Action, old: Item | undefined): void {
  if (!action.condition || evaluateCondition(action.condition, old)) return;
  const reason: CancellationReason = {
    Code: 'ConditionalCheckFailed',
    Message: 'The conditional request failed',
  };
  if (action.returnOldOnFailure && old) reason.Item = old;
  throw new ConditionRefused(reason);
}

async function checkOnly(tx: Database, action: Action, meter: CapacityMeter): Promise<void> {
  const { table } = action.target;
  await lockItemKey(tx, table.id, action.key);
  const row = await readItem(tx, table.id, action.key, true);
  requireCondition(action, row && (JSON.parse(row.item) as Item));
  meter.table += writeUnits(row?.size ?? 0);
}

interface Written {
  action: Action;
  item: Item | undefined;
}

/** Runs one action; what stops it becomes its cancellation reason. */
async function runAction(
  tx: Database,
  now: number,
  action: Action,
  meter: CapacityMeter,
  written: Written[],
): Promise<CancellationReason> {
  try {
    if (!action.next) {
      await checkOnly(tx, action, meter);
    } else {
      const next = action.next;
      const outcome = await applyWrite(
        tx,
        {
          target: action.target,
          key: action.key,
          now,
          change(old) {
            requireCondition(action, old);
            return next(old);
          },
        },
        meter,
      );
      written.push({ action, item: outcome.item });
    }
    return { Code: 'None' };
  } catch (error) {
    if (error instanceof ConditionRefused) return error.reason;
    // Errors that depend on the item as stored (an operand of the wrong type, an item grown past
    // 400 KB) cancel the transaction as ValidationError reasons.
    if (isAwsError(error) && error.code === 'ValidationException') {
      return { Code: 'ValidationError', Message: error.message };
    }
    throw error;
  }
}

function metersOf(actions: Action[]): Map<string, CapacityMeter> {
  const meters = new Map<string, CapacityMeter>();
  for (const { target } of actions) {
    if (!meters.has(target.table.id)) {
      meters.set(target.table.id, new CapacityMeter(target.table.name, target.schema.indexes));
    }
  }
  return meters;
}

/** The transaction itself; undefined when its token shows it already succeeded. */
async function commit(
  tx: Database,
  actions: Action[],
  now: number,
  token: { scope: TokenScope; digest: string } | undefined,
): Promise<{ written: Written[]; meters: Map<string, CapacityMeter> } | undefined> {
  if (token && (await alreadyApplied(tx, token.scope, token.digest, now))) return undefined;
  const meters = metersOf(actions);
  const written: Written[] = [];
  const reasons: CancellationReason[] = [];
  for (const action of actions) {
    reasons.push(await runAction(tx, now, action, meters.get(action.target.table.id)!, written));
  }
  if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);
  if (token) await recordToken(tx, token.scope, token.digest, now);
  return { written, meters };
}

/** A repeated request writes nothing; DynamoDB reports it as transactional reads of the items. */
async function replayMeters(db: Database, actions: Action[]): Promise<Map<string, CapacityMeter>> {
  const meters = metersOf(actions);
  const rows = await readItems(
    db,
    actions.map((action) => ({ tableId: action.target.table.id, key: action.key })),
  );
  actions.forEach((action, i) => {
    meters.get(action.target.table.id)!.table += readUnits(rows[i]?.size ?? 0, true);
  });
  return meters;
}

function collectionMetrics(
  input: TransactWriteItemsInput,
  written: Written[],
): Record<string, unknown[]> | undefined {
  const byTable: Record<string, unknown[]> = {};
  for (const { action, item } of written) {
    const metrics = itemCollectionMetrics(action.target, input, item);
    if (metrics) (byTable[action.target.table.name] ??= []).push(metrics);
  }
  return Object.keys(byTable).length > 0 ? byTable : undefined;
}

export async function TransactWriteItems(
  ctx: RequestContext,
  input: TransactWriteItemsInput,
  parsed: ParsedExpressions[],
): Promise<unknown> {
  const actions = await planActions(ctx, input, parsed);
  const token = input.ClientRequestToken
    ? {
        scope: { accountId: ctx.accountId, region: ctx.region, token: input.ClientRequestToken },
        digest: requestDigest(input.TransactItems),
      }
    : undefined;
  const now = ctx.clock.now();
  const done = await ctx.storage.db.transaction((tx) => commit(tx, actions, now, token));
  const meters = done?.meters ?? (await replayMeters(ctx.storage.db, actions));
  for (const meter of meters.values()) meter.scale(TRANSACTION_FACTOR);
  const out: Record<string, unknown> = {};
  const consumed = capacityList([...meters.values()], input.ReturnConsumedCapacity, done ? 'Write' : 'Read');
  if (consumed) out.ConsumedCapacity = consumed;
  const metrics = done && collectionMetrics(input, done.written);
  if (metrics) out.ItemCollectionMetrics = metrics;
  return out;
}
