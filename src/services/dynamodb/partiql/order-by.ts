// PartiQL's ORDER BY as DynamoDB applies it (AWS docs, "PartiQL select statements for DynamoDB"):
// only key attributes of the table or index read may be named, and the WHERE must fix the
// partition key (by equality, IN, or an OR of equalities); with several partitions the partition
// key itself must be among the terms. A key without its own term sorts as DynamoDB sorts it then:
// the partition key ascending, the sort key descending.
import type { AttributeValue, Item } from '../attribute-value.js';
import { validation } from '../errors.js';
import { compareValues } from '../expressions/compare.js';
import type { Condition } from '../expressions/index.js';
import type { IndexShape, KeyShape } from '../items/schema.js';
import type { OrderTerm } from './parser.js';

/** How many partitions the WHERE names for `hash`: each equality, IN member or OR-ed equality. */
function hashConditions(where: Condition, hash: string): number {
  const isHash = (condition: Condition) =>
    condition.kind === 'compare' &&
    condition.op === '=' &&
    [condition.left, condition.right].some((side) => side.kind === 'path' && isAttribute(side.path, hash)) &&
    [condition.left, condition.right].some((side) => side.kind === 'value');
  const ofEqualities = (condition: Condition): number | undefined => {
    if (isHash(condition)) return 1;
    if (condition.kind !== 'or') return undefined;
    const left = ofEqualities(condition.left);
    const right = ofEqualities(condition.right);
    return left === undefined || right === undefined ? undefined : left + right;
  };
  if (where.kind === 'and') return hashConditions(where.left, hash) + hashConditions(where.right, hash);
  if (where.kind === 'in' && where.subject.kind === 'path' && isAttribute(where.subject.path, hash))
    return where.items.length;
  return ofEqualities(where) ?? 0;
}

function isAttribute(path: readonly (string | number)[], name: string): boolean {
  return path.length === 1 && path[0] === name;
}

/** Refuses an ORDER BY DynamoDB refuses, with its messages. */
export function checkOrderBy(terms: OrderTerm[], where: Condition | undefined, shape: KeyShape): void {
  if (!where) throw validation('Must have WHERE clause in the statement when using ORDER BY clause.');
  const keys = [shape.hash.name, shape.range?.name];
  for (const term of terms) {
    if (!keys.includes(term.attribute))
      throw validation(`Attribute ${term.attribute} in ORDER BY clause must be part of the primary key`);
  }
  const partitions = hashConditions(where, shape.hash.name);
  if (partitions === 0)
    throw validation(
      'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
    );
  if (partitions > 1 && !terms.some((term) => term.attribute === shape.hash.name))
    throw validation(
      'Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.',
    );
}

/** Whether the sort key of `shape` comes in descending order. */
export function sortDescending(terms: OrderTerm[], shape: KeyShape): boolean {
  const term = shape.range && terms.find((candidate) => candidate.attribute === shape.range!.name);
  return term ? term.descending : true;
}

/**
 * The order of the items read: the read's partition key, its sort key, then (for an index) the
 * table's own key ascending, so that equal index keys still have one order to resume in.
 */
export function itemOrder(terms: OrderTerm[], shape: KeyShape, table: KeyShape | IndexShape) {
  const levels: { name: string; descending: boolean }[] = [
    {
      name: shape.hash.name,
      descending: terms.find((t) => t.attribute === shape.hash.name)?.descending ?? false,
    },
  ];
  if (shape.range) levels.push({ name: shape.range.name, descending: sortDescending(terms, shape) });
  for (const attribute of [table.hash, table.range]) {
    if (attribute && !levels.some((level) => level.name === attribute.name))
      levels.push({ name: attribute.name, descending: false });
  }
  return (a: Item, b: Item): number => {
    for (const level of levels) {
      const order = compareKeyValues(a[level.name], b[level.name]);
      if (order !== 0) return level.descending ? -order : order;
    }
    return 0;
  };
}

/** Items without the attribute (a sparse index has none) sort first. */
function compareKeyValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return compareValues(a, b) || 0;
}
