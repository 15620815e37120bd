// The expression languages of DynamoDB (condition, filter, key condition, projection, update) and
// the legacy parameters that say the same things (Expected, QueryFilter/ScanFilter, KeyConditions,
// AttributesToGet, AttributeUpdates), checked in DynamoDB's order and turned into one form.
import type { AttributeValue } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { ConditionNode, PathNode, UpdateNode } from './ast.js';
import {
  checkPaths,
  checkReferences,
  checkSections,
  checkStructure,
  CONDITION_FUNCTIONS,
  ExpressionError,
  resolveCondition,
  resolvePath,
  resolveUpdate,
  UPDATE_FUNCTIONS,
  visitCondition,
  visitUpdate,
  type Substitutions,
  type Walk,
} from './checks.js';
import { keyConditionsOf, type KeyCondition } from './key-condition.js';
import {
  attributesToGet,
  attributeUpdates,
  comparison,
  expectedCondition,
  filterCondition,
  type LegacyCondition,
  type LegacyUpdate,
} from './legacy.js';
import {
  ExpressionSyntaxError,
  parseCondition,
  parseProjection,
  parseUpdate,
  RedundantParenthesesError,
} from './parser.js';
import type { Condition, Path, UpdateAction } from './resolved.js';

export { evaluateCondition } from './evaluate.js';
export { applyUpdate, updatedAttributeNames } from './update.js';
export { project } from './project.js';
export { compareValues } from './compare.js';
export type { Condition, Path, UpdateAction } from './resolved.js';
export type { KeyCondition } from './key-condition.js';

/** The members of a request that carry expressions or their legacy equivalents. */
export interface ExpressionInput {
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ProjectionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  Expected?: Record<string, LegacyCondition>;
  ConditionalOperator?: string;
  QueryFilter?: Record<string, LegacyCondition>;
  ScanFilter?: Record<string, LegacyCondition>;
  KeyConditions?: Record<string, LegacyCondition>;
  AttributesToGet?: string[];
  AttributeUpdates?: Record<string, LegacyUpdate>;
}

export interface ParsedExpressions {
  condition?: Condition;
  filter?: Condition;
  keyConditions?: Record<string, KeyCondition>;
  projection?: Path[];
  update?: UpdateAction[];
}

type ExpressionMember =
  | 'UpdateExpression'
  | 'ConditionExpression'
  | 'KeyConditionExpression'
  | 'FilterExpression'
  | 'ProjectionExpression';

interface OperationExpressions {
  /** In the order DynamoDB lists and checks them. */
  expressions: ExpressionMember[];
  legacy: (keyof ExpressionInput)[];
}

const CONDITION: OperationExpressions = {
  expressions: ['ConditionExpression'],
  legacy: ['Expected', 'ConditionalOperator'],
};
const PROJECTION: OperationExpressions = {
  expressions: ['ProjectionExpression'],
  legacy: ['AttributesToGet'],
};

const OPERATIONS: Record<string, OperationExpressions> = {
  PutItem: CONDITION,
  DeleteItem: CONDITION,
  UpdateItem: {
    expressions: ['UpdateExpression', 'ConditionExpression'],
    legacy: ['AttributeUpdates', 'Expected', 'ConditionalOperator'],
  },
  GetItem: PROJECTION,
  BatchGetItem: PROJECTION,
  Query: {
    expressions: ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
    legacy: ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'],
  },
  Scan: {
    expressions: ['ProjectionExpression', 'FilterExpression'],
    legacy: ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'],
  },
};

/** The order in which expressions are checked (an update before its condition, keys first). */
const CHECK_ORDER: ExpressionMember[] = [
  'UpdateExpression',
  'ConditionExpression',
  'KeyConditionExpression',
  'FilterExpression',
  'ProjectionExpression',
];

const TAKES_VALUES: ExpressionMember[] = [
  'UpdateExpression',
  'ConditionExpression',
  'KeyConditionExpression',
  'FilterExpression',
];

const present = (value: unknown) => value !== undefined && value !== null;

