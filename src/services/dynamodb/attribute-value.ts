// DynamoDB's data model as it travels in JSON: every value is a one-member object naming its type.
// Binary values (B, BS) stay base64 text, as on the wire; numbers (N, NS) are normalised text.

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type Item = Record<string, AttributeValue>;

export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';

/** Key attributes are scalars of these types (AttributeDefinitions' AttributeType). */
export type KeyType = 'S' | 'N' | 'B';

/** The one type member of a well-formed value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('empty AttributeValue');
}
