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

function invalidOperator(condition: Condition): string | undefined {
  switch (condition.kind) {
    case 'and':
      return invalidOperator(condition.left) ?? invalidOperator(condition.right);
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'in':
      return 'IN';
    case 'compare':
      return condition.op === '<>' ? '<>' : undefined;
    case 'function':
      return condition.name === 'begins_with' ? undefined : condition.name;
    default:
      return undefined;
  }
}

function flatten(condition: Condition, into: Condition[] = []): Condition[] {
  if (condition.kind === 'and') {
    flatten(condition.left, into);
    flatten(condition.right, into);
  } else {
    into.push(condition);
  }
  return into;
}

function operandsOf(condition: Condition): Operand[] {
  if (condition.kind === 'compare') return [condition.left, condition.right];
  if (condition.kind === 'between') return [condition.subject, condition.low, condition.high];
  if (condition.kind === 'function') return condition.args;
  return [];
}

const paths = (condition: Condition) => operandsOf(condition).filter((operand) => operand.kind === 'path');

interface KeyPart {
  name: string;
  condition: KeyCondition;
}

function keyPart(condition: Condition): KeyPart {
  const operands = operandsOf(condition);
  const [first] = operands;
  const values = operands.filter((operand) => operand.kind === 'value').map((operand) => operand.value);
  if (condition.kind === 'compare') {
    const keyFirst = first!.kind === 'path';
    const path = (keyFirst ? condition.left : condition.right) as Extract<Operand, { kind: 'path' }>;
    const op = keyFirst ? condition.op : FLIPPED[condition.op]!;
    return {
      name: path.path[0] as string,
      condition: { ComparisonOperator: OPERATORS[op]!, AttributeValueList: values },
    };
  }
  const operator = condition.kind === 'between' ? 'BETWEEN' : 'begins_with';
  if (first!.kind !== 'path') {
    fail(
      `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
    );
  }
  const name = (first as Extract<Operand, { kind: 'path' }>).path[0] as string;
  return { name, condition: { ComparisonOperator: operator.toUpperCase(), AttributeValueList: values } };
}

export function keyConditionsOf(condition: Condition): Record<string, KeyCondition> {
  const invalid = invalidOperator(condition);
  if (invalid) fail(`Invalid operator used in KeyConditionExpression: ${invalid}`);
  const conditions = flatten(condition);
  if (conditions.some((c) => operandsOf(c).some((operand) => operand.kind === 'call'))) {
    fail('KeyConditionExpressions cannot contain nested operations');
  }
  for (const c of conditions) {
    const named = paths(c);
    const [subject] = operandsOf(c);
    if (subject?.kind === 'path' && subject.path.length > 1)
      fail('KeyConditionExpressions cannot have conditions on nested attributes');
    if (named.length > 1)
      fail('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    if (named.some((operand) => operand.kind === 'path' && operand.path.length > 1)) {
      fail('KeyConditionExpressions cannot have conditions on nested attributes');
    }
    if (named.length === 0) fail('Invalid condition in KeyConditionExpression: No key attribute specified');
  }
  const parts = conditions.map(keyPart);
  const result: Record<string, KeyCondition> = {};
  for (const part of parts) {
    if (result[part.name]) fail('KeyConditionExpressions must only contain one condition per key');
    result[part.name] = part.condition;
  }
  if (parts.length > 2) fail('Conditions can be of length 1 or 2 only');
  return result;
}
