// ExecuteStatement: one PartiQL statement, run by the same reads and writes as the item operations
// (AWS docs, "PartiQL statements for DynamoDB"). A SELECT whose WHERE fixes the partition key
// reads one partition; any other SELECT reads the whole table (as DynamoDB does, a scan). UPDATE
// and DELETE need the full key in equalities; their WHERE is the write's condition, so a missing
// item is a ConditionalCheckFailedException. INSERT refuses an existing key (DuplicateItemException).
import type { RequestContext } from '../../../core/service.js';
import { AwsError, isAwsError } from '../../../core/aws-error.js';
import type { AttributeValue, Item } from '../attribute-value.js';
import { validation } from '../errors.js';
import { evaluateCondition, project, type Condition } from '../expressions/index.js';
import { bucketStart } from '../keys.js';
import { CapacityMeter } from '../items/capacity.js';
import { keyPlan } from '../items/delete.js';
import { partitionOf } from '../items/key-conditions.js';
import { readPage, startPosition, type Page, type PageRequest } from '../items/pages.js';
import { putPlan } from '../items/put.js';
import { keyOf, type IndexShape, type KeyShape } from '../items/schema.js';
import { readIndex } from '../items/select.js';
import { itemTable, type ItemTable } from '../items/table.js';
import { returnedAttributes, updatePlan } from '../items/update.js';
import { conditionalWrite } from '../items/write.js';
import { attributeValueProblem } from '../validation/attribute-values.js';
import { PartiqlSyntaxError } from './lexer.js';
import { checkOrderBy, itemOrder, sortDescending } from './order-by.js';
import { parseStatement, type OrderTerm, type Source, type Statement } from './parser.js';

export interface StatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  NextToken?: string;
  Limit?: number;
  ReturnConsumedCapacity?: string;
  ReturnValuesOnConditionCheckFailure?: string;
}

export function statementOf(input: { Statement: string; Parameters?: AttributeValue[] }): Statement {
  try {
    return parseStatement(input.Statement, input.Parameters ?? []);
  } catch (error) {
    if (error instanceof PartiqlSyntaxError) {
      throw validation(`Statement wasn't well formed, can't be processed: ${error.message}`);
    }
    throw error;
  }
}

export const duplicateItem = () =>
  new AwsError('DuplicateItemException', 'Duplicate primary key exists in table');

/** The values a WHERE fixes by top-level equalities (`a = 1 AND b = ?`), by attribute name. */
function equalities(
  where: Condition | undefined,
  out = new Map<string, AttributeValue>(),
): Map<string, AttributeValue> {
  if (!where) return out;
  if (where.kind === 'and') {
    equalities(where.left, out);
    equalities(where.right, out);
  } else if (where.kind === 'compare' && where.op === '=') {
    const [path, value] = where.left.kind === 'path' ? [where.left, where.right] : [where.right, where.left];
    if (path.kind === 'path' && path.path.length === 1 && value.kind === 'value') {
      out.set(String(path.path[0]), value.value);
    }
  }
  return out;
}

/** The item key a write's WHERE names; DynamoDB requires every key attribute by equality. */
export function keyOfWhere(shape: KeyShape, where: Condition | undefined): Item {
  const fixed = equalities(where);
  const key: Item = {};
  for (const attribute of [shape.hash, shape.range]) {
    if (!attribute) continue;
    const value = fixed.get(attribute.name);
    if (!value) throw validation('Where clause does not contain a mandatory equality on all key attributes');
    key[attribute.name] = value;
  }
  return key;
}

export async function sourceTable(
  ctx: RequestContext,
  source: Source,
  consistent?: boolean,
): Promise<{ target: ItemTable; index: IndexShape | undefined }> {
  const target = await itemTable(ctx, source.table);
  const index = readIndex(target, {
    TableName: source.table,
    IndexName: source.index,
    ConsistentRead: consistent,
  });
  return { target, index };
}

function encodeToken(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

const invalidToken = () => validation('Invalid NextToken');

/** A NextToken is the page's LastEvaluatedKey; one that names no key of this read is refused. */
function decodeToken(token: string, target: ItemTable, index: IndexShape | undefined): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidToken();
  const item = key as Record<string, unknown>;
  const attributes = [target.schema.hash, target.schema.range, index?.hash, index?.range];
  for (const attribute of attributes) {
    if (!attribute) continue;
    const value = item[attribute.name] as Record<string, unknown> | undefined;
    const valid =
      typeof value === 'object' &&
      value !== null &&
      typeof value[attribute.type] === 'string' &&
      attributeValueProblem(value) === undefined;
    if (!valid) throw invalidToken();
  }
  return item as Item;
}

type Select = Statement & { kind: 'select' };