/**
 * Expression and legacy parameters may not be mixed, and substitutions need an expression
 * (DynamoDB checks this before anything else about the request's values).
 */
export function checkExpressionParameters(input: ExpressionInput, operation: string): void {
  const spec = OPERATIONS[operation];
  if (!spec) return;
  // KeyConditions without a KeyConditionExpression may accompany other expressions.
  const legacyMembers =
    present(input.KeyConditions) && !present(input.KeyConditionExpression)
      ? spec.legacy.filter((member) => member !== 'KeyConditions')
      : spec.legacy;
  const legacy = legacyMembers.filter((member) => present(input[member]));
  const expressions = spec.expressions.filter((member) => present(input[member]));
  if (legacy.length > 0 && expressions.length > 0) {
    throw validation(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expressions.join(', ')}}`,
    );
  }
  if (present(input.ExpressionAttributeNames) && expressions.length === 0) {
    throw validation('ExpressionAttributeNames can only be specified when using expressions');
  }
  const valued = spec.expressions.filter((member) => TAKES_VALUES.includes(member));
  if (
    valued.length > 0 &&
    present(input.ExpressionAttributeValues) &&
    !valued.some((member) => present(input[member]))
  ) {
    const names = valued.length === 1 ? `${valued[0]} is null` : `${valued.join(' and ')} are null`;
    throw validation(`ExpressionAttributeValues can only be specified when using expressions: ${names}`);
  }
}

function checkSubstitutionKeys(
  input: ExpressionInput,
  checkValue: (value: AttributeValue) => string | undefined,
): void {
  const maps = [
    ['ExpressionAttributeNames', input.ExpressionAttributeNames, '#'],
    ['ExpressionAttributeValues', input.ExpressionAttributeValues, ':'],
  ] as const;
  for (const [member, map, sigil] of maps) {
    if (!present(map)) continue;
    const keys = Object.keys(map!);
    if (keys.length === 0) throw validation(`${member} must not be empty`);
    const invalid = keys.find((key) => !new RegExp(`^${sigil}[A-Za-z0-9_]+$`).test(key));
    if (invalid !== undefined)
      throw validation(`${member} contains invalid key: Syntax error; key: "${invalid}"`);
  }
  for (const [key, value] of Object.entries(input.ExpressionAttributeValues ?? {})) {
    const problem = checkValue(value);
    if (problem)
      throw validation(`ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
  }
}

type Tree =
  | { member: ExpressionMember; kind: 'condition'; node: ConditionNode }
  | { member: ExpressionMember; kind: 'update'; node: UpdateNode }
  | { member: 'ProjectionExpression'; kind: 'projection'; node: PathNode[] };

function walkOf(tree: Tree): Walk {
  if (tree.kind === 'condition') return (visit) => visitCondition(tree.node, visit);
  if (tree.kind === 'update') return (visit) => visitUpdate(tree.node, visit);
  return (visit) => tree.node.forEach((path) => visit.path?.(path));
}

/** Runs `check` with the expression's name before any message DynamoDB gives it. */
function within<T>(member: ExpressionMember, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (
      error instanceof ExpressionError ||
      error instanceof ExpressionSyntaxError ||
      error instanceof RedundantParenthesesError
    ) {
      throw validation(`Invalid ${member}: ${error.message}`);
    }
    throw error;
  }
}

function parseTree(member: ExpressionMember, text: string): Tree {
  if (text === '') throw new ExpressionError('The expression can not be empty;');
  if (member === 'UpdateExpression') return { member, kind: 'update', node: parseUpdate(text) };
  if (member === 'ProjectionExpression') return { member, kind: 'projection', node: parseProjection(text) };
  return { member, kind: 'condition', node: parseCondition(text) };
}

