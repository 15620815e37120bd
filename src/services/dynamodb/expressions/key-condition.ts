// A KeyConditionExpression turned into the legacy KeyConditions shape, with DynamoDB's own
// messages for what a key condition cannot say.
import type { AttributeValue } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { Condition, Operand } from './resolved.js';

export interface KeyCondition {
  ComparisonOperator: string;
  AttributeValueList: AttributeValue[];
}

// These messages carry no "Invalid KeyConditionExpression:" prefix on DynamoDB.
const fail = (message: string): never => {
  throw validation(message);
};

const OPERATORS: Record<string, string> = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' };
const FLIPPED: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function operandsOf(condition: Condition): Operand[] {
  if (condition.kind === 'compare') return [condition.left, condition.right];
  if (condition.kind === 'between') return [condition.subject, condition.low, condition.high];
  if (condition.kind === 'function') return condition.args;
  return [];
}

/** Checks one condition node before its operands, as DynamoDB walks a key condition. */
function checkNode(condition: Condition): void {
  if (condition.kind === 'or' || condition.kind === 'not' || condition.kind === 'in') {
    fail(`Invalid operator used in KeyConditionExpression: ${condition.kind.toUpperCase()}`);
  }
  if (condition.kind === 'compare' && condition.op === '<>')
    fail('Invalid operator used in KeyConditionExpression: <>');
  if (condition.kind === 'function' && condition.name !== 'begins_with') {
    fail(`Invalid operator used in KeyConditionExpression: ${condition.name}`);
  }
  const [first] = operandsOf(condition);
  if ((condition.kind === 'between' || condition.kind === 'function') && first?.kind !== 'path') {
    const operator = condition.kind === 'between' ? 'BETWEEN' : 'begins_with';
    fail(
      `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
    );
  }
}

/** The one key attribute a condition is on. */
function keyAttributeOf(condition: Condition): string {
  let name: string | undefined;
  for (const operand of operandsOf(condition)) {
    if (operand.kind === 'call') fail('KeyConditionExpressions cannot contain nested operations');
    if (operand.kind !== 'path') continue;
    if (name !== undefined)
      fail('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    if (operand.path.length > 1) fail('KeyConditionExpressions cannot have conditions on nested attributes');
    name = operand.path[0] as string;
  }
  if (name === undefined) fail('Invalid condition in KeyConditionExpression: No key attribute specified');
  return name!;
}

function keyCondition(condition: Condition): KeyCondition {
  const values = operandsOf(condition)
    .filter((operand) => operand.kind === 'value')
    .map((operand) => operand.value);
  if (condition.kind === 'compare') {
    // `:v < a` is `a > :v`.
    const op = condition.left.kind === 'path' ? condition.op : FLIPPED[condition.op]!;
    return { ComparisonOperator: OPERATORS[op]!, AttributeValueList: values };
  }
  return {
    ComparisonOperator: condition.kind === 'between' ? 'BETWEEN' : 'BEGINS_WITH',
    AttributeValueList: values,
  };
}

export function keyConditionsOf(condition: Condition): Record<string, KeyCondition> {
  const result: Record<string, KeyCondition> = {};
  let count = 0;
  const walk = (node: Condition): void => {
    checkNode(node);
    if (node.kind === 'and') {
      walk(node.left);
      walk(node.right);
      return;
    }
    const name = keyAttributeOf(node);
    if (result[name]) fail('KeyConditionExpressions must only contain one condition per key');
    result[name] = keyCondition(node);
    count += 1;
  };
  walk(condition);
  if (count > 2) fail('Conditions can be of length 1 or 2 only');
  return result;
}
