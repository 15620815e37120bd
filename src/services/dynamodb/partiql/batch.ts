// BatchExecuteStatement and ExecuteTransaction (AWS API reference). A batch runs up to 25
// statements one by one, each answering for itself (an Error instead of failing the batch); it
// holds reads (SELECTs naming a whole key) or writes, not both. A transaction is either all reads,
// run as TransactGetItems, or all writes and EXISTS checks, run as TransactWriteItems.
import type { RequestContext } from '../../../core/service.js';
import { isAwsError } from '../../../core/aws-error.js';
import type { AttributeValue, Item } from '../attribute-value.js';
import { validation } from '../errors.js';
import { evaluateCondition, project, type Condition, type ParsedExpressions } from '../expressions/index.js';
import { keyPlan } from '../items/delete.js';
import { readItem } from '../items/store.js';
import { TransactGetItems } from '../items/transactions/get.js';
import { TransactWriteItems } from '../items/transactions/write.js';
import { keyOfWhere, runStatement, sourceTable, statementOf } from './execute.js';
import type { Statement } from './parser.js';

interface StatementRequest {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  ReturnValuesOnConditionCheckFailure?: string;
}

/** The short codes a batch's per-statement errors carry ("ConditionalCheckFailed", …). */
function errorCode(code: string): string {
  if (code === 'ValidationException') return 'ValidationError';
  return code.replace(/Exception$/, '');
}

const isRead = (statement: Statement) => statement.kind === 'select';

/** A batch's SELECT reads one item: its WHERE names the whole key. */
async function readOne(
  ctx: RequestContext,
  statement: Statement & { kind: 'select' },
): Promise<Item | undefined> {
  const { target } = await sourceTable(ctx, statement.source);
  const key = keyPlan(target, keyOfWhere(target.schema, statement.where), {});
  const row = await readItem(ctx.storage.db, target.table.id, key);
  const item = row && (JSON.parse(row.item) as Item);
  if (!item || (statement.where && !evaluateCondition(statement.where, item))) return undefined;
  return statement.projection ? project(statement.projection, item) : item;
}

export async function BatchExecuteStatement(
  ctx: RequestContext,
  input: { Statements: StatementRequest[] },
): Promise<unknown> {
  const statements = input.Statements.map((request) => statementOf(request));
  if (statements.some(isRead) && !statements.every(isRead)) {
    throw validation('Batch must consist of either all read statements or all write statements');
  }
  const responses: Record<string, unknown>[] = [];
  for (const [i, statement] of statements.entries()) {
    const request = input.Statements[i]!;
    try {
      if (statement.kind === 'select') {
        const item = await readOne(ctx, statement);
        responses.push({ TableName: statement.source.table, ...(item ? { Item: item } : {}) });
      } else {
        await runStatement(ctx, statement, request);
        responses.push({ TableName: statement.source.table });
      }
    } catch (error) {
      if (!isAwsError(error)) throw error;
      const item = error.fields?.['Item'];
      responses.push({
        TableName: statement.source.table,
        Error: { Code: errorCode(error.code), Message: error.message, ...(item ? { Item: item } : {}) },
      });
    }
  }
  return { Responses: responses };
}

const notExists = (attribute: string): Condition => ({
  kind: 'function',
  name: 'attribute_not_exists',
  args: [{ kind: 'path', path: [attribute] }],
});

/** One statement as a TransactWriteItems action and its parsed expressions. */
async function writeAction(
  ctx: RequestContext,
  statement: Statement,
  request: StatementRequest,
): Promise<{ action: Record<string, unknown>; parsed: ParsedExpressions }> {
  const { target } = await sourceTable(ctx, statement.source);
  // The statement and its parameters make the action's identity for ClientRequestToken.
  const common = {
    TableName: statement.source.table,
    Statement: request.Statement,
    Parameters: request.Parameters,
    ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure,
  };
  if (statement.kind === 'insert') {
    return {
      action: { Put: { ...common, Item: statement.item } },
      parsed: { condition: notExists(target.schema.hash.name) },
    };
  }
  if (statement.kind === 'select') throw validation('Transactions hold either reads or writes, not both');
  const Key = keyOfWhere(target.schema, statement.where);
  if (statement.kind === 'update') {
    return {
      action: { Update: { ...common, Key } },
      parsed: { update: statement.actions, condition: statement.where },
    };
  }
  const kind = statement.kind === 'delete' ? 'Delete' : 'ConditionCheck';
  return { action: { [kind]: { ...common, Key } }, parsed: { condition: statement.where } };
}

export async function ExecuteTransaction(
  ctx: RequestContext,
  input: {
    TransactStatements: StatementRequest[];
    ClientRequestToken?: string;
    ReturnConsumedCapacity?: string;
  },
): Promise<unknown> {
  const statements = input.TransactStatements.map((request) => statementOf(request));
  if (statements.every(isRead)) {
    const gets = [];
    for (const statement of statements as (Statement & { kind: 'select' })[]) {
      const { target } = await sourceTable(ctx, statement.source);
      gets.push({
        Get: { TableName: statement.source.table, Key: keyOfWhere(target.schema, statement.where) },
      });
    }
    return TransactGetItems(
      ctx,
      { TransactItems: gets, ReturnConsumedCapacity: input.ReturnConsumedCapacity },
      statements.map((statement) => ({
        projection: (statement as Statement & { kind: 'select' }).projection,
      })),
    );
  }
  const actions = [];
  for (const [i, statement] of statements.entries()) {
    actions.push(await writeAction(ctx, statement, input.TransactStatements[i]!));
  }
  return TransactWriteItems(
    ctx,
    {
      TransactItems: actions.map(({ action }) => action),
      ClientRequestToken: input.ClientRequestToken,
      ReturnConsumedCapacity: input.ReturnConsumedCapacity,
    },
    actions.map((action) => action.parsed),
  );
}
