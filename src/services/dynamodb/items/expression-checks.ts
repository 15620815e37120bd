// Checks of a request's expressions that need the table's key schema (messages as DynamoDB has them).
import { typeOf } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { Condition, ParsedExpressions, Path } from '../expressions/index.js';
import type { Operand, UpdateAction } from '../expressions/resolved.js';
import { PARAMETERS_INVALID, type KeyShape, type TableSchema } from './schema.js';

function operandPaths(operand: Operand, into: Path[]): void {
  if (operand.kind === 'path') into.push(operand.path);
  else if (operand.kind === 'arith') {
    operandPaths(operand.left, into);
    operandPaths(operand.right, into);
  } else if (operand.kind === 'call') operand.args.forEach((arg) => operandPaths(arg, into));
}

export function conditionPaths(condition: Condition | undefined, into: Path[] = []): Path[] {
  if (!condition) return into;
  switch (condition.kind) {
    case 'compare':
      operandPaths(condition.left, into);
      operandPaths(condition.right, into);
      break;
    case 'between':
      [condition.subject, condition.low, condition.high].forEach((operand) => operandPaths(operand, into));
      break;
    case 'in':
      [condition.subject, ...condition.items].forEach((operand) => operandPaths(operand, into));
      break;
    case 'and':
    case 'or':
      conditionPaths(condition.left, into);
      conditionPaths(condition.right, into);
      break;
    case 'not':
      conditionPaths(condition.operand, into);
      break;
    case 'function':
      condition.args.forEach((arg) => operandPaths(arg, into));
      break;
    default:
  }
  return into;
}

function updatePaths(actions: UpdateAction[] | undefined, into: Path[] = []): Path[] {
  for (const action of actions ?? []) {
    into.push(action.path);
    if (action.kind === 'set') operandPaths(action.value, into);
  }
  return into;
}

/** Key attributes are scalars: no `a.b` or `a[0]` below a table or index key attribute. */
export function refuseNestedKeyPaths(schema: TableSchema, paths: Path[]): void {
  const tableKeys = [schema.hash.name, schema.range?.name];
  const indexKeys = schema.indexes.flatMap((index) => [index.hash.name, index.range?.name]);
  for (const path of paths) {
    if (path.length < 2) continue;
    const head = path[0] as string;
    const kind = tableKeys.includes(head) ? 'Key' : indexKeys.includes(head) ? 'IndexKey' : undefined;
    if (kind) {
      throw validation(
        `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${kind}: ${head}`,
      );
    }
  }
}

/** Every path a request's expressions name. */
export function expressionPaths(parsed: ParsedExpressions): Path[] {
  const paths: Path[] = [...(parsed.projection ?? [])];
  conditionPaths(parsed.condition, paths);
  conditionPaths(parsed.filter, paths);
  updatePaths(parsed.update, paths);
  return paths;
}

/** Query filters cannot name the queried key's attributes. */
export function refuseKeyFilters(shape: KeyShape, filter: Condition | undefined, legacy: boolean): void {
  const heads = conditionPaths(filter).map((path) => path[0]);
  for (const attribute of [shape.hash, shape.range]) {
    if (attribute && heads.includes(attribute.name)) {
      const member = legacy ? 'QueryFilter' : 'Filter Expression';
      throw validation(
        `${member} can only contain non-primary key attributes: Primary key attribute: ${attribute.name}`,
      );
    }
  }
}

/** The type an update gives a top-level attribute when it can be told from the request alone. */
function staticType(action: UpdateAction): string | undefined {
  if (action.kind === 'add') return typeOf(action.value);
  if (action.kind !== 'set') return undefined;
  const value = action.value;
  if (value.kind === 'value') return typeOf(value.value);
  if (value.kind === 'arith') return 'N';
  if (value.kind === 'call' && value.name === 'list_append') return 'L';
  return undefined;
}

/** An update may not give an index key attribute another type than its definition's. */
export function refuseIndexKeyRetyping(schema: TableSchema, actions: UpdateAction[] | undefined): void {
  // DynamoDB reports the first index (in definition order) an update would break.
  for (const index of schema.indexes) {
    for (const action of actions ?? []) {
      if (action.path.length !== 1) continue;
      const type = staticType(action);
      if (type === undefined) continue;
      for (const attribute of [index.hash, index.range]) {
        if (!attribute || attribute.name !== action.path[0] || attribute.type === type) continue;
        throw validation(
          `${PARAMETERS_INVALID} Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${type} IndexName: ${index.name}`,
        );
      }
    }
  }
}
