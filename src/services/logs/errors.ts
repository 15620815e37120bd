// Every error CloudWatch Logs answers with here, with AWS's codes and messages.
import { AwsError } from '../../core/aws-error.js';

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** AWS's wording for a member that breaks its model constraint. */
export function validationError(value: unknown, member: string, constraint: string): AwsError {
  return invalidParameter(
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function streamNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

export function groupExists(): AwsError {
  return new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
}

export function streamExists(): AwsError {
  return new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
}

export function invalidToken(): AwsError {
  return invalidParameter('The specified nextToken is invalid.');
}

export function invalidFilterPattern(): AwsError {
  return invalidParameter('Invalid filter pattern');
}
