// Every error the Lambda control plane answers with, with Lambda's codes, messages and statuses.
import { AwsError } from '../../core/aws-error.js';

export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, { status: 400 });
}

/** Lambda's request validation: "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: …". */
export function validationError(value: unknown, field: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}

export function functionNotFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, { status: 404 });
}

export function functionExists(name: string): AwsError {
  return new AwsError('ResourceConflictException', `Function already exist: ${name}`, { status: 409 });
}

export function revisionMismatch(): AwsError {
  return new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    { status: 412 },
  );
}

/** Lambda measures a direct upload by its base64 request size: 69905067 bytes is 50 MB of zip. */
export function requestTooLarge(operation: string): AwsError {
  return new AwsError(
    'RequestEntityTooLargeException',
    `Request must be smaller than 69905067 bytes for the ${operation} operation`,
    { status: 413 },
  );
}

export function aliasNotFound(aliasArn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Cannot find alias arn: ${aliasArn}`, { status: 404 });
}

export function aliasExists(aliasArn: string): AwsError {
  return new AwsError('ResourceConflictException', `Alias already exists: ${aliasArn}`, { status: 409 });
}

/** DeleteFunction of a version that an alias points at (or routes to). */
export function versionInUse(aliases: string[]): AwsError {
  return new AwsError(
    'ResourceConflictException',
    `Unable to delete version because the following aliases reference it: [${aliases.join(', ')}]`,
    { status: 409 },
  );
}

/** The message Lambda gives for a missing URL config, policy or function in those APIs. */
export function resourceNotFound(message = 'The resource you requested does not exist.'): AwsError {
  return new AwsError('ResourceNotFoundException', message, { status: 404 });
}

export function resourceConflict(message: string): AwsError {
  return new AwsError('ResourceConflictException', message, { status: 409 });
}
export function mappingNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', {
    status: 404,
  });
}

/** Lambda quotes both ARNs with spaces inside the quotes. */
export function mappingExists(eventSourceArn: string, functionName: string, uuid: string): AwsError {
  return new AwsError(
    'ResourceConflictException',
    `An event source mapping with SQS arn (" ${eventSourceArn} ") and function (" ${functionName} ") already exists. ` +
      `Please update or delete the existing mapping with UUID ${uuid}`,
    { status: 409 },
  );
}

export interface ValidationFailure {
  value: unknown;
  field: string;
  constraint: string;
}

/** Lambda reports every failed member of a request in one message: "2 validation errors detected: …; …". */
export function validationErrors(failures: ValidationFailure[]): AwsError {
  const count = `${failures.length} validation error${failures.length === 1 ? '' : 's'} detected`;
  const details = failures.map(
    (failure) =>
      `Value '${String(failure.value)}' at '${failure.field}' failed to satisfy constraint: ${failure.constraint}`,
  );
  return new AwsError('ValidationException', `${count}: ${details.join('; ')}`, { status: 400 });
}

/** GetLayerVersion and GetLayerVersionByArn of a version that does not exist (or was deleted). */
export function layerNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', {
    status: 404,
  });
}

/** The layer version policy operations name the version they could not find. */
export function layerVersionNotFound(layerVersionArn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Layer version ${layerVersionArn} does not exist.`, {
    status: 404,
  });
}

export function layerPolicyRevisionMismatch(): AwsError {
  return new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    { status: 412 },
  );
}

/** IAM's answer when a caller acts on another account's resource that no resource policy opens to it. */
export function accessDenied(accountId: string, action: string, resource: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: arn:aws:iam::${accountId}:root is not authorized to perform: lambda:${action} on resource: ${resource} ` +
      `because no resource-based policy allows the lambda:${action} action`,
    { status: 403 },
  );
}
