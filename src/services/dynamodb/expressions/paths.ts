// Reading a document path of an item.
import type { AttributeValue, Item } from '../attribute-value.js';
import type { Path } from './resolved.js';

export function valueAt(item: Item | undefined, path: Path): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && current; i += 1) {
    const part = path[i]!;
    if (typeof part === 'number') current = 'L' in current ? current.L[part] : undefined;
    else current = 'M' in current ? current.M[part] : undefined;
  }
  return current;
}
