import { AwsError } from '../../core/aws-error.js';

/**
 * STS answers constraint violations with `ValidationError` and AWS's coral-style message, naming
 * the member in camelCase ("Value 'x' at 'roleSessionName' failed to satisfy constraint: …").
 */
function violation(value: unknown, member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkLength(value: string | undefined, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (value.length < min)
    throw violation(value, member, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw violation(value, member, `Member must have length less than or equal to ${max}`);
}

export function checkRange(value: number | undefined, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (value < min) throw violation(value, member, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw violation(value, member, `Member must have value less than or equal to ${max}`);
}

export function checkPattern(
  value: string | undefined,
  member: string,
  pattern: RegExp,
  shown: string,
): void {
  if (value === undefined || pattern.test(value)) return;
  throw violation(value, member, `Member must satisfy regular expression pattern: ${shown}`);
}

/** `[\w+=,.@-]*`: the characters AWS allows in session names. */
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;
