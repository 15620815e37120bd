// Expressions as parsed, before names and values are substituted.

export type PathPart = { kind: 'attribute'; token: string } | { kind: 'index'; index: number };

export interface PathNode {
  type: 'path';
  parts: PathPart[];
}

export interface ValueNode {
  type: 'value';
  ref: string;
}

export interface CallNode {
  type: 'call';
  name: string;
  args: OperandNode[];
}

export interface ArithmeticNode {
  type: 'arith';
  op: '+' | '-';
  left: OperandNode;
  right: OperandNode;
}

export type OperandNode = PathNode | ValueNode | CallNode | ArithmeticNode;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionNode =
  | { type: 'compare'; op: Comparator; left: OperandNode; right: OperandNode }
  | { type: 'between'; subject: OperandNode; low: OperandNode; high: OperandNode }
  | { type: 'in'; subject: OperandNode; items: OperandNode[] }
  | { type: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { type: 'not'; operand: ConditionNode }
  /** A function used as a condition (attribute_exists(a), begins_with(a, :v), …). */
  | { type: 'function'; name: string; args: OperandNode[] };

export interface UpdateNode {
  set: { path: PathNode; value: OperandNode }[];
  remove: PathNode[];
  add: { path: PathNode; value: ValueNode }[];
  delete: { path: PathNode; value: ValueNode }[];
  /** Section keywords in order of appearance (each may appear once). */
  sections: string[];
  /** Every action's target path, in the order they appear in the text. */
  targets: PathNode[];
}

export function isOperand(node: ConditionNode | OperandNode): node is OperandNode {
  return node.type === 'path' || node.type === 'value' || node.type === 'call' || node.type === 'arith';
}
