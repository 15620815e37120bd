// Every error Step Functions answers with here, with AWS's codes and messages.
import { AwsError } from '../../core/aws-error.js';

export const machineNotFound = (arn: string) =>
  new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const machineExists = (arn: string) =>
  new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const executionNotFound = (arn: string) =>
  new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionExists = (arn: string) =>
  new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

/**
 * AWS names what is wrong: an ARN of Step Functions of another resource type than the operation
 * takes ("Resource type not valid in this context: execution"), or anything else by its prefix.
 */
export function invalidArn(arn: string): AwsError {
  const resourceType = /^arn:aws:states:[^:]*:[^:]*:([^:]+)/.exec(arn)?.[1];
  return new AwsError(
    'InvalidArn',
    resourceType === undefined
      ? `Invalid Arn: 'Invalid ARN prefix: ${arn}'`
      : `Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`,
  );
}

export const activityNotFound = (arn: string) =>
  new AwsError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);

export const invalidName = (name: string) => new AwsError('InvalidName', `Invalid Name: '${name}'`);

export const invalidDefinition = (problem: string) =>
  new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${problem}'`);

export const invalidInput = (problem: string) =>
  new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${problem}'`);

export const invalidToken = () => new AwsError('InvalidToken', 'Invalid Token');

/** StartSyncExecution on a Standard machine; ListExecutions and the like on an Express one. */
export const typeNotSupported = () =>
  new AwsError(
    'StateMachineTypeNotSupported',
    'This operation is not supported by this type of state machine',
  );

/** TagResource, UntagResource, ListTagsForResource on an ARN that names no resource (AWS's wording). */
export const resourceNotFound = (arn: string) =>
  new AwsError('ResourceNotFound', `Resource not found: '${arn}'`);

/** Step Functions quotas, "Maximum tags per resource". */
export const MAX_TAGS = 50;

// AWS documents the TooManyTags code and its resourceName member but not its message wording.

export const tooManyTags = (arn: string, count: number) =>
  new AwsError(
    'TooManyTags',
    `Too many tags: a resource can have at most ${MAX_TAGS} tags, '${arn}' would have ${count}`,
    { fields: { resourceName: arn } },
  );

export const missingRequiredParameter = (message: string) =>
  new AwsError('MissingRequiredParameter', message);

export const invalidLoggingConfiguration = (problem: string) =>
  new AwsError('InvalidLoggingConfiguration', `Invalid Logging Configuration: ${problem}`);

/** `reason` is the model's ValidationExceptionReason, where one applies. */
export const validationException = (message: string, fields?: { reason: string }) =>
  new AwsError('ValidationException', message, fields && { fields });

/** One member that breaks its modelled constraint, as coral names it ("tags.1.member.key"). */
export interface Violation {
  value: unknown;
  path: string;
  constraint: string;
  /** Coral names no value for some sensitive members ("Value at 'input' failed to…"). */
  unnamed?: boolean;
}

/** Coral's ValidationException for broken length, range and enum constraints, all at once. */
export function rejectViolations(violations: Violation[]): void {
  if (violations.length === 0) return;
  const each = violations.map(
    ({ value, path, constraint, unnamed }) =>
      `Value ${unnamed ? '' : value === null ? 'null ' : `'${String(value)}' `}at '${path}' failed to satisfy constraint: ${constraint}`,
  );
  const count = violations.length;
  throw validationException(
    `${count} validation error${count === 1 ? '' : 's'} detected: ${each.join('; ')}`,
  );
}

// Versions and aliases. The messages are those AWS answers (recorded responses), save where noted.

/** HTTP 409 (AWS API reference, ConflictException). */
export const conflict = (message: string) => new AwsError('ConflictException', message, { status: 409 });

/** HTTP 402 (AWS API reference, ServiceQuotaExceededException); AWS documents no wording. */
export const quotaExceeded = (message: string) =>
  new AwsError('ServiceQuotaExceededException', message, { status: 402 });

/** An alias, or a version an alias would route to, that is not there. */
export const referenceNotFound = (arn: string) =>
  new AwsError('ResourceNotFound', 'Request references a resource that does not exist.', {
    fields: { resourceName: arn },
  });

/** Coral names a sensitive member's value so in its ValidationException. */
export const SENSITIVE = '*** Sensitive Data Redacted ***';

/** A routingConfiguration that breaks the rules of aliases (ValidationExceptionReason). */
export const invalidRouting = (message: string) =>
  validationException(message, { reason: 'INVALID_ROUTING_CONFIGURATION' });

/** RedriveExecution of an execution that cannot be redriven; `reason` is its redriveStatusReason. */
export const executionNotRedrivable = (reason: string) => new AwsError('ExecutionNotRedrivable', reason);
