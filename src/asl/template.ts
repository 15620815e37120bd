// Payload templates (Parameters, ResultSelector, ItemSelector, Assign): a key ending in `.$` takes
// the value of its path or intrinsic function; every other value is copied as it stands.
import { FieldError, RUNTIME } from './errors.js';
import { evaluateIntrinsic, IntrinsicError, isIntrinsic } from './intrinsics.js';
import { PathNotFound, readPath, type Scope } from './paths.js';

export function resolveTemplate(template: unknown, scope: Scope): unknown {
  if (Array.isArray(template)) return template.map((value) => resolveTemplate(value, scope));
  if (typeof template !== 'object' || template === null) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluate(value, scope, key);
    else out[key] = resolveTemplate(value, scope);
  }
  return out;
}

/** A `.$` value: an intrinsic function call or a path. */
export function evaluate(expression: string, scope: Scope, field: string): unknown {
  if (!isIntrinsic(expression)) return readField(expression, scope, field);
  try {
    return evaluateIntrinsic(expression, (path) => intrinsicArgument(path, scope));
  } catch (error) {
    if (error instanceof IntrinsicError) throw new FieldError(error.error, error.cause);
    throw error;
  }
}

/** A path argument of an intrinsic function; AWS words its absence apart from a field's. */
function intrinsicArgument(path: string, scope: Scope): unknown {
  try {
    return readPath(path, scope);
  } catch (error) {
    if (!(error instanceof PathNotFound)) throw error;
    throw new IntrinsicError(
      RUNTIME,
      `The JsonPath argument for the field '${path}' could not be found in the input '${JSON.stringify(scope.input)}'`,
    );
  }
}

/** A path of a field, failing as AWS words it when the path names nothing. */
export function readField(path: string, scope: Scope, field: string): unknown {
  try {
    return readPath(path, scope);
  } catch (error) {
    if (!(error instanceof PathNotFound)) throw error;
    throw new FieldError(
      RUNTIME,
      `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.input)}'`,
    );
  }
}
