// What Query and Scan return of each item: Select, ProjectionExpression or AttributesToGet.
import type { Item } from '../attribute-value.js';
import { project, type ExpressionInput, type ParsedExpressions } from '../expressions/index.js';
import { validation } from '../errors.js';
import { PARAMETERS_INVALID, type IndexShape } from './schema.js';
import type { Page } from './pages.js';
import type { ItemTable } from './table.js';

export interface ReadInput extends ExpressionInput {
  TableName: string;
  IndexName?: string;
  Select?: string;
  Limit?: number;
  ConsistentRead?: boolean;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: string;
}

/** The index a read names, with DynamoDB's errors for a missing one and for consistent GSI reads. */
export function readIndex(target: ItemTable, input: ReadInput): IndexShape | undefined {
  if (input.IndexName === undefined) return undefined;
  const index = target.schema.indexes.find((candidate) => candidate.name === input.IndexName);
  if (!index) throw validation(`The table does not have the specified index: ${input.IndexName}`);
  if (index.global && input.ConsistentRead) {
    throw validation('Consistent reads are not supported on global secondary indexes');
  }
  return index;
}

/** Select ALL_ATTRIBUTES on an index that does not project everything reads the table (LSI only). */
export function fetchesFromTable(index: IndexShape | undefined, input: ReadInput): boolean {
  return index !== undefined && input.Select === 'ALL_ATTRIBUTES' && index.projection !== 'ALL';
}

export function refuseGlobalFetch(index: IndexShape | undefined, input: ReadInput): void {
  if (index?.global && fetchesFromTable(index, input)) {
    throw validation(
      `${PARAMETERS_INVALID} Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
}

/** The answer members of a page: Items (unless COUNT), Count, ScannedCount, LastEvaluatedKey. */
export function pageAnswer(page: Page, parsed: ParsedExpressions, input: ReadInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.Select !== 'COUNT') {
    out.Items = parsed.projection ? page.items.map((item) => project(parsed.projection!, item)) : page.items;
  }
  out.Count = page.items.length;
  out.ScannedCount = page.scanned;
  if (page.lastEvaluatedKey) out.LastEvaluatedKey = page.lastEvaluatedKey;
  const consumed = page.meter.report(input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}
