// Applying update actions to an item: every SET value is computed from the item as it was, then
// SET, REMOVE, ADD and DELETE are applied in that order (AWS docs, "Update expressions").
import type { AttributeValue, Item } from '../attribute-value.js';
import { validation } from '../errors.js';
import { addNumbers, NumberError, subtractNumbers } from '../numbers.js';
import { valuesEqual } from './compare.js';
import { operandValue } from './evaluate.js';
import { valueAt } from './paths.js';
import type { Operand, Path, UpdateAction } from './resolved.js';

const incorrectType = () => validation('An operand in the update expression has an incorrect data type');
/** AttributeUpdates' ADD and DELETE say this instead. */
const legacyMismatch = () => validation('Type mismatch for attribute to update');
const invalidPath = () =>
  validation('The document path provided in the update expression is invalid for update');
const missingAttribute = () =>
  validation('The provided expression refers to an attribute that does not exist in the item');

function arithmetic(
  op: '+' | '-',
  left: AttributeValue | undefined,
  right: AttributeValue | undefined,
): AttributeValue {
  if (!left || !right) throw missingAttribute();
  if (!('N' in left) || !('N' in right)) throw incorrectType();
  try {
    return { N: op === '+' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
  } catch (error) {
    if (error instanceof NumberError) throw validation(error.message);
    throw error;
  }
}

function setValue(operand: Operand, item: Item): AttributeValue {
  if (operand.kind === 'arith') {
    return arithmetic(operand.op, setValue(operand.left, item), setValue(operand.right, item));
  }
  if (operand.kind === 'call' && operand.name === 'if_not_exists') {
    return operandValue(operand.args[0]!, item) ?? setValue(operand.args[1]!, item);
  }
  if (operand.kind === 'call' && operand.name === 'list_append') {
    const [first, second] = operand.args.map((arg) => setValue(arg, item));
    if (!('L' in first!) || !('L' in second!)) throw incorrectType();
    return { L: [...first.L, ...second.L] };
  }
  const value = operandValue(operand, item);
  if (!value) throw missingAttribute();
  return value;
}

/** The container holding the last part of `path`, created as DynamoDB allows (never). */
function parentOf(
  item: Item,
  path: Path,
): { container: Record<string, AttributeValue> | AttributeValue[]; key: string | number } {
  if (path.length === 1) return { container: item, key: path[0]! };
  const parent = valueAt(item, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (typeof key === 'number' && parent && 'L' in parent) return { container: parent.L, key };
  if (typeof key === 'string' && parent && 'M' in parent) return { container: parent.M, key };
  throw invalidPath();
}

function put(item: Item, path: Path, value: AttributeValue): void {
  const { container, key } = parentOf(item, path);
  if (Array.isArray(container)) {
    // An index past the end appends (AWS docs: "SET ... list[10] on a list of 3 adds it at the end").
    if ((key as number) >= container.length) container.push(value);
    else container[key as number] = value;
  } else {
    container[key as string] = value;
  }
}

function remove(item: Item, path: Path): void {
  if (path.length > 1 && valueAt(item, path.slice(0, -1)) === undefined) throw invalidPath();
  const { container, key } = parentOf(item, path);
  if (Array.isArray(container)) {
    if ((key as number) < container.length) container.splice(key as number, 1);
  } else {
    delete container[key as string];
  }
}

function union(current: AttributeValue, added: AttributeValue, mismatch: () => Error): AttributeValue {
  for (const type of ['SS', 'NS', 'BS'] as const) {
    if (type in current && type in added) {
      const base = (current as Record<string, string[]>)[type]!;
      const extra = (added as Record<string, string[]>)[type]!.filter(
        (element) =>
          !base.some((existing) =>
            valuesEqual(
              { [type.slice(0, 1)]: existing } as AttributeValue,
              { [type.slice(0, 1)]: element } as AttributeValue,
            ),
          ),
      );
      return { [type]: [...base, ...extra] } as AttributeValue;
    }
  }
  throw mismatch();
}

function difference(
  current: AttributeValue,
  removed: AttributeValue,
  mismatch: () => Error,
): AttributeValue | undefined {
  for (const type of ['SS', 'NS', 'BS'] as const) {
    if (type in current && type in removed) {
      const scalar = type.slice(0, 1);
      const rest = (current as Record<string, string[]>)[type]!.filter(
        (element) =>
          !(removed as Record<string, string[]>)[type]!.some((gone) =>
            valuesEqual({ [scalar]: element } as AttributeValue, { [scalar]: gone } as AttributeValue),
          ),
      );
      // A set cannot be empty: deleting its last elements removes the attribute.
      return rest.length > 0 ? ({ [type]: rest } as AttributeValue) : undefined;
    }
  }
  throw mismatch();
}

function add(item: Item, path: Path, value: AttributeValue, mismatch: () => Error): void {
  const current = valueAt(item, path);
  if (!current) return put(item, path, value);
  if ('N' in current && 'N' in value) return put(item, path, arithmetic('+', current, value));
  // Legacy AttributeUpdates ADD appends to a list.
  if ('L' in current && 'L' in value) return put(item, path, { L: [...current.L, ...value.L] });
  if ('N' in current || 'N' in value) throw mismatch();
  put(item, path, union(current, value, mismatch));
}

function deleteElements(item: Item, path: Path, value: AttributeValue, mismatch: () => Error): void {
  parentOf(item, path);
  const current = valueAt(item, path);
  if (!current) return;
  const rest = difference(current, value, mismatch);
  if (rest) put(item, path, rest);
  else remove(item, path);
}

/**
 * Writes to elements of one list take effect in index order, whatever their order in the
 * expression (SET c[4] = …, c[2] = … on a 2-element list gives [.., c2, c4]); other actions keep
 * theirs. Each list's actions are applied together, where its first one appears.
 */
function inListOrder<T extends { path: Path }>(actions: T[]): T[] {
  const parentOf = (action: T) =>
    typeof action.path[action.path.length - 1] === 'number'
      ? JSON.stringify(action.path.slice(0, -1))
      : undefined;
  const groups = new Map<string, T[]>();
  for (const action of actions) {
    const parent = parentOf(action);
    if (parent !== undefined) groups.set(parent, [...(groups.get(parent) ?? []), action]);
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  for (const action of actions) {
    const parent = parentOf(action);
    if (parent === undefined) ordered.push(action);
    else if (!placed.has(parent)) {
      placed.add(parent);
      const group = groups.get(parent)!;
      ordered.push(
        ...group.sort(
          (a, b) => (a.path[a.path.length - 1] as number) - (b.path[b.path.length - 1] as number),
        ),
      );
    }
  }
  return ordered;
}

/** The item after the actions; `item` itself is left as it was. */
export function applyUpdate(actions: UpdateAction[], item: Item): Item {
  const original = item;
  const next = structuredClone(item);
  const values = actions.map((action) =>
    action.kind === 'set' ? setValue(action.value, original) : undefined,
  );
  // List elements are removed from the highest index down, so that earlier removals do not shift later ones.
  const removals = actions
    .filter((action) => action.kind === 'remove')
    .sort((a, b) => comparePathsForRemoval(a.path, b.path));
  const sets = actions.flatMap((action, i) =>
    action.kind === 'set' ? [{ path: action.path, value: values[i]! }] : [],
  );
  for (const action of inListOrder(sets)) put(next, action.path, action.value);
  for (const action of removals) remove(next, action.path);
  for (const action of inListOrder(actions.filter((a) => a.kind === 'add' || a.kind === 'delete'))) {
    if (action.kind !== 'add' && action.kind !== 'delete') continue;
    const mismatch = action.legacy ? legacyMismatch : incorrectType;
    if (action.kind === 'add') add(next, action.path, action.value, mismatch);
    else deleteElements(next, action.path, action.value, mismatch);
  }
  return next;
}

function comparePathsForRemoval(a: Path, b: Path): number {
  const last = (path: Path) => path[path.length - 1];
  const [x, y] = [last(a), last(b)];
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
}

/** Top-level attributes an update touches (UPDATED_OLD/UPDATED_NEW, key checks). */
export function updatedAttributeNames(actions: UpdateAction[]): string[] {
  const names: string[] = [];
  for (const action of actions) {
    const name = action.path[0] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
