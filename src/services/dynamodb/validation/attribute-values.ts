// DynamoDB's checks of an attribute value beyond its JSON types: exactly one type, valid and
// normalisable numbers, NULL true, non-empty sets without duplicates, and nested values alike.
import { NumberError, normalizeNumber } from '../numbers.js';

const INVALID = 'One or more parameter values were invalid:';
const MAX_DEPTH = 32;

function numberProblem(text: string): string | undefined {
  try {
    normalizeNumber(text);
    return undefined;
  } catch (error) {
    if (error instanceof NumberError) return error.message;
    throw error;
  }
}

const renderList = (elements: string[]) => `[${elements.join(', ')}]`;

function duplicate(elements: string[]): boolean {
  return new Set(elements).size !== elements.length;
}

function numbersDuplicate(elements: string[]): boolean {
  const seen = new Set<string>();
  for (const element of elements) {
    const normal = normalizeNumber(element);
    if (seen.has(normal)) return true;
    seen.add(normal);
  }
  return false;
}

function typeProblem(type: string, value: unknown, depth: number): string | undefined {
  switch (type) {
    case 'N':
      return numberProblem(value as string);
    case 'NULL':
      return value ? undefined : `${INVALID} Null attribute value types must have the value of true`;
    case 'SS': {
      const set = value as string[];
      if (set.length === 0) return `${INVALID} An string set  may not be empty`;
      if (duplicate(set)) return `${INVALID} Input collection ${renderList(set)} contains duplicates.`;
      return undefined;
    }
    case 'NS': {
      const set = value as string[];
      if (set.length === 0) return `${INVALID} An number set  may not be empty`;
      for (const element of set) {
        const problem = numberProblem(element);
        if (problem) return problem;
      }
      return numbersDuplicate(set) ? 'Input collection contains duplicates' : undefined;
    }
    case 'BS': {
      const set = value as string[];
      if (set.length === 0) return `${INVALID} Binary sets should not be empty`;
      if (duplicate(set))
        return `${INVALID} Input collection ${renderList(set)}of type BS contains duplicates.`;
      return undefined;
    }
    case 'M':
      return Object.values(value as Record<string, unknown>).reduce<string | undefined>(
        (problem, member) => problem ?? attributeValueProblem(member, depth + 1),
        undefined,
      );
    case 'L':
      return (value as unknown[]).reduce<string | undefined>(
        (problem, member) => problem ?? attributeValueProblem(member, depth + 1),
        undefined,
      );
    default:
      return undefined;
  }
}

/** DynamoDB's message for an unusable attribute value, or undefined. */
export function attributeValueProblem(value: unknown, depth = 1): string | undefined {
  if (depth > MAX_DEPTH) return 'Nesting Levels have exceeded supported limits';
  const types = Object.keys(value as object);
  if (types.length === 0)
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  for (const type of types) {
    const problem = typeProblem(type, (value as Record<string, unknown>)[type], depth);
    if (problem) return problem;
  }
  if (types.length > 1) {
    return 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
  }
  return undefined;
}

/** The first problem among an item's (or key's) attribute values. */
export function itemProblem(item: Record<string, unknown> | undefined): string | undefined {
  for (const value of Object.values(item ?? {})) {
    const problem = attributeValueProblem(value);
    if (problem) return problem;
  }
  return undefined;
}
