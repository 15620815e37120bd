// Request checks with AWS's constraint messages ("1 validation error detected: …").
import {
  LOG_GROUP_NAME,
  LOG_GROUP_NAME_PATTERN,
  LOG_STREAM_NAME,
  LOG_STREAM_NAME_PATTERN,
  MAX_NAME_LENGTH,
} from './constants.js';
import { validationError } from './errors.js';

function checkName(value: string, member: string, pattern: RegExp, patternText: string): void {
  if (value.length < 1)
    throw validationError(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > MAX_NAME_LENGTH) {
    throw validationError(value, member, `Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  if (!pattern.test(value)) {
    throw validationError(value, member, `Member must satisfy regular expression pattern: ${patternText}`);
  }
}

export function checkGroupName(name: string, member = 'logGroupName'): void {
  checkName(name, member, LOG_GROUP_NAME, LOG_GROUP_NAME_PATTERN);
}

export function checkStreamName(name: string, member = 'logStreamName'): void {
  checkName(name, member, LOG_STREAM_NAME, LOG_STREAM_NAME_PATTERN);
}

/** An integer limit within [1, max]; `fallback` when absent. */
export function checkLimit(limit: number | undefined, max: number, fallback = max): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) {
    throw validationError(limit, 'limit', 'Member must have value greater than or equal to 1');
  }
  if (limit > max)
    throw validationError(limit, 'limit', `Member must have value less than or equal to ${max}`);
  return limit;
}
