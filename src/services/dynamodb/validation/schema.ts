// How DynamoDB's request members are typed and constrained, member by member in the order
// DynamoDB checks them (its messages list violations in that order). Whether a structure is a
// "field" or a "value", and whether a collection is "parameterized", follows from where it sits:
// directly in a structure, or inside a list or map.

export type Constraint =
  | { kind: 'notNull' }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'minLength'; n: number }
  | { kind: 'maxLength'; n: number }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'enum'; values: string[] }
  /** Map keys, reported together as "Map keys must satisfy constraint: [...]". */
  | { kind: 'keys'; constraints: Constraint[] }
  | { kind: 'values'; constraints: Constraint[] };

export type ScalarType = 'String' | 'Boolean' | 'Integer' | 'Long' | 'Blob';

export type Spec =
  | { type: ScalarType; constraints: Constraint[] }
  | { type: 'List'; of: Spec; constraints: Constraint[] }
  | { type: 'Map'; of: Spec; constraints: Constraint[] }
  | { type: 'Struct'; name: string; members: Members; constraints: Constraint[] }
  | { type: 'AttributeValue'; constraints: Constraint[] };

export type Members = Record<string, Spec>;

/** An operation's members, with the top-level checks DynamoDB makes before the others. */
export interface OperationSpec {
  members: Members;
  /** Members whose absence is "The parameter 'X' is required but was not present in the request". */
  required?: string[];
  /** Members whose length is checked first: "X must be at least 3 characters long and at most 255 characters long". */
  tableNames?: string[];
}

export const notNull: Constraint = { kind: 'notNull' };
export const pattern = (value: string): Constraint => ({ kind: 'pattern', pattern: value });
export const minLength = (n: number): Constraint => ({ kind: 'minLength', n });
export const maxLength = (n: number): Constraint => ({ kind: 'maxLength', n });
export const min = (n: number): Constraint => ({ kind: 'min', n });
export const max = (n: number): Constraint => ({ kind: 'max', n });
export const oneOf = (...values: string[]): Constraint => ({ kind: 'enum', values });
export const keys = (...constraints: Constraint[]): Constraint => ({ kind: 'keys', constraints });
export const values = (...constraints: Constraint[]): Constraint => ({ kind: 'values', constraints });

export const string = (...constraints: Constraint[]): Spec => ({ type: 'String', constraints });
export const boolean = (...constraints: Constraint[]): Spec => ({ type: 'Boolean', constraints });
export const integer = (...constraints: Constraint[]): Spec => ({ type: 'Integer', constraints });
export const long = (...constraints: Constraint[]): Spec => ({ type: 'Long', constraints });
export const list = (of: Spec, ...constraints: Constraint[]): Spec => ({ type: 'List', of, constraints });
export const map = (of: Spec, ...constraints: Constraint[]): Spec => ({ type: 'Map', of, constraints });
export const struct = (name: string, members: Members, ...constraints: Constraint[]): Spec => ({
  type: 'Struct',
  name,
  members,
  constraints,
});
export const attributeValue = (...constraints: Constraint[]): Spec => ({
  type: 'AttributeValue',
  constraints,
});

/** The Java type DynamoDB names in "Unrecognized collection type" messages. */
export function javaName(spec: Spec): string {
  switch (spec.type) {
    case 'String':
    case 'Boolean':
    case 'Integer':
    case 'Long':
      return `java.lang.${spec.type}`;
    case 'Blob':
      return 'java.nio.ByteBuffer';
    case 'List':
      return `java.util.List<${javaName(spec.of)}>`;
    case 'Map':
      return `java.util.Map<java.lang.String, ${javaName(spec.of)}>`;
    case 'Struct':
      return `com.amazonaws.dynamodb.v20120810.${spec.name}`;
    default:
      return 'com.amazonaws.dynamodb.v20120810.AttributeValue';
  }
}
