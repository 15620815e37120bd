// Request validation for DynamoDB, in DynamoDB's order: JSON types (SerializationException),
// then constraints (ValidationException listing up to ten), then each operation's own rules. Runs
// before any table is looked up, so a malformed request costs no database work.
import type { ParsedExpressions } from '../expressions/index.js';
import { checkConstraints } from './constraints.js';
import { CUSTOM_CHECKS } from './custom.js';
import { OPERATION_SPECS } from './operations.js';
import { checkCreateTable, checkUpdateTable } from './table-checks.js';
import { readMembers } from './types.js';

export interface ValidatedRequest {
  input: Record<string, any>;
  /** Expressions parsed by the checks (per table for BatchGetItem, per action for transactions). */
  parsed: ParsedExpressions | Map<string, ParsedExpressions> | ParsedExpressions[] | undefined;
}

const TABLE_CHECKS: Record<string, (body: Record<string, any>) => undefined> = {
  CreateTable: checkCreateTable,
  UpdateTable: checkUpdateTable,
};

export function validateRequest(operation: string, body: Record<string, unknown>): ValidatedRequest {
  const spec = OPERATION_SPECS[operation];
  if (!spec) return { input: body, parsed: undefined };
  const input = readMembers(body, spec.members);
  checkConstraints(input, spec);
  const custom = CUSTOM_CHECKS[operation] ?? TABLE_CHECKS[operation];
  return { input, parsed: custom?.(input) };
}