async function select(ctx: RequestContext, statement: Select, input: StatementInput) {
  const { target, index } = await sourceTable(ctx, statement.source, input.ConsistentRead);
  const shape = index ?? target.schema;
  const { orderBy, where } = statement;
  if (orderBy) checkOrderBy(orderBy, where, shape);
  const partition = equalities(where).get(shape.hash.name);
  const request: PageRequest = {
    target,
    index,
    range: partition
      ? {
          partition: partitionOf(shape, {
            [shape.hash.name]: { ComparisonOperator: 'EQ', AttributeValueList: [partition] },
          }),
        }
      : { fromPartition: bucketStart(0), toPartition: undefined },
    // One partition comes in its sort key's order, either way round.
    forward: !(orderBy && sortDescending(orderBy, shape)),
    after: undefined,
    limit: input.Limit,
    filter: where && ((item) => evaluateCondition(where, item)),
    fetchFromTable: false,
    consistent: input.ConsistentRead === true,
  };
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, target, index);
  if (orderBy && !partition) return answer(statement, input, await sortedPage(ctx, request, orderBy, after));
  request.after = after && startPosition(target, index, after);
  return answer(statement, input, await readPage(ctx, request));
}

/**
 * Several partitions in the order ORDER BY asks: every matching item is read and sorted, and a
 * page is the `Limit` items after the NextToken's key in that order.
 */
async function sortedPage(
  ctx: RequestContext,
  request: PageRequest,
  orderBy: OrderTerm[],
  after: Item | undefined,
): Promise<Omit<Page, 'scanned'>> {
  const { target, index } = request;
  const all: Item[] = [];
  const pages = { ...request, limit: undefined };
  let meter: CapacityMeter | undefined;
  for (;;) {
    const page = await readPage(ctx, pages);
    all.push(...page.items);
    meter = meter ? addedUp(meter, page.meter, index) : page.meter;
    if (!page.lastEvaluatedKey) break;
    pages.after = startPosition(target, index, page.lastEvaluatedKey);
  }
  const order = itemOrder(orderBy, index ?? target.schema, target.schema);
  all.sort(order);
  const start = after ? all.findIndex((item) => order(item, after) > 0) : 0;
  const rest = start === -1 ? [] : all.slice(start);
  const items = request.limit === undefined ? rest : rest.slice(0, request.limit);
  const last = items.length < rest.length ? items[items.length - 1] : undefined;
  const keyOfLast = last && {
    ...keyOf(target.schema, last),
    ...(index ? keyOf(index, last) : {}),
  };
  return { items, lastEvaluatedKey: keyOfLast, meter };
}

function addedUp(total: CapacityMeter, page: CapacityMeter, index: IndexShape | undefined): CapacityMeter {
  total.table += page.table;
  if (index) total.addIndex(index.name, page.total() - page.table);
  return total;
}

function answer(statement: Select, input: StatementInput, page: Omit<Page, 'scanned'>) {
  const projection = statement.projection;
  const out: Record<string, unknown> = {
    Items: projection ? page.items.map((item) => project(projection, item)) : page.items,
  };
  if (page.lastEvaluatedKey) {
    out.NextToken = encodeToken(page.lastEvaluatedKey);
    out.LastEvaluatedKey = page.lastEvaluatedKey;
  }
  const consumed = page.meter.report(input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}

/** A write statement, with the item it reports (RETURNING) when it asks for one. */
async function write(
  ctx: RequestContext,
  statement: Extract<Statement, { kind: 'insert' | 'update' | 'delete' }>,
  input: StatementInput,
): Promise<Item | undefined> {
  const { target } = await sourceTable(ctx, statement.source);
  const meter = new CapacityMeter(target.table.name, target.schema.indexes);
  const options = { ReturnValuesOnConditionCheckFailure: input.ReturnValuesOnConditionCheckFailure };
  const now = ctx.clock.now();
  if (statement.kind === 'insert') {
    const { key, item } = putPlan(target, statement.item, {});
    const condition: Condition = {
      kind: 'function',
      name: 'attribute_not_exists',
      args: [{ kind: 'path', path: [target.schema.hash.name] }],
    };
    try {
      await conditionalWrite(
        ctx.storage.db,
        { target, key, condition, options: {}, now, next: () => item },
        meter,
      );
    } catch (error) {
      if (isAwsError(error) && error.code === 'ConditionalCheckFailedException') throw duplicateItem();
      throw error;
    }
    return undefined;
  }
  const keyItem = keyOfWhere(target.schema, statement.where);
  const condition = statement.where;
  if (statement.kind === 'update') {
    const plan = updatePlan(target, keyItem, { update: statement.actions });
    const outcome = await conditionalWrite(
      ctx.storage.db,
      { target, key: plan.key, condition, options, now, next: plan.next },
      meter,
    );
    const paths = statement.actions.map((action) => action.path);
    return returnedAttributes(statement.returning, paths, outcome.old, outcome.item);
  }
  const key = keyPlan(target, keyItem, {});
  const outcome = await conditionalWrite(
    ctx.storage.db,
    { target, key, condition, options, now, next: () => undefined },
    meter,
  );
  return statement.returning === 'ALL_OLD' ? outcome.old : undefined;
}

/** A statement's answer: the items it read, or the item a write returns. */
export async function runStatement(
  ctx: RequestContext,
  statement: Statement,
  input: StatementInput,
): Promise<Record<string, unknown>> {
  if (statement.kind === 'select') return select(ctx, statement, input);
  if (statement.kind === 'exists') throw validation('EXISTS can only be used in ExecuteTransaction');
  const item = await write(ctx, statement, input);
  return { Items: item && Object.keys(item).length > 0 ? [item] : [] };
}

export async function ExecuteStatement(ctx: RequestContext, input: StatementInput): Promise<unknown> {
  return runStatement(ctx, statementOf(input), input);
}
