import { AwsError } from '../../core/aws-error.js';

/**
 * STS answers constraint violations with `ValidationError` and AWS's coral-style message, naming
 * the member in camelCase ("Value 'x' at 'roleSessionName' failed to satisfy constraint: …").
 * Coral leaves the value out of the message for members the model marks sensitive (tokens,
 * assertions): "Value at 'webIdentityToken' failed to satisfy constraint: …".
 */
function violation(value: unknown, member: string, constraint: string, sensitive: boolean): AwsError {
  const shown = sensitive ? 'Value' : `Value '${String(value)}'`;
  return new AwsError(
    'ValidationError',
    `1 validation error detected: ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkLength(
  value: string | undefined,
  member: string,
  min: number,
  max: number,
  sensitive = false,
): void {
  if (value === undefined) return;
  if (value.length < min)
    throw violation(value, member, `Member must have length greater than or equal to ${min}`, sensitive);
  if (value.length > max)
    throw violation(value, member, `Member must have length less than or equal to ${max}`, sensitive);
}

export function checkRange(value: number | undefined, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (value < min)
    throw violation(value, member, `Member must have value greater than or equal to ${min}`, false);
  if (value > max)
    throw violation(value, member, `Member must have value less than or equal to ${max}`, false);
}

/** A list's item count; coral's rendering of a list value is not reproduced, so it is left out. */
export function checkMaxItems(items: unknown[] | undefined, member: string, max: number): void {
  if (items && items.length > max)
    throw violation(items, member, `Member must have length less than or equal to ${max}`, true);
}

export function checkPattern(
  value: string | undefined,
  member: string,
  pattern: RegExp,
  shown: string,
): void {
  if (value === undefined || pattern.test(value)) return;
  throw violation(value, member, `Member must satisfy regular expression pattern: ${shown}`, false);
}

/** `[\w+=,.@-]*`: the characters AWS allows in session and federated user names. */
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;
