// Semantic checks of a parsed expression, in the order DynamoDB reports them (as recorded by
// dynalite's suite), and substitution of expression attribute names and values.
import type { AttributeValue } from '../attribute-value.js';
import { typeOf } from '../attribute-value.js';
import { compareValues } from './compare.js';
import type { CallNode, ConditionNode, OperandNode, PathNode, UpdateNode } from './ast.js';
import { isReservedWord } from './reserved-words.js';
import { printPath, type Condition, type Operand, type Path, type UpdateAction } from './resolved.js';

/** A check failed: the message, to be prefixed with "Invalid <kind>Expression: ". */
export class ExpressionError extends Error {}

const fail = (message: string): never => {
  throw new ExpressionError(message);
};

export interface Substitutions {
  names: Record<string, string> | undefined;
  values: Record<string, AttributeValue> | undefined;
  usedNames: Set<string>;
  usedValues: Set<string>;
}

export const CONDITION_FUNCTIONS = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
]);
export const UPDATE_FUNCTIONS = new Set(['if_not_exists', 'list_append']);
const TYPE_NAMES = ['B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'N', 'NS', 'S', 'M'];

// Walking ------------------------------------------------------------------------------------

type Visit = {
  call?(node: CallNode, asCondition: boolean): void;
  path?(node: PathNode): void;
  value?(ref: string): void;
};

function visitOperand(node: OperandNode, visit: Visit): void {
  if (node.type === 'path') visit.path?.(node);
  else if (node.type === 'value') visit.value?.(node.ref);
  else if (node.type === 'arith') {
    visitOperand(node.left, visit);
    visitOperand(node.right, visit);
  } else {
    visit.call?.(node, false);
    for (const arg of node.args) visitOperand(arg, visit);
  }
}

export function visitCondition(node: ConditionNode, visit: Visit): void {
  switch (node.type) {
    case 'compare':
      visitOperand(node.left, visit);
      visitOperand(node.right, visit);
      return;
    case 'between':
      for (const operand of [node.subject, node.low, node.high]) visitOperand(operand, visit);
      return;
    case 'in':
      for (const operand of [node.subject, ...node.items]) visitOperand(operand, visit);
      return;
    case 'and':
    case 'or':
      visitCondition(node.left, visit);
      visitCondition(node.right, visit);
      return;
    case 'not':
      visitCondition(node.operand, visit);
      return;
    default:
      visit.call?.({ type: 'call', name: node.name, args: node.args }, true);
      for (const arg of node.args) visitOperand(arg, visit);
  }
}

export function visitUpdate(node: UpdateNode, visit: Visit): void {
  for (const action of node.set) {
    visit.path?.(action.path);
    visitOperand(action.value, visit);
  }
  for (const path of node.remove) visit.path?.(path);
  for (const action of [...node.add, ...node.delete]) {
    visit.path?.(action.path);
    visit.value?.(action.value.ref);
  }
}

export type Walk = (visit: Visit) => void;

// Checks shared by every expression, in DynamoDB's order -----------------------------------------

export function checkStructure(walk: Walk, functions: Set<string>): void {
  walk({
    call: (node) => void (functions.has(node.name) || fail(`Invalid function name; function: ${node.name}`)),
  });
  walk({
    call(node, asCondition) {
      const misused = node.name === 'size' ? asCondition : CONDITION_FUNCTIONS.has(node.name) && !asCondition;
      if (misused)
        fail(`The function is not allowed to be used this way in an expression; function: ${node.name}`);
    },
  });
  walk({
    path(node) {
      for (const part of node.parts) {
        if (part.kind === 'attribute' && !part.token.startsWith('#') && isReservedWord(part.token)) {
          fail(`Attribute name is a reserved keyword; reserved keyword: ${part.token}`);
        }
      }
    },
  });
}

export function checkReferences(walk: Walk, subs: Substitutions): void {
  walk({
    path(node) {
      for (const part of node.parts) {
        if (part.kind !== 'attribute' || !part.token.startsWith('#')) continue;
        if (subs.names?.[part.token] === undefined) {
          fail(
            `An expression attribute name used in the document path is not defined; attribute name: ${part.token}`,
          );
        }
        subs.usedNames.add(part.token);
      }
    },
    value(ref) {
      if (subs.values?.[ref] === undefined) {
        fail(`An expression attribute value used in expression is not defined; attribute value: ${ref}`);
      }
      subs.usedValues.add(ref);
    },
  });
}

// Substitution -------------------------------------------------------------------------------

function nameOf(token: string, subs: Substitutions): string {
  if (!token.startsWith('#')) return token;
  const name = subs.names?.[token];
  if (name === undefined) {
    fail(`An expression attribute name used in the document path is not defined; attribute name: ${token}`);
  }
  subs.usedNames.add(token);
  return name!;
}

function valueOf(ref: string, subs: Substitutions): AttributeValue {
  const value = subs.values?.[ref];
  if (value === undefined)
    fail(`An expression attribute value used in expression is not defined; attribute value: ${ref}`);
  subs.usedValues.add(ref);
  return value!;
}

/**
 * Substitution checks each name and value where it is read, so that, with the node checks made
 * after their operands, errors come in the order DynamoDB reports them.
 */
export function resolvePath(node: PathNode, subs: Substitutions): Path {
  return node.parts.map((part) => (part.kind === 'index' ? part.index : nameOf(part.token, subs)));
}

function samePath(a: Operand, b: Operand): boolean {
  return (
    a.kind === 'path' &&
    b.kind === 'path' &&
    a.path.length === b.path.length &&
    a.path.every((part, i) => part === b.path[i])
  );
}

/** The type an operand is known to have before any item is seen, if any. */
function staticType(operand: Operand): string | undefined {
  if (operand.kind === 'value') return typeOf(operand.value);
  if (operand.kind === 'arith') return 'N';
  if (operand.kind === 'call' && operand.name === 'size') return 'N';
  if (operand.kind === 'call' && operand.name === 'list_append') return 'L';
  return undefined;
}

function wrongType(name: string, operand: Operand, allowed: string[]): void {
  const type = staticType(operand);
  if (type !== undefined && !allowed.includes(type)) {
    fail(
      `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`,
    );
  }
}

const FUNCTION_ARITY: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
};

