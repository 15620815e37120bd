// Expressions with names and values substituted: what evaluation and updates work on.
import type { AttributeValue } from '../attribute-value.js';
import type { Comparator } from './ast.js';

/** Attribute names and list indexes, from the top of the item down. */
export type Path = (string | number)[];

export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'call'; name: string; args: Operand[] }
  | { kind: 'arith'; op: '+' | '-'; left: Operand; right: Operand };

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; subject: Operand; low: Operand; high: Operand }
  | { kind: 'in'; subject: Operand; items: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'function'; name: string; args: Operand[] }
  /** Legacy Expected `Exists: true` / NOT_NULL etc. are written with these same shapes. */
  | { kind: 'true' };

export type UpdateAction =
  | { kind: 'set'; path: Path; value: Operand }
  | { kind: 'remove'; path: Path }
  /** `legacy`: from AttributeUpdates, whose type errors DynamoDB words differently. */
  | { kind: 'add'; path: Path; value: AttributeValue; legacy?: boolean }
  | { kind: 'delete'; path: Path; value: AttributeValue; legacy?: boolean };

/** DynamoDB prints paths as `[a, b, [1]]` in its messages. */
export function printPath(path: Path): string {
  return `[${path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join(', ')}]`;
}