/** Resolves a tree into `parsed`; a key condition is returned, to be converted once all are read. */
function resolveTree(tree: Tree, subs: Substitutions, parsed: ParsedExpressions): Condition | undefined {
  if (tree.kind === 'update') {
    checkSections(tree.node);
    // An update's names and values are all checked before its actions are.
    checkReferences(walkOf(tree), subs);
    parsed.update = resolveUpdate(tree.node, subs);
  } else if (tree.kind === 'projection') {
    const paths = tree.node.map((path) => resolvePath(path, subs));
    checkPaths(paths);
    parsed.projection = paths;
  } else {
    const condition = resolveCondition(tree.node, subs);
    if (tree.member === 'ConditionExpression') parsed.condition = condition;
    else if (tree.member === 'FilterExpression') parsed.filter = condition;
    else return condition;
  }
  return undefined;
}

function unused(member: string, map: Record<string, unknown> | undefined, used: Set<string>): void {
  if (!map) return;
  const keys = Object.keys(map).filter((key) => !used.has(key));
  if (keys.length > 0)
    throw validation(`Value provided in ${member} unused in expressions: keys: {${keys.join(', ')}}`);
}

function parseLegacy(input: ExpressionInput, parsed: ParsedExpressions): void {
  if (input.AttributeUpdates) parsed.update = attributeUpdates(input.AttributeUpdates);
  if (input.Expected) parsed.condition = expectedCondition(input.Expected, input.ConditionalOperator);
  const filter = input.QueryFilter ?? input.ScanFilter;
  if (filter) parsed.filter = filterCondition(filter, input.ConditionalOperator);
  if (input.AttributesToGet) parsed.projection = attributesToGet(input.AttributesToGet);
  if (input.KeyConditions) parsed.keyConditions = legacyKeyConditions(input.KeyConditions);
}

function legacyKeyConditions(conditions: Record<string, LegacyCondition>): Record<string, KeyCondition> {
  const names = Object.keys(conditions);
  const out: Record<string, KeyCondition> = {};
  for (const name of names) {
    const spec = conditions[name]!;
    const operator = spec.ComparisonOperator ?? 'EQ';
    const values = spec.AttributeValueList ?? [];
    comparison(name, operator, values);
    out[name] = { ComparisonOperator: operator, AttributeValueList: values };
  }
  if (names.length < 1 || names.length > 2) throw validation('Conditions can be of length 1 or 2 only');
  return out;
}

/**
 * Checks and parses a request's expressions (or legacy parameters); throws DynamoDB's errors.
 * `checkValue` is DynamoDB's check of an attribute value (the request validation's).
 */
export function parseExpressions(
  input: ExpressionInput,
  context: { operation: string; checkValue?: (value: AttributeValue) => string | undefined },
): ParsedExpressions {
  const spec = OPERATIONS[context.operation];
  const parsed: ParsedExpressions = {};
  if (!spec) return parsed;
  checkSubstitutionKeys(input, context.checkValue ?? (() => undefined));
  const members = CHECK_ORDER.filter((member) => spec.expressions.includes(member) && present(input[member]));
  if (members.length === 0) {
    parseLegacy(input, parsed);
    return parsed;
  }
  const subs: Substitutions = {
    names: input.ExpressionAttributeNames,
    values: input.ExpressionAttributeValues,
    usedNames: new Set(),
    usedValues: new Set(),
  };
  let keyCondition: Condition | undefined;
  // Each expression is checked completely, in order, before the next one is read.
  for (const member of members) {
    within(member, () => {
      const tree = parseTree(member, input[member]!);
      const functions = member === 'UpdateExpression' ? UPDATE_FUNCTIONS : CONDITION_FUNCTIONS;
      checkStructure(walkOf(tree), functions);
      keyCondition = resolveTree(tree, subs, parsed) ?? keyCondition;
    });
  }
  unused('ExpressionAttributeNames', input.ExpressionAttributeNames, subs.usedNames);
  unused('ExpressionAttributeValues', input.ExpressionAttributeValues, subs.usedValues);
  // A key condition's own rules come after every expression has been read.
  if (keyCondition) parsed.keyConditions = keyConditionsOf(keyCondition);
  else if (input.KeyConditions) parsed.keyConditions = legacyKeyConditions(input.KeyConditions);
  return parsed;
}