function checkCall(name: string, args: Operand[]): void {
  if (args.length !== FUNCTION_ARITY[name]) {
    fail(
      `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
    );
  }
  const needsPath = ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'if_not_exists'].includes(
    name,
  );
  if (needsPath && args[0]!.kind !== 'path')
    fail(`Operator or function requires a document path; operator or function: ${name}`);
  if (name === 'size') wrongType(name, args[0]!, ['S', 'B', 'SS', 'NS', 'BS', 'L', 'M']);
  if (name === 'begins_with') for (const arg of args) wrongType(name, arg, ['S', 'B']);
  if (name === 'list_append') for (const arg of args) wrongType(name, arg, ['L']);
  if (name === 'attribute_type') {
    const type = args[1]!;
    wrongType(name, type, ['S']);
    if (type.kind === 'value' && 'S' in type.value && !TYPE_NAMES.includes(type.value.S)) {
      fail(
        `Invalid attribute type name found; type: ${type.value.S}, valid types: {${TYPE_NAMES.join(',')}}`,
      );
    }
  }
  if (['attribute_type', 'begins_with', 'contains'].includes(name) && samePath(args[0]!, args[1]!)) {
    fail(
      `The first operand must be distinct from the remaining operands for this operator or function; operator: ${name}, first operand: ${printPath((args[0] as { path: Path }).path)}`,
    );
  }
  // attribute_type's type name must be given as a value, not read from the item.
  if (name === 'attribute_type' && args[1]!.kind === 'path') {
    fail(
      `Incorrect operand type for operator or function; operator or function: ${name}, operand type: PATH`,
    );
  }
}

export function resolveOperand(node: OperandNode, subs: Substitutions): Operand {
  switch (node.type) {
    case 'path':
      return { kind: 'path', path: resolvePath(node, subs) };
    case 'value':
      return { kind: 'value', value: valueOf(node.ref, subs) };
    case 'arith': {
      const left = resolveOperand(node.left, subs);
      const right = resolveOperand(node.right, subs);
      for (const operand of [left, right]) wrongType(node.op, operand, ['N']);
      return { kind: 'arith', op: node.op, left, right };
    }
    default: {
      const args = node.args.map((arg) => resolveOperand(arg, subs));
      checkCall(node.name, args);
      return { kind: 'call', name: node.name, args };
    }
  }
}

const printValue = (value: AttributeValue): string => {
  const type = typeOf(value);
  return `AttributeValue: {${type}:${String((value as Record<string, unknown>)[type])}}`;
};

function checkBetween(low: Operand, high: Operand): void {
  if (low.kind !== 'value' || high.kind !== 'value') return;
  const bounds = `lower bound operand: ${printValue(low.value)}, upper bound operand: ${printValue(high.value)}`;
  if (typeOf(low.value) !== typeOf(high.value)) {
    fail(`The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
  }
  if (compareValues(low.value, high.value) > 0) {
    fail(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
  }
}

export function resolveCondition(node: ConditionNode, subs: Substitutions): Condition {
  switch (node.type) {
    case 'compare': {
      const left = resolveOperand(node.left, subs);
      const right = resolveOperand(node.right, subs);
      if (samePath(left, right)) {
        fail(
          `The first operand must be distinct from the remaining operands for this operator or function; operator: ${node.op}, first operand: ${printPath((left as { path: Path }).path)}`,
        );
      }
      return { kind: 'compare', op: node.op, left, right };
    }
    case 'between': {
      const subject = resolveOperand(node.subject, subs);
      const low = resolveOperand(node.low, subs);
      const high = resolveOperand(node.high, subs);
      checkBetween(low, high);
      return { kind: 'between', subject, low, high };
    }
    case 'in':
      return {
        kind: 'in',
        subject: resolveOperand(node.subject, subs),
        items: node.items.map((item) => resolveOperand(item, subs)),
      };
    case 'and':
    case 'or':
      return {
        kind: node.type,
        left: resolveCondition(node.left, subs),
        right: resolveCondition(node.right, subs),
      };
    case 'not':
      return { kind: 'not', operand: resolveCondition(node.operand, subs) };
    default: {
      const args = node.args.map((arg) => resolveOperand(arg, subs));
      checkCall(node.name, args);
      return { kind: 'function', name: node.name, args };
    }
  }
}

// Updates ------------------------------------------------------------------------------------

const TYPE_WORDS: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

export function checkSections(node: UpdateNode): void {
  const seen = new Set<string>();
  for (const section of node.sections) {
    if (seen.has(section)) fail(`The "${section}" section can only be used once in an update expression;`);
    seen.add(section);
  }
}

function checkSetOperand(operator: 'ADD' | 'DELETE', value: AttributeValue): void {
  const type = typeOf(value);
  const allowed = operator === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
  if (!allowed.includes(type)) {
    fail(
      `Incorrect operand type for operator or function; operator: ${operator}, operand type: ${TYPE_WORDS[type]}`,
    );
  }
}

type PathRelation = 'overlap' | 'conflict' | undefined;

function relation(a: Path, b: Path): PathRelation {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i += 1) {
    if (a[i] === b[i]) continue;
    return typeof a[i] !== typeof b[i] ? 'conflict' : undefined;
  }
  return 'overlap';
}

/** Every pair of paths must be disjoint: first any overlap is reported, then any conflict. */
export function checkPaths(paths: Path[]): void {
  for (const kind of ['overlap', 'conflict'] as const) {
    for (let i = 0; i < paths.length; i += 1) {
      for (let j = i + 1; j < paths.length; j += 1) {
        if (relation(paths[i]!, paths[j]!) !== kind) continue;
        const verb = kind === 'overlap' ? 'overlap' : 'conflict';
        fail(
          `Two document paths ${verb} with each other; must remove or rewrite one of these paths; path one: ${printPath(paths[i]!)}, path two: ${printPath(paths[j]!)}`,
        );
      }
    }
  }
}

/** Update actions in the order DynamoDB applies them: SET, REMOVE, ADD, DELETE. */
export function resolveUpdate(node: UpdateNode, subs: Substitutions): UpdateAction[] {
  for (const action of node.add) checkSetOperand('ADD', valueOf(action.value.ref, subs));
  for (const action of node.delete) checkSetOperand('DELETE', valueOf(action.value.ref, subs));
  checkPaths(node.targets.map((path) => resolvePath(path, subs)));
  const actions: UpdateAction[] = [];
  for (const action of node.set) {
    actions.push({
      kind: 'set',
      path: resolvePath(action.path, subs),
      value: resolveOperand(action.value, subs),
    });
  }
  for (const path of node.remove) actions.push({ kind: 'remove', path: resolvePath(path, subs) });
  for (const action of node.add) {
    actions.push({
      kind: 'add',
      path: resolvePath(action.path, subs),
      value: subs.values![action.value.ref]!,
    });
  }
  for (const action of node.delete) {
    actions.push({
      kind: 'delete',
      path: resolvePath(action.path, subs),
      value: subs.values![action.value.ref]!,
    });
  }
  return actions;
}
