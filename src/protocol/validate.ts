// Finds `required` members missing from a decoded input, recursively (nested structures, list
// members, map values). Each protocol turns the paths into its own error and wording.
import type { Shape } from './model.js';
import { isPlainObject, lowerFirst, ownEntries } from './values.js';

export type PathSegment =
  | { kind: 'member'; name: string; shape: Shape }
  | { kind: 'index'; position: number; collection: Shape }
  | { kind: 'key'; key: string; position: number; collection: Shape };

/** More than this many missing members are not worth listing (coral stops early too). */
const MAX_REPORTED = 10;

export function findMissing(shape: Shape | undefined, value: unknown): PathSegment[][] {
  const missing: PathSegment[][] = [];
  if (shape) visit(shape, value, [], missing);
  return missing;
}

function visit(shape: Shape, value: unknown, path: PathSegment[], missing: PathSegment[][]): void {
  if (missing.length >= MAX_REPORTED || value === undefined || value === null) return;
  if (shape.type === 'structure' && isPlainObject(value)) {
    for (const [name, member] of shape.members) {
      const here = [...path, { kind: 'member' as const, name, shape: member }];
      const memberValue = value[name];
      if (shape.required.includes(name) && (memberValue === undefined || memberValue === null)) {
        if (missing.length < MAX_REPORTED) missing.push(here);
      } else {
        visit(member, memberValue, here, missing);
      }
    }
  } else if (shape.type === 'list' && Array.isArray(value)) {
    value.forEach((item, i) => {
      visit(shape.member, item, [...path, { kind: 'index', position: i + 1, collection: shape }], missing);
    });
  } else if (shape.type === 'map' && isPlainObject(value)) {
    ownEntries(value).forEach(([key, item], i) => {
      visit(shape.value, item, [...path, { kind: 'key', key, position: i + 1, collection: shape }], missing);
    });
  }
}

/** Coral's path: lowerCamelCase members, `.N.member.` for list items, `.key.member.` for map values. */
export function coralPath(path: PathSegment[]): string {
  return path
    .map((segment) => {
      if (segment.kind === 'member') return lowerFirst(segment.name);
      if (segment.kind === 'index') return `${segment.position}.member`;
      return `${segment.key}.member`;
    })
    .join('.');
}

/** The path with member names as modeled (`Entries.1.Id`), for services that name members verbatim. */
export function memberPath(path: PathSegment[]): string {
  return path
    .map((segment) => {
      if (segment.kind === 'member') return segment.name;
      return segment.kind === 'index' ? String(segment.position) : segment.key;
    })
    .join('.');
}
