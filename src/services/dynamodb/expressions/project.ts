// ProjectionExpression and AttributesToGet: the item with only the named paths, nested
// structure kept, list elements picked in index order.
import type { AttributeValue, Item } from '../attribute-value.js';
import type { Path } from './resolved.js';

function copyPath(
  source: AttributeValue,
  path: Path,
  depth: number,
  target: AttributeValue | undefined,
): AttributeValue | undefined {
  if (depth === path.length) return source;
  const part = path[depth]!;
  if (typeof part === 'number') {
    if (!('L' in source) || part >= source.L.length) return target;
    const list = target && 'L' in target ? target : { L: [] as AttributeValue[] };
    const picked = copyPath(
      source.L[part]!,
      path,
      depth + 1,
      (list as { indexes?: Map<number, AttributeValue> }).indexes?.get(part),
    );
    if (picked) setPicked(list as ListUnderConstruction, part, picked);
    return list;
  }
  if (!('M' in source) || source.M[part] === undefined) return target;
  const map = target && 'M' in target ? target : { M: {} as Record<string, AttributeValue> };
  const picked = copyPath(source.M[part]!, path, depth + 1, map.M[part]);
  if (picked) map.M[part] = picked;
  return map;
}

/** A projected list remembers which source index each element came from, to keep index order. */
type ListUnderConstruction = { L: AttributeValue[]; indexes?: Map<number, AttributeValue> };

function setPicked(list: ListUnderConstruction, index: number, value: AttributeValue): void {
  list.indexes ??= new Map();
  list.indexes.set(index, value);
  list.L = [...list.indexes.entries()].sort(([a], [b]) => a - b).map(([, element]) => element);
}

function strip(value: AttributeValue): AttributeValue {
  if ('L' in value) return { L: value.L.map(strip) };
  if ('M' in value) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, strip(v)])) };
  return value;
}

export function project(paths: Path[], item: Item): Item {
  const out: Item = {};
  for (const path of paths) {
    const name = path[0] as string;
    const source = item[name];
    if (!source) continue;
    const picked = copyPath(source, path, 1, out[name]);
    if (picked) out[name] = picked;
  }
  for (const name in out) out[name] = strip(out[name]!);
  return out;
}
