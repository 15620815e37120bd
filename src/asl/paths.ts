// JSONPath as the States Language uses it: `$` is the state's input, `$$` the context object, and
// `$name` a variable. A definite path (no wildcard, filter, slice, union or descent) names one value
// and fails when there is none; any other path answers the array of what it matches (AWS docs,
// "Reference paths" and "Paths in Amazon States Language").
import { JSONPath } from 'jsonpath-plus';

export class PathNotFound extends Error {
  constructor(readonly path: string) {
    super(`no value at ${path}`);
  }
}

export interface Scope {
  input: unknown;
  context: unknown;
  variables: Record<string, unknown>;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;
const INDEFINITE = /\*|\.\.|\?\(|,|\[-?\d*:/;

export function readPath(path: string, scope: Scope): unknown {
  const { target, rest } = rootOf(path, scope);
  if (rest === '$') return target;
  const matches = JSONPath({ path: rest, json: target as object, wrap: true }) as unknown[];
  if (INDEFINITE.test(rest)) return matches;
  if (matches.length === 0) throw new PathNotFound(path);
  return matches[0];
}

function rootOf(path: string, scope: Scope): { target: unknown; rest: string } {
  if (path.startsWith('$$')) return { target: scope.context, rest: `$${path.slice(2)}` };
  const variable = VARIABLE.exec(path);
  if (variable) {
    const name = variable[1]!;
    if (!(name in scope.variables)) throw new PathNotFound(path);
    return { target: scope.variables[name], rest: `$${path.slice(variable[0].length)}` };
  }
  if (!path.startsWith('$')) throw new PathNotFound(path);
  return { target: scope.input, rest: path };
}

/** Reference paths parsed lately: a definition's few paths are parsed once, not at every state. */
const parsedSteps = new Map<string, (string | number)[]>();
const STEPS_KEPT = 1000;

/** The steps of a reference path (`$.a['b'][0]`), for ResultPath. */
export function referenceSteps(path: string): (string | number)[] {
  let steps = parsedSteps.get(path);
  if (steps) return steps;
  steps = parseSteps(path);
  if (parsedSteps.size === STEPS_KEPT) parsedSteps.clear();
  parsedSteps.set(path, steps);
  return steps;
}

function parseSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const step = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const match = step.exec(path);
    if (!match) throw new PathNotFound(path);
    steps.push(match[4] !== undefined ? Number(match[4]) : (match[1] ?? match[2] ?? match[3])!);
  }
  return steps;
}

/** `$.a.b` as AWS prints it in errors: `$['a']['b']`. */
export function bracketed(path: string): string {
  return `$${referenceSteps(path)
    .map((step) => (typeof step === 'number' ? `[${step}]` : `['${step}']`))
    .join('')}`;
}

/**
 * ResultPath: `result` placed into a copy of `input` at `path` (objects made on the way); `$`
 * replaces the input, null discards the result.
 */
export function placeResult(input: unknown, path: string | null | undefined, result: unknown): unknown {
  if (path === null) return input;
  if (path === undefined || path === '$') return result;
  const steps = referenceSteps(path);
  if (typeof input !== 'object' || input === null) throw new PathNotFound(path);
  // Values are never changed in place: only the objects on the path are copied, the rest is shared.
  const root = shallowCopy(input);
  let at = root;
  steps.forEach((step, index) => {
    if (index === steps.length - 1) {
      at[step] = result;
      return;
    }
    const next = at[step];
    at[step] = typeof next === 'object' && next !== null ? shallowCopy(next) : {};
    at = at[step] as Record<string | number, unknown>;
  });
  return root;
}

const shallowCopy = (value: object) =>
  (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) as Record<string | number, unknown>;
